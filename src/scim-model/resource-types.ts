/**
 * The resource types (RFC 7643 §6): each with its core schema and extensions, and how an
 * attribute path of one resolves in them.
 */
import type { AttributePath } from '../core/filter.js';
import { ENTERPRISE_USER_SCHEMA } from './enterprise-user.js';
import { GROUP_SCHEMA } from './group.js';
import type { AttributeDefinition, SchemaDefinition } from './types.js';
import { USER_SCHEMA } from './user.js';

export interface ResourceType {
  readonly id: 'User' | 'Group';
  readonly name: string;
  readonly endpoint: string;
  readonly description: string;
  readonly schema: SchemaDefinition;
  readonly extensions: readonly { readonly schema: SchemaDefinition; readonly required: boolean }[];
}

export const USER_RESOURCE: ResourceType = {
  id: 'User',
  name: 'User',
  endpoint: '/Users',
  description: 'User Account',
  schema: USER_SCHEMA,
  extensions: [{ schema: ENTERPRISE_USER_SCHEMA, required: false }],
};

export const GROUP_RESOURCE: ResourceType = {
  id: 'Group',
  name: 'Group',
  endpoint: '/Groups',
  description: 'Group',
  schema: GROUP_SCHEMA,
  extensions: [],
};

/** In /ResourceTypes order: Users first (the Microsoft collection reads Resources[0].endpoint). */
export const RESOURCE_TYPES: readonly ResourceType[] = [USER_RESOURCE, GROUP_RESOURCE];
export const SCHEMAS: readonly SchemaDefinition[] = [USER_SCHEMA, ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA];

/** RFC 7643 §3.1 common attributes, which no schema lists (lower-cased). */
export const COMMON_ATTRIBUTES = ['id', 'externalid', 'meta', 'schemas'] as const;
/** `meta`'s sub-attributes (RFC 7643 §3.1), lower-cased. */
export const META_SUBS = ['resourcetype', 'created', 'lastmodified', 'location', 'version'] as const;

export function findIn(attrs: readonly AttributeDefinition[] | undefined, lowerName: string): AttributeDefinition | undefined {
  return attrs?.find((a) => a.name.toLowerCase() === lowerName);
}

export function extensionFor(rt: ResourceType, lowerUrn: string): SchemaDefinition | undefined {
  return rt.extensions.find((e) => e.schema.id.toLowerCase() === lowerUrn)?.schema;
}

export type Resolution =
  | { readonly kind: 'common'; readonly name: 'id' | 'externalId' | 'meta' | 'schemas'; readonly sub?: string }
  | { readonly kind: 'attribute'; readonly schema: SchemaDefinition; readonly attribute: AttributeDefinition; readonly sub?: AttributeDefinition };

/**
 * Resolves an attribute path of this resource type: a common attribute, a core attribute, or an
 * extension attribute (with its URN, or without when the core schema has no attribute of that
 * name: Entra sends `manager`). Undefined when nothing matches.
 */
export function resolvePath(rt: ResourceType, path: AttributePath): Resolution | undefined {
  const core = rt.schema.id.toLowerCase();
  if (path.schema === undefined || path.schema === core) {
    if (path.name === 'id' || path.name === 'externalid' || path.name === 'schemas') {
      if (path.sub !== undefined) return undefined;
      return { kind: 'common', name: path.name === 'externalid' ? 'externalId' : (path.name as 'id' | 'schemas') };
    }
    if (path.name === 'meta') {
      if (path.sub !== undefined && !(META_SUBS as readonly string[]).includes(path.sub)) return undefined;
      return { kind: 'common', name: 'meta', ...(path.sub !== undefined ? { sub: path.sub } : {}) };
    }
    const a = findIn(rt.schema.attributes, path.name);
    if (a) return withSub(rt.schema, a, path.sub);
    if (path.schema !== undefined) return undefined;
  }
  const candidates = path.schema === undefined ? rt.extensions.map((e) => e.schema) : [extensionFor(rt, path.schema)].filter((x) => x !== undefined);
  for (const schema of candidates) {
    const a = findIn(schema.attributes, path.name);
    if (a) return withSub(schema, a, path.sub);
  }
  return undefined;
}

function withSub(schema: SchemaDefinition, attribute: AttributeDefinition, sub: string | undefined): Resolution | undefined {
  if (sub === undefined) return { kind: 'attribute', schema, attribute };
  const s = findIn(attribute.subAttributes, sub);
  return s ? { kind: 'attribute', schema, attribute, sub: s } : undefined;
}

/** `name.givenName` -> `{name: 'name', sub: 'givenname'}` lower-cased, as the filter parser gives it. */
export function pathOf(dotted: string): AttributePath {
  const [name = '', sub] = dotted.toLowerCase().split('.');
  return sub === undefined ? { name } : { name, sub };
}

/**
 * Every attribute and sub-attribute name of the schemas, plus the common ones (RFC 7643 §3.1), in
 * their canonical spelling. Entra writes `"Primary"`, `"Manager": {"Value": ...}`; a new attribute
 * lands under the RFC spelling when there is one.
 */
export function canonicalNames(): ReadonlyMap<string, string> {
  const out = new Map<string, string>();
  const add = (n: string) => {
    if (!out.has(n.toLowerCase())) out.set(n.toLowerCase(), n);
  };
  const walk = (attrs: readonly AttributeDefinition[]) => {
    for (const a of attrs) {
      add(a.name);
      walk(a.subAttributes ?? []);
    }
  };
  for (const s of SCHEMAS) walk(s.attributes);
  ['id', 'externalId', 'meta', 'schemas'].forEach(add);
  return out;
}

/**
 * Lower-cased names of the complex attributes whose `value` is a resource id (their `$ref` points
 * at a User or Group: `members`, `groups`, `manager`): ids differing in case are different resources.
 */
export function idReferenceAttributes(): ReadonlySet<string> {
  const out = new Set<string>();
  for (const s of SCHEMAS) {
    for (const a of s.attributes) {
      const ref = findIn(a.subAttributes, '$ref');
      if (ref?.referenceTypes?.some((t) => t === 'User' || t === 'Group') && findIn(a.subAttributes, 'value')) out.add(a.name.toLowerCase());
    }
  }
  return out;
}
