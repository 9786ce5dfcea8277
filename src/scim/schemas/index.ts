/**
 * The schema registry: each resource type with its core schema and extensions (RFC 7643 §6).
 * Validation, output shaping, discovery, the PATCH engine's ResourceSchemaInfo and the filter
 * allow-list all read it.
 */
import type { AttributePath } from '../../core/filter.js';
import type { ResourceSchemaInfo } from '../patch/index.js';
import { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_ID } from './enterprise-user.js';
import { GROUP_SCHEMA, GROUP_SCHEMA_ID } from './group.js';
import type { AttributeDefinition, SchemaDefinition } from './types.js';
import { USER_SCHEMA, USER_SCHEMA_ID } from './user.js';

export * from './types.js';
export { ENTERPRISE_USER_SCHEMA, ENTERPRISE_USER_SCHEMA_ID, GROUP_SCHEMA, GROUP_SCHEMA_ID, USER_SCHEMA, USER_SCHEMA_ID };

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

/** RFC 7643 §3.1 common attributes, which no schema lists. */
const META_SUBS = ['resourcetype', 'created', 'lastmodified', 'location', 'version'];

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
      if (path.sub !== undefined && !META_SUBS.includes(path.sub)) return undefined;
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

const lower = (names: Iterable<string>) => new Set([...names].map((n) => n.toLowerCase()));

/** What the PATCH engine needs to know about a resource type, from the same definitions. */
export function patchInfo(rt: ResourceType): ResourceSchemaInfo {
  const attrs = rt.schema.attributes;
  const extensionAttributes = new Map<string, string>();
  for (const e of rt.extensions) {
    for (const a of e.schema.attributes) if (!findIn(attrs, a.name.toLowerCase())) extensionAttributes.set(a.name.toLowerCase(), e.schema.id.toLowerCase());
  }
  return {
    coreSchema: rt.schema.id.toLowerCase(),
    multiValued: lower(attrs.filter((a) => a.multiValued).map((a) => a.name)),
    readOnly: lower(['id', ...attrs.filter((a) => a.mutability === 'readOnly').map((a) => a.name)]),
    booleans: lower(attrs.filter((a) => a.type === 'boolean').map((a) => a.name)),
    extensions: new Map(rt.extensions.map((e) => [e.schema.id.toLowerCase(), e.schema.id])),
    ...(rt.id === 'Group' ? { external: new Set(['members']) } : {}),
    ...(extensionAttributes.size > 0 ? { extensionAttributes } : {}),
  };
}

export const USER_PATCH = patchInfo(USER_RESOURCE);
export const GROUP_PATCH = patchInfo(GROUP_RESOURCE);
