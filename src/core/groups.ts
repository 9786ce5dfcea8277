import { kickTasks } from './tasks.js';
import { groupDeleted, groupMembersChanged } from './user-provisioning/provisionings.js';
import type { CoreContext } from './context.js';
import { getDirectory, lockDirectory } from './directories.js';
import { DomainError } from './errors.js';
import type { Filter } from './filter.js';
import { newId } from './ids.js';
import type { Group, ProvisionType, User } from './model.js';
import { keysetPage, type Page, type PageRequest } from './paging.js';
import { MEMBER_WRITE_MAX, type GroupChanges, type MemberRef, type Membership, type OffsetPage, type OffsetRequest } from './ports/directory-entities.js';
import type { Store } from './ports/store.js';
import type { Provenance } from './provenance.js';
import { describeExpected, versionMatches, withVersionRetry, type ExpectedVersion, type UnlockedRead } from './read-modify-write.js';
import { getUserIn } from './users.js';
import { boundedIds, groupData, recordAuditedChange, recordChangeEvent, sourceOf, type ChangeEvent } from './webhooks/events.js';
import { auditEvent } from './audit.js';

/** CloudSSO: `[A-Za-z0-9._-]{1,128}`, description at most 1,024 characters. */
const GROUP_NAME = /^[A-Za-z0-9._-]{1,128}$/;

export function checkGroupName(name: string, field = 'GroupName'): void {
  if (!GROUP_NAME.test(name)) {
    throw new DomainError('InvalidParameter', `The group name must be 1 to 128 characters of letters, digits and . _ - (got ${JSON.stringify(name.slice(0, 140))}).`, {
      field,
    });
  }
}

/**
 * A group an IdP provisions keeps the name it has there: Entra and Okta group names contain
 * spaces ("Sales Team"; the Microsoft SCIM collection posts "Group 1"), which CloudSSO's console
 * rule refuses. Through SCIM any 1 to 128 characters without control characters are accepted
 * (docs/decisions/0012-scim-resource-mapping.md).
 */
const SCIM_GROUP_NAME = /^[^\p{Cc}]{1,128}$/u;

function checkName(name: string, p: Provenance, field: string): void {
  if (p.via !== 'scim') return checkGroupName(name, field);
  if (!SCIM_GROUP_NAME.test(name) || name.trim() === '') {
    throw new DomainError('InvalidParameter', 'displayName must be 1 to 128 characters without control characters.', { field });
  }
}

function checkDescription(d: string | null | undefined, field: string): void {
  if (d && [...d].length > 1024) throw new DomainError('InvalidParameter', `${field} must be at most 1024 characters.`, { field });
}

const groupNotFound = (groupId: string) => new DomainError('GroupNotFound', 'The specified group does not exist.', { id: groupId });

export async function getGroupIn(store: Store, directoryId: string, groupId: string): Promise<Group> {
  return foundGroup(await store.groups.get(directoryId, groupId), groupId);
}

/** The group read by ID, or the GroupNotFound error of a read that found none. */
export function foundGroup(g: Group | undefined, groupId: string): Group {
  if (!g) throw groupNotFound(groupId);
  return g;
}

export async function getGroup(ctx: CoreContext, directoryId: string, groupId: string): Promise<Group> {
  await getDirectory(ctx, directoryId);
  return getGroupIn(ctx.store, directoryId, groupId);
}

/** One group of a directory the caller already knows exists (the SCIM edge, after its guard): one read. */
export async function getDirectoryGroup(ctx: CoreContext, directoryId: string, groupId: string): Promise<Group> {
  return getGroupIn(ctx.store, directoryId, groupId);
}

/** The audit row of a change to a group and the change's webhook events (none for `undefined`). */
const auditChange = (tx: Store, ctx: CoreContext, directoryId: string, p: Provenance, action: string, groupId: string, ...changes: Array<ChangeEvent | undefined>) =>
  recordAuditedChange(tx, ctx, p, { directoryId, action, resourceType: 'group', resourceId: groupId }, changes);

/** CloudSSO: while SCIM sync is on, synchronized groups and their members belong to the IdP. */
async function assertGroupEditable(store: Store, group: Group, p: Provenance): Promise<void> {
  if (p.via !== 'management' || group.provisionType !== 'Synchronized') return;
  const d = await store.directories.get(group.directoryId);
  if (d?.scimSyncEnabled) {
    throw new DomainError(
      'SynchronizedGroupLocked',
      'The group is synchronized by SCIM and SCIM synchronization is enabled: change it in the identity provider, or disable SCIM synchronization first.',
      { id: group.id },
    );
  }
}

export interface NewGroup {
  readonly name: string;
  readonly description?: string | null;
  readonly externalId?: string | null;
  readonly scim?: Record<string, unknown> | null;
}

export async function createGroup(ctx: CoreContext, directoryId: string, input: NewGroup, p: Provenance): Promise<Group> {
  return createGroupWithMembers(ctx, directoryId, input, [], p);
}

/**
 * A group and its first members in one transaction (SCIM POST /Groups with `members`, Okta AIW
 * apps): either both are stored or neither, with one audit row.
 */
export async function createGroupWithMembers(
  ctx: CoreContext,
  directoryId: string,
  input: NewGroup,
  members: readonly MemberChange[],
  p: Provenance,
): Promise<Group> {
  checkName(input.name, p, p.via === 'scim' ? 'displayName' : 'GroupName');
  checkDescription(input.description, 'Description');
  const now = ctx.clock.now();
  const provisionType: ProvisionType = p.via === 'scim' ? 'Synchronized' : 'Manual';
  const group: Group = {
    id: newId('g', now),
    directoryId,
    name: input.name,
    description: input.description ?? null,
    provisionType,
    externalId: input.externalId ?? null,
    scim: input.scim ?? null,
    version: 1,
    createTime: now,
    updateTime: now,
  };
  return ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    if ((await tx.groups.count(directoryId)) >= ctx.settings.quotas.groupsPerDirectory) {
      throw new DomainError('GroupQuotaExceeded', `The directory already has ${ctx.settings.quotas.groupsPerDirectory} groups, its quota.`);
    }
    await tx.groups.insert(group);
    // Members change the version as they do later (the group's ETag counts member changes).
    const delta = await applyMemberChanges(tx, directoryId, group.id, members, now);
    const withMembers = memberDeltaChanged(delta) ? await tx.groups.touch(directoryId, group.id, now) : undefined;
    const created = withMembers ?? group;
    await auditChange(
      tx,
      ctx,
      directoryId,
      p,
      'CreateGroup',
      group.id,
      { type: 'group.created', directoryId, source: sourceOf(p), data: groupData(created) },
      membersChange(directoryId, group.id, delta, p),
    );
    return created;
  });
}

export async function updateGroup(
  ctx: CoreContext,
  directoryId: string,
  groupId: string,
  changes: GroupChanges,
  p: Provenance,
  opts: { expectedVersion?: ExpectedVersion } = {},
): Promise<Group> {
  checkChanges(changes, p);
  return patchGroup(ctx, directoryId, groupId, () => ({ changes }), p, opts);
}

function checkChanges(changes: GroupChanges, p: Provenance): void {
  if (changes.name !== undefined) checkName(changes.name, p, p.via === 'scim' ? 'displayName' : 'NewGroupName');
  checkDescription(changes.description, p.via === 'scim' ? 'description' : 'NewDescription');
}

/** What a read-modify-write makes of the group it read: attribute changes, member changes, or both. */
export interface GroupMutation {
  readonly changes?: GroupChanges;
  readonly members?: readonly MemberChange[];
}

/**
 * Read-modify-write of one group (SCIM PUT and PATCH; updateGroup): in one
 * transaction the directory is locked, the group read once with its row lock, `expectedVersion`
 * (If-Match) checked, `mutate` applied to what was read, attributes and members written, the
 * version bumped once (`UPDATE ... RETURNING`) and one audit row recorded: `UpdateGroup` when
 * attributes changed, `ChangeGroupMembers` when only members did. Nothing changed: nothing
 * written or audited. A request without `expectedVersion` never fails for concurrency (see
 * read-modify-write.ts); a PATCH is applied atomically (RFC 7644 §3.5.2).
 */
export async function patchGroup(
  ctx: CoreContext,
  directoryId: string,
  groupId: string,
  mutate: (current: Group) => GroupMutation | undefined,
  p: Provenance,
  opts: { expectedVersion?: ExpectedVersion; readonly unlockedRead?: UnlockedRead<Group> } = {},
): Promise<Group> {
  const alone = await membersAlone(ctx, directoryId, groupId, mutate, p, opts);
  if (alone) return alone;
  const result = await withVersionRetry(opts.expectedVersion !== undefined, () =>
    ctx.store.transaction(async (tx) => {
      const group = await tx.groups.lockWithDirectory(directoryId, groupId);
      if (!group) {
        await lockDirectory(tx, directoryId); // which is missing: the directory, or the group
        throw groupNotFound(groupId);
      }
      await assertGroupEditable(tx, group, p);
      if (!versionMatches(opts.expectedVersion, group.version)) {
        throw new DomainError('VersionMismatch', `The group is at version ${group.version}, not ${describeExpected(opts.expectedVersion)}.`, { id: groupId });
      }
      const m = mutate(group);
      if (m === undefined) return group;
      const one = oneMemberWrite(m);
      if (one) return writeMembers(tx, ctx, group, one, p);
      if (m.changes) checkChanges(m.changes, p);
      const now = ctx.clock.now();
      const delta = await applyMemberChanges(tx, directoryId, groupId, m.members ?? [], now);
      const membersChanged = memberDeltaChanged(delta);
      // Provisionings of the group synchronize its members (all of them: a replace may touch any).
      if (membersChanged) {
        const adds = (m.members ?? []).some((c) => c.kind === 'add' || c.kind === 'replace');
        await groupMembersChanged(tx, ctx, directoryId, groupId, adds ? 'AddUserToGroup' : 'RemoveUserFromGroup');
      }
      let written: Group | undefined;
      if (m.changes) {
        written = await tx.groups.update(directoryId, groupId, m.changes, now, group.version);
        if (!written) throw new DomainError('VersionMismatch', 'The group was changed concurrently; retry.', { id: groupId });
      } else if (membersChanged) {
        written = await tx.groups.touch(directoryId, groupId, now);
      }
      if (!written) return group;
      await auditChange(
        tx,
        ctx,
        directoryId,
        p,
        m.changes ? 'UpdateGroup' : 'ChangeGroupMembers',
        groupId,
        m.changes ? { type: 'group.updated', directoryId, source: sourceOf(p), data: groupData(written) } : undefined,
        membersChange(directoryId, groupId, delta, p),
      );
      return written;
    }),
  );
  kickTasks(ctx);
  return result;
}

type OneMemberWrite = Extract<MemberChange, { readonly kind: 'add' | 'remove' }>;

/**
 * The change IdPs send most (Entra ID and Okta add or remove members one PATCH at a time): members
 * only, one operation that adds or removes at most MEMBER_WRITE_MAX users. It is written with its
 * version bump and audit row by `writeMembers`, one statement on PostgreSQL (decision 0207).
 */
function oneMemberWrite(m: GroupMutation): OneMemberWrite | undefined {
  const [c, ...more] = m.members ?? [];
  if (m.changes !== undefined || c === undefined || more.length > 0 || (c.kind !== 'add' && c.kind !== 'remove')) return undefined;
  const distinct = new Set(c.values).size;
  return distinct > 0 && distinct <= MEMBER_WRITE_MAX ? c : undefined;
}

/** patchGroup for `oneMemberWrite`'s change, under the lock it took: what applyMemberChanges, the bump and the audit row do, in fewer round trips. */
async function writeMembers(tx: Store, ctx: CoreContext, group: Group, c: OneMemberWrite, p: Provenance): Promise<Group> {
  const { directoryId, id: groupId } = group;
  const audit = auditEvent(ctx, p, { directoryId, action: 'ChangeGroupMembers', resourceType: 'group', resourceId: groupId });
  const displays = c.kind === 'add' ? c.displays : undefined;
  const w = await tx.groups.writeMembers({ kind: c.kind, directoryId, groupId, userIds: [...new Set(c.values)], time: ctx.clock.now(), displays }, audit);
  if (!w) return group;
  if (w.provisioned) await groupMembersChanged(tx, ctx, directoryId, groupId, c.kind === 'add' ? 'AddUserToGroup' : 'RemoveUserFromGroup');
  if (w.webhooks) {
    const delta: MemberDelta = c.kind === 'add' ? { added: w.userIds, removedIds: [], removedCount: 0 } : { added: [], removedIds: w.userIds, removedCount: w.userIds.length };
    const change = membersChange(directoryId, groupId, delta, p);
    if (change) await recordChangeEvent(tx, ctx, change);
  }
  return w.group;
}

/**
 * `oneMemberWrite`'s change from an IdP as one statement, where the store has one (PostgreSQL;
 * decision 0207): the group read without a lock, the change computed from it, then written with
 * its version bump and audit row after the directory's lock, while no provisioning follows the
 * group and no endpoint listens. Two round trips after the guard where the transaction takes
 * four; and no round trip while the directory's lock is held. Undefined whenever the transaction
 * is to decide: then it locks, reads afresh and applies `mutate` again.
 */
async function membersAlone(
  ctx: CoreContext,
  directoryId: string,
  groupId: string,
  mutate: (current: Group) => GroupMutation | undefined,
  p: Provenance,
  opts: { expectedVersion?: ExpectedVersion; readonly unlockedRead?: UnlockedRead<Group> },
): Promise<Group | undefined> {
  const alone = ctx.store.oneStatement;
  // If-Match pins a version the statement does not check; the management API's writes check the sync lock.
  if (!alone || p.via !== 'scim' || opts.expectedVersion !== undefined) return undefined;
  const group = opts.unlockedRead ? opts.unlockedRead.resource : await ctx.store.groups.get(directoryId, groupId);
  if (!group) return undefined;
  let c: OneMemberWrite | undefined;
  try {
    const m = mutate(group);
    if (m === undefined) return group; // nothing to change: the transaction would write nothing either
    c = oneMemberWrite(m);
  } catch {
    return undefined; // said by the transaction, against the row it locks
  }
  if (!c) return undefined;
  const audit = auditEvent(ctx, p, { directoryId, action: 'ChangeGroupMembers', resourceType: 'group', resourceId: groupId });
  const displays = c.kind === 'add' ? c.displays : undefined;
  const w = await alone.writeMembers({ kind: c.kind, directoryId, groupId, userIds: [...new Set(c.values)], time: ctx.clock.now(), displays }, audit);
  if (w === 'gave way') return undefined;
  // No member joined or left: the group as read, as the transaction answers the group it locked.
  return w?.group ?? group;
}

/** Through the management API a group must have no members (CloudSSO); an IdP's DELETE takes them along. */
export async function deleteGroup(
  ctx: CoreContext,
  directoryId: string,
  groupId: string,
  p: Provenance,
  opts: { expectedVersion?: ExpectedVersion } = {},
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const group = await getGroupIn(tx, directoryId, groupId);
    await assertGroupEditable(tx, group, p);
    if (!versionMatches(opts.expectedVersion, group.version)) {
      throw new DomainError('VersionMismatch', `The group is at version ${group.version}, not ${describeExpected(opts.expectedVersion)}.`, { id: groupId });
    }
    const assignments = await tx.access.countAssignments(directoryId, { principal: { type: 'Group', id: groupId } });
    if (p.via === 'management' && assignments > 0) {
      throw new DomainError(
        'GroupHasAccessAssignments',
        `The group holds ${assignments} access assignment(s); delete them (DeleteAccessAssignment) first.`,
        { id: groupId },
      );
    }
    // The IdP owns a synchronized group: its deletion takes the group's assignments with it (decision 0106).
    if (assignments > 0) await tx.access.deleteAssignmentsOfPrincipal(directoryId, 'Group', groupId);
    if (p.via === 'management') {
      const members = await tx.groups.countMembers(directoryId, groupId);
      if (members > 0) {
        throw new DomainError('GroupHasMembers', `The group has ${members} member(s); remove them (RemoveUserFromGroup) first.`, { id: groupId });
      }
    }
    await groupDeleted(tx, ctx, directoryId, groupId);
    await tx.groups.delete(directoryId, groupId);
    await auditChange(tx, ctx, directoryId, p, 'DeleteGroup', groupId, {
      type: 'group.deleted',
      directoryId,
      source: sourceOf(p),
      data: { groupId, groupName: group.name, assignmentsRemoved: p.via === 'scim' ? assignments : 0 },
    });
  });
  kickTasks(ctx);
}

export interface GroupQuery {
  readonly filter?: Filter;
  readonly provisionType?: ProvisionType;
}

export async function listGroups(ctx: CoreContext, directoryId: string, q: GroupQuery, page: PageRequest): Promise<Page<Group>> {
  await getDirectory(ctx, directoryId);
  const lq = { directoryId, ...q };
  return keysetPage(
    ctx,
    JSON.stringify(['ListGroups', lq]),
    page,
    (after, limit) => ctx.store.groups.listByKeyset(lq, { ...(after !== undefined ? { after } : {}), limit }),
    () => ctx.store.groups.countMatching(lq),
    (g) => g.id,
  );
}

export async function listGroupsByOffset(ctx: CoreContext, directoryId: string, filter: Filter | undefined, page: OffsetRequest): Promise<OffsetPage<Group>> {
  return ctx.store.groups.listByOffset({ directoryId, ...(filter ? { filter } : {}) }, page);
}

// ---- membership ------------------------------------------------------------------------------

/** AddUserToGroup: both must exist; adding an existing member succeeds (idempotent). */
export async function addUserToGroup(ctx: CoreContext, directoryId: string, groupId: string, userId: string, p: Provenance): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const group = await getGroupIn(tx, directoryId, groupId);
    await getUserIn(tx, directoryId, userId);
    await assertGroupEditable(tx, group, p);
    const added = await tx.groups.addMembers(directoryId, groupId, [userId], ctx.clock.now());
    if (added.length > 0) {
      await tx.groups.touch(directoryId, groupId, ctx.clock.now());
      await groupMembersChanged(tx, ctx, directoryId, groupId, 'AddUserToGroup', [userId]);
      await auditChange(tx, ctx, directoryId, p, 'AddUserToGroup', groupId, membersChange(directoryId, groupId, { added, removedIds: [], removedCount: 0 }, p));
    }
  });
  kickTasks(ctx);
}

export async function removeUserFromGroup(ctx: CoreContext, directoryId: string, groupId: string, userId: string, p: Provenance): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const group = await getGroupIn(tx, directoryId, groupId);
    await getUserIn(tx, directoryId, userId);
    await assertGroupEditable(tx, group, p);
    const removed = await tx.groups.removeMembers(directoryId, groupId, [userId]);
    if (removed === 0) throw new DomainError('MembershipNotFound', 'The user is not a member of the group.', { id: userId });
    await tx.groups.touch(directoryId, groupId, ctx.clock.now());
    await groupMembersChanged(tx, ctx, directoryId, groupId, 'RemoveUserFromGroup', [userId]);
    await auditChange(tx, ctx, directoryId, p, 'RemoveUserFromGroup', groupId, membersChange(directoryId, groupId, { added: [], removedIds: [userId], removedCount: removed }, p));
  });
  kickTasks(ctx);
}

/** What SCIM asks of a group's member list (the PATCH engine's MemberChange, in core terms). */
export type MemberChange =
  | { readonly kind: 'add'; readonly values: readonly string[]; readonly displays?: Readonly<Record<string, string>> }
  | { readonly kind: 'remove'; readonly values: readonly string[] }
  | { readonly kind: 'removeAll' }
  | { readonly kind: 'replace'; readonly values: readonly string[]; readonly displays?: Readonly<Record<string, string>> };

/**
 * SCIM member changes, inside patchGroup's transaction. IDs that are not users of this directory
 * are ignored (Microsoft's collection adds "string id 1" and expects success). Work is
 * proportional to the change, never to the group's size, except for `replace` and
 * `removeAll`, which are set operations on the whole list by definition. True if anything changed.
 */
async function applyMemberChanges(tx: Store, directoryId: string, groupId: string, changes: readonly MemberChange[], now: number): Promise<MemberDelta> {
  const delta: MemberDelta = { added: [], removedIds: [], removedCount: 0 };
  for (const c of changes) {
    switch (c.kind) {
      case 'add':
        delta.added.push(...(await tx.groups.addMembers(directoryId, groupId, c.values, now, c.displays)));
        break;
      case 'remove': {
        const asked = [...new Set(c.values)];
        const n = await tx.groups.removeMembers(directoryId, groupId, asked);
        delta.removedCount += n;
        // Every ID asked for was a member: the removed ones are known exactly.
        if (n === asked.length) delta.removedIds?.push(...asked);
        else if (n > 0) delta.removedIds = null;
        break;
      }
      case 'removeAll': {
        const n = await tx.groups.removeAllMembers(directoryId, groupId);
        delta.removedCount += n;
        if (n > 0) delta.removedIds = null;
        break;
      }
      case 'replace': {
        const removed = await tx.groups.removeAllMembers(directoryId, groupId);
        delta.removedCount += removed;
        if (removed > 0) delta.removedIds = null;
        delta.added.push(...(await tx.groups.addMembers(directoryId, groupId, c.values, now, c.displays)));
        break;
      }
    }
  }
  return delta;
}

/** Who joined and left in one change; `removedIds` is null when the store could not say which users left (removeAll, replace). */
interface MemberDelta {
  readonly added: string[];
  removedIds: string[] | null;
  removedCount: number;
}

const memberDeltaChanged = (d: MemberDelta) => d.added.length > 0 || d.removedCount > 0;

/** The `group.members.changed` event of a delta; none if no member joined or left. */
function membersChange(directoryId: string, groupId: string, d: MemberDelta, p: Provenance): ChangeEvent | undefined {
  if (!memberDeltaChanged(d)) return undefined;
  const removed = d.removedIds === null ? { ids: null, count: d.removedCount, truncated: false } : boundedIds(d.removedIds);
  return { type: 'group.members.changed', directoryId, source: sourceOf(p), data: { groupId, added: boundedIds(d.added), removed } };
}

export async function listGroupMembers(
  ctx: CoreContext,
  directoryId: string,
  groupId: string,
  page: PageRequest,
): Promise<Page<Membership & { user: User }>> {
  await getGroup(ctx, directoryId, groupId);
  return keysetPage(
    ctx,
    JSON.stringify(['ListGroupMembers', directoryId, groupId]),
    page,
    (after, limit) => ctx.store.groups.listMembers(directoryId, groupId, { ...(after !== undefined ? { after } : {}), limit }),
    () => ctx.store.groups.countMembers(directoryId, groupId),
    (m) => m.userId,
  );
}

export async function listJoinedGroupsForUser(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  page: PageRequest,
): Promise<Page<Membership & { group: Group }>> {
  await getDirectory(ctx, directoryId);
  await getUserIn(ctx.store, directoryId, userId);
  return keysetPage(
    ctx,
    JSON.stringify(['ListJoinedGroupsForUser', directoryId, userId]),
    page,
    (after, limit) => ctx.store.groups.listGroupsOfUser(directoryId, userId, { ...(after !== undefined ? { after } : {}), limit }),
    () => ctx.store.groups.countGroupsOfUser(directoryId, userId),
    (m) => m.groupId,
  );
}

/**
 * Streams a group's members in batches (SCIM GET /Groups/{id} of a huge group): memory stays
 * bounded by the batch size whatever the group's size.
 */
export async function* iterateGroupMembers(ctx: CoreContext, directoryId: string, groupId: string, batch = 1000): AsyncGenerator<User[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await ctx.store.groups.listMembers(directoryId, groupId, { ...(after !== undefined ? { after } : {}), limit: batch });
    if (rows.length === 0) return;
    yield rows.map((r) => r.user);
    if (rows.length < batch) return;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a full batch is not empty
    after = rows[rows.length - 1]!.userId;
  }
}

/**
 * Like iterateGroupMembers, with only what a SCIM `members` list shows (ID, the IdP's `display`,
 * user name and display name): no user row is loaded or parsed, so streaming a 100,000-member
 * group costs little more than the bytes it sends.
 */
export async function* iterateGroupMemberRefs(ctx: CoreContext, directoryId: string, groupId: string, batch = 1000): AsyncGenerator<MemberRef[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await ctx.store.groups.listMemberRefs(directoryId, groupId, { ...(after !== undefined ? { after } : {}), limit: batch });
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batch) return;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a full batch is not empty
    after = rows[rows.length - 1]!.userId;
  }
}

/** The groups of each user (SCIM `groups` when asked for): one keyset walk per user. */
export async function listGroupsOfUsers(
  ctx: CoreContext,
  directoryId: string,
  userIds: readonly string[],
): Promise<Array<{ userId: string; groupId: string; groupName: string }>> {
  const out: Array<{ userId: string; groupId: string; groupName: string }> = [];
  for (const userId of userIds) {
    let after: string | undefined;
    for (;;) {
      const rows = await ctx.store.groups.listGroupsOfUser(directoryId, userId, { ...(after !== undefined ? { after } : {}), limit: 1000 });
      for (const r of rows) out.push({ userId, groupId: r.groupId, groupName: r.group.name });
      if (rows.length < 1000) break;
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a full batch is not empty
      after = rows[rows.length - 1]!.groupId;
    }
  }
  return out;
}

/** One page of a group's member references after `after` (the SCIM edge streams them). */
export async function listGroupMemberRefs(
  ctx: CoreContext,
  directoryId: string,
  groupId: string,
  page: { after?: string; limit: number },
): Promise<MemberRef[]> {
  return ctx.store.groups.listMemberRefs(directoryId, groupId, page);
}
