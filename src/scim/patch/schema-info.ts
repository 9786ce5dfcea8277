/**
 * ResourceSchemaInfo (what the PATCH engine needs to know about a resource type), derived from the
 * attribute catalogue (src/scim-model/).
 */
import { findIn, GROUP_RESOURCE, USER_RESOURCE, type ResourceType } from '../../scim-model/index.js';
import type { ResourceSchemaInfo } from './types.js';

const lower = (names: Iterable<string>) => new Set([...names].map((n) => n.toLowerCase()));

export function patchInfo(rt: ResourceType): ResourceSchemaInfo {
  const attrs = rt.schema.attributes;
  // RFC 7643 §4.3 attributes are reachable without their URN where the core schema has no
  // attribute of that name (Entra tutorial Example 5: path "manager").
  const extensionAttributes = new Map<string, string>();
  for (const e of rt.extensions) {
    for (const a of e.schema.attributes) if (!findIn(attrs, a.name.toLowerCase())) extensionAttributes.set(a.name.toLowerCase(), e.schema.id.toLowerCase());
  }
  return {
    coreSchema: rt.schema.id.toLowerCase(),
    multiValued: lower(attrs.filter((a) => a.multiValued).map((a) => a.name)),
    // RFC 7643 §4.1: `groups` is readOnly ("changes ... are made via the Group resource").
    readOnly: lower(['id', ...attrs.filter((a) => a.mutability === 'readOnly').map((a) => a.name)]),
    booleans: lower(attrs.filter((a) => a.type === 'boolean').map((a) => a.name)),
    extensions: new Map(rt.extensions.map((e) => [e.schema.id.toLowerCase(), e.schema.id])),
    // Groups' `members` live in the membership table, not in the document.
    ...(rt.id === 'Group' ? { external: new Set(['members']) } : {}),
    ...(extensionAttributes.size > 0 ? { extensionAttributes } : {}),
  };
}

export const USER_PATCH_INFO: ResourceSchemaInfo = patchInfo(USER_RESOURCE);
export const GROUP_PATCH_INFO: ResourceSchemaInfo = patchInfo(GROUP_RESOURCE);
