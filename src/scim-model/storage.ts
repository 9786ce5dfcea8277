/**
 * Where this server keeps each attribute of the catalogue (docs/decisions/0010): a field of the
 * core model (a column of the user or group), a membership (the group_members table), or the
 * resource's SCIM document. The store builds its column map, its JSON map and its sort columns
 * from this; the SCIM edge builds its sortBy table from it. Nothing here names a table or column:
 * the store maps the core fields to them.
 */
import type { Group, User } from '../core/model.js';
import type { SortKey } from '../core/ports/directory-entities.js';
import { GROUP_RESOURCE, pathOf, resolvePath, USER_RESOURCE, type ResourceType } from './resource-types.js';
import type { AttributeDefinition, SchemaDefinition } from './types.js';

export interface FieldAttribute<F extends string> {
  /** The attribute path in its schema spelling: `userName`, `name.givenName`, `meta.created`. */
  readonly path: string;
  /** The core model field that holds it. */
  readonly field: F;
  /** `sortBy=<path>` sorts by it (RFC 7644 §3.4.2.3). */
  readonly sortKey?: SortKey;
}

export interface ResourceStorage<F extends string> {
  readonly resource: ResourceType;
  /** Attributes kept in fields of the core model (the order is the one error messages list). */
  readonly fields: readonly FieldAttribute<F>[];
  /** Multi-valued attributes that are memberships (group_members), not part of the document. */
  readonly memberships: readonly Membership[];
}

export interface Membership {
  readonly name: string;
  /** The sub-attributes a filter may name (the membership table holds ids and names, not `$ref`). */
  readonly filterable: readonly string[];
}

export type UserField = keyof Pick<User, 'id' | 'userName' | 'externalId' | 'displayName' | 'firstName' | 'lastName' | 'status' | 'createTime' | 'updateTime'>;
export type GroupField = keyof Pick<Group, 'id' | 'name' | 'externalId' | 'createTime' | 'updateTime'>;

export const USER_STORAGE: ResourceStorage<UserField> = checked({
  resource: USER_RESOURCE,
  fields: [
    { path: 'userName', field: 'userName', sortKey: 'userName' },
    { path: 'displayName', field: 'displayName', sortKey: 'displayName' },
    { path: 'externalId', field: 'externalId', sortKey: 'externalId' },
    { path: 'id', field: 'id', sortKey: 'id' },
    { path: 'meta.created', field: 'createTime', sortKey: 'created' },
    { path: 'meta.lastModified', field: 'updateTime', sortKey: 'lastModified' },
    { path: 'name.givenName', field: 'firstName' },
    { path: 'name.familyName', field: 'lastName' },
    { path: 'active', field: 'status' },
  ],
  memberships: [{ name: 'groups', filterable: ['value', 'display'] }],
});

export const GROUP_STORAGE: ResourceStorage<GroupField> = checked({
  resource: GROUP_RESOURCE,
  fields: [
    { path: 'displayName', field: 'name', sortKey: 'displayName' },
    { path: 'externalId', field: 'externalId', sortKey: 'externalId' },
    { path: 'id', field: 'id', sortKey: 'id' },
    { path: 'meta.created', field: 'createTime', sortKey: 'created' },
    { path: 'meta.lastModified', field: 'updateTime', sortKey: 'lastModified' },
  ],
  memberships: [{ name: 'members', filterable: ['value', 'type'] }],
});

/** Every path named here must be one of the resource type's attributes (checked when loaded). */
function checked<F extends string>(s: ResourceStorage<F>): ResourceStorage<F> {
  for (const p of [...s.fields.map((f) => f.path), ...s.memberships.flatMap((m) => [m.name, ...m.filterable.map((x) => `${m.name}.${x}`)])]) {
    if (!resolvePath(s.resource, pathOf(p))) throw new Error(`${s.resource.name} storage names "${p}", which its schemas lack.`);
  }
  return s;
}

/** Lower-cased path (`name.givenname`) -> the field that holds it. */
export function fieldsByPath<F extends string>(s: ResourceStorage<F>): ReadonlyMap<string, FieldAttribute<F>> {
  return new Map(s.fields.map((f) => [f.path.toLowerCase(), f]));
}

/** Lower-cased sortBy path -> its sort key, in the order of `fields`. */
export function sortKeysByPath(s: ResourceStorage<string>): ReadonlyMap<string, SortKey> {
  return new Map(s.fields.flatMap((f) => (f.sortKey ? [[f.path.toLowerCase(), f.sortKey] as const] : [])));
}

/** Sort key -> the field it sorts by. */
export function sortFields<F extends string>(s: ResourceStorage<F>): ReadonlyMap<SortKey, F> {
  return new Map(s.fields.flatMap((f) => (f.sortKey ? [[f.sortKey, f.field] as const] : [])));
}

/**
 * Whether the server filters on an attribute: not `returned: never` (`password`: a filter
 * would reveal what no read returns) and not binary (`x509Certificates`, no
 * comparison is defined on base64 text here).
 */
export function isFilterable(a: AttributeDefinition): boolean {
  if (a.returned === 'never' || a.type === 'binary') return false;
  return !(a.subAttributes ?? []).some((s) => s.type === 'binary');
}

/**
 * The attributes of `schema` (the core one or an extension) kept only in the resource's SCIM
 * document and filtered there: filterable, not a field of the model (`name` stays: only two of
 * its sub-attributes are fields), not a membership.
 */
export function documentAttributes(s: ResourceStorage<string>, schema: SchemaDefinition): readonly AttributeDefinition[] {
  const isCore = schema.id === s.resource.schema.id;
  const fields = fieldsByPath(s);
  return schema.attributes.filter(
    (a) => isFilterable(a) && !(isCore && (fields.has(a.name.toLowerCase()) || s.memberships.some((m) => m.name === a.name))),
  );
}

/**
 * Every path a filter may name on this resource type, lower-cased: the common attributes this
 * server keeps, then each filterable attribute of each schema and each of its sub-attributes
 * (of a membership, those the membership table can answer).
 * The store must compile every one of them (test/store/scim-catalogue.test.ts).
 */
export function filterablePaths(s: ResourceStorage<string>): readonly { readonly schema?: string; readonly path: string; readonly definition?: AttributeDefinition }[] {
  const rt = s.resource;
  const out: { schema?: string; path: string; definition?: AttributeDefinition }[] = [
    { path: 'id' },
    { path: 'externalid' },
    { path: 'meta.created' },
    { path: 'meta.lastmodified' },
  ];
  const walk = (schema: SchemaDefinition, urn?: string) => {
    for (const a of schema.attributes.filter(isFilterable)) {
      const at = urn !== undefined ? { schema: urn } : {};
      out.push({ ...at, path: a.name.toLowerCase(), definition: a });
      const membership = urn === undefined ? s.memberships.find((m) => m.name === a.name) : undefined;
      for (const sub of a.subAttributes ?? []) {
        if (membership && !membership.filterable.includes(sub.name)) continue;
        out.push({ ...at, path: `${a.name}.${sub.name}`.toLowerCase(), definition: sub });
      }
    }
  };
  walk(rt.schema);
  for (const e of rt.extensions) walk(e.schema, e.schema.id.toLowerCase());
  return out;
}

/** The storage description of a resource type. */
export const storageOf = (rt: ResourceType): ResourceStorage<string> => (rt.id === 'User' ? USER_STORAGE : GROUP_STORAGE);
