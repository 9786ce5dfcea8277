import type { CoreContext } from './context.js';
import { recordAudit } from './audit.js';
import { getDirectory, lockDirectory } from './directories.js';
import { DomainError } from './errors.js';
import type { Tag } from './model.js';
import { decodeNextToken, encodeNextToken } from './paging.js';
import { checkTagCount, checkTags } from './tag-rules.js';
import { notFound as accessConfigurationNotFound } from './access/configurations.js';
import type { Provenance } from './provenance.js';

/**
 * TagResources / UntagResources / ListTagResources for CloudSSO users (`ResourceType=user`) and
 * access configurations (`ResourceType=accessconfiguration`, docs/decisions/0175). Tags are not
 * part of the SCIM model, so tagging a SCIM-synchronized user is allowed whatever the SCIM switch.
 */
export const TAGGABLE_RESOURCE_TYPES = ['user', 'accessconfiguration'] as const;
export type TaggableResourceType = (typeof TAGGABLE_RESOURCE_TYPES)[number];

const RESOURCE_NOUN: Record<TaggableResourceType, string> = { user: 'user', accessconfiguration: 'access configuration' };
/** The audit trail's resource type, as the resource's other writes record it. */
const AUDIT_TYPE: Record<TaggableResourceType, string> = { user: 'user', accessconfiguration: 'access-configuration' };

export interface TagResource {
  readonly resourceId: string;
  readonly resourceType: TaggableResourceType;
  readonly key: string;
  readonly value: string;
}

async function assertExist(ctx: CoreContext, directoryId: string, resourceType: TaggableResourceType, ids: readonly string[]): Promise<void> {
  if (resourceType === 'accessconfiguration') {
    for (const id of ids) {
      if (!(await ctx.store.access.getConfiguration(directoryId, id))) throw accessConfigurationNotFound(id);
    }
    return;
  }
  const found = new Set((await ctx.store.users.getMany(directoryId, ids)).map((u) => u.id));
  const missing = ids.find((id) => !found.has(id));
  if (missing !== undefined) throw new DomainError('UserNotFound', `The user ${missing} does not exist.`, { id: missing });
}

export async function tagResources(
  ctx: CoreContext,
  directoryId: string,
  resourceType: TaggableResourceType,
  resourceIds: readonly string[],
  tags: readonly Tag[],
  p: Provenance,
): Promise<void> {
  checkTags(tags, 'Tag');
  const ids = [...new Set(resourceIds)];
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    await assertExist({ ...ctx, store: tx }, directoryId, resourceType, ids);
    const existing = await tx.tags.forResources(directoryId, ids);
    for (const id of ids) checkTagCount((existing.get(id) ?? []).map((t) => t.key), tags, 'Tag', id, RESOURCE_NOUN[resourceType]);
    await tx.tags.set(directoryId, resourceType, ids, tags);
    for (const id of ids) await recordAudit(tx, ctx, p, { directoryId, action: 'TagResources', resourceType: AUDIT_TYPE[resourceType], resourceId: id });
  });
}

/** Removes the given keys, or every tag with `all`; removing keys a resource lacks is no error. */
export async function untagResources(
  ctx: CoreContext,
  directoryId: string,
  resourceType: TaggableResourceType,
  resourceIds: readonly string[],
  keys: readonly string[] | 'all',
  p: Provenance,
): Promise<void> {
  const ids = [...new Set(resourceIds)];
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    await assertExist({ ...ctx, store: tx }, directoryId, resourceType, ids);
    await tx.tags.remove(directoryId, ids, keys === 'all' ? undefined : keys);
    for (const id of ids) await recordAudit(tx, ctx, p, { directoryId, action: 'UntagResources', resourceType: AUDIT_TYPE[resourceType], resourceId: id });
  });
}

export interface TagQuery {
  readonly resourceType: TaggableResourceType;
  readonly resourceIds?: readonly string[];
  /** Tag rows whose key and value equal one of these. */
  readonly tags?: readonly Tag[];
}

export interface TagPage {
  readonly items: TagResource[];
  readonly nextToken?: string;
}

/**
 * Tag rows in (resource ID, key) order, keyset-paged like every management list: the NextToken
 * is the last row's (resource ID, key), MACed and bound to the query.
 */
export async function listTagResources(
  ctx: CoreContext,
  directoryId: string,
  q: TagQuery,
  page: { maxResults: number; nextToken?: string },
): Promise<TagPage> {
  await getDirectory(ctx, directoryId);
  const query = JSON.stringify(['ListTagResources', directoryId, q.resourceType, q.resourceIds ?? [], q.tags ?? []]);
  const after = page.nextToken ? cursorOf(decodeNextToken(ctx, query, page.nextToken)) : undefined;
  const rows = await ctx.store.tags.list(
    directoryId,
    q.resourceType,
    { ...(q.resourceIds ? { resourceIds: q.resourceIds } : {}), ...(q.tags ? { tags: q.tags } : {}) },
    { ...(after ? { after } : {}), limit: page.maxResults + 1 },
  );
  const items = rows.slice(0, page.maxResults).map((r) => ({ resourceId: r.resourceId, resourceType: q.resourceType, key: r.key, value: r.value }));
  const last = items[items.length - 1];
  return {
    items,
    ...(rows.length > page.maxResults && last ? { nextToken: encodeNextToken(ctx, query, JSON.stringify([last.resourceId, last.key])) } : {}),
  };
}

function cursorOf(after: string): { resourceId: string; key: string } {
  const parsed = JSON.parse(after) as unknown;
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string') {
    throw new DomainError('InvalidNextToken', 'The NextToken is not valid for this query.', { field: 'NextToken' });
  }
  return { resourceId: parsed[0], key: parsed[1] };
}
