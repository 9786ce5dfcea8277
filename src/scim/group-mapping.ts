/**
 * SCIM Group <-> CloudSSO group: displayName -> GroupName, externalId kept on the group,
 * members -> memberships (never stored in the document). Attributes of the Group schema other
 * than these (none in RFC 7643 today) would round-trip through the group's `scim` document.
 */
import type { Group } from '../core/model.js';
import type { GroupChanges, MemberRef } from '../core/ports/directory-entities.js';
import type { ResourceInput } from './input.js';
import { GROUP_SCHEMA_ID } from './schemas/index.js';
import { etagOf } from './user-mapping.js';

type Doc = Record<string, unknown>;

function rest(doc: Doc): Doc | null {
  const { displayName: _d, ...others } = doc;
  return Object.keys(others).length > 0 ? others : null;
}

export function newGroupFields(input: ResourceInput) {
  return { name: input.doc['displayName'] as string, externalId: input.externalId, scim: rest(input.doc) };
}

/** Full replace; a SCIM write adopts a Manual group (docs/decisions/0011-scim-manual-user-conflict.md). */
export function groupChanges(input: ResourceInput): GroupChanges {
  return { name: input.doc['displayName'] as string, externalId: input.externalId, scim: rest(input.doc), provisionType: 'Synchronized' };
}

/** The representation without `members` (kept apart: they are streamed), with or without `meta`. */
export function groupResource(g: Group, baseUrl?: string): Doc {
  return {
    schemas: [GROUP_SCHEMA_ID],
    id: g.id,
    ...(g.externalId !== null ? { externalId: g.externalId } : {}),
    displayName: g.name,
    ...(g.scim ?? {}),
    ...(baseUrl !== undefined
      ? {
          meta: {
            resourceType: 'Group',
            created: new Date(g.createTime).toISOString(),
            lastModified: new Date(g.updateTime).toISOString(),
            location: `${baseUrl}/Groups/${g.id}`,
            version: etagOf(g.version),
          },
        }
      : {}),
  };
}

/** One `members` element (RFC 7643 §4.2); `display` is what the IdP sent, else the user's name. */
export function memberJson(m: MemberRef, baseUrl: string, fields: ReadonlySet<string> | undefined): Doc {
  const all: Doc = { value: m.userId, $ref: `${baseUrl}/Users/${m.userId}`, display: m.display ?? m.displayName ?? m.userName, type: 'User' };
  if (!fields) return all;
  return Object.fromEntries(Object.entries(all).filter(([k]) => fields.has(k.toLowerCase())));
}
