import type { CoreContext } from '../context.js';
import { lockDirectory } from '../directories.js';
import { DomainError, isDomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { User } from '../model.js';
import type { Store } from '../ports/store.js';
import type {
  DeletionStrategy,
  DuplicationStrategy,
  EventSourceType,
  ProvisionedRamUser,
  RamUserOrigin,
  UserProvisioning,
} from '../ports/user-provisioning.js';
import { inAccount, type RamProvenance } from '../ram/common.js';
import { deleteRamAccessKey, listRamAccessKeys, setRamAccessKeyStatus } from '../ram/access-keys.js';
import { listRamGroupsForUser, removeRamUserFromGroup } from '../ram/groups.js';
import { detachPolicy, listPoliciesFor } from '../ram/policies.js';
import { createRamUser, deleteRamUser, updateRamUser } from '../ram/users.js';
import type { TaskHandler, TaskRecord } from '../tasks.js';
import { serviceWriter } from '../access/provisioning.js';

/**
 * What a RAM user provisioning does in its member account (docs/decisions/0180-user-provisioning.md),
 * run as the durable task `SyncUserProvisioning`: for each CloudSSO user concerned, one transaction
 * under the directory lock that makes the account match. A user the provisioning covers gets a RAM
 * user (created, or the existing one taken over, or `<name>_sso` beside it), renamed and relabelled
 * as the user changes, its AccessKeys disabled while the user is disabled. A user it no longer
 * covers loses the RAM user under DeletionStrategy=Delete (unless another provisioning on the
 * account keeps it), or keeps it under Keep. Every step looks first, so a rerun converges.
 * A user that cannot be synchronized does not stop the others: the first failure is recorded as an
 * event (or updates the event being retried), and the task ends Failed with its message.
 */

/** The task's payload. `userIds` narrows it to some users (group membership, user changes); absent: all. */
export interface SyncJob {
  readonly userProvisioningId: string;
  readonly sourceType: EventSourceType;
  readonly userIds?: readonly string[] | undefined;
  /** The provisioning as it was when the job was made: a deleted one is still cleared up. */
  readonly snapshot: ProvisioningSnapshot;
  /** The event this job retries: deleted on success, counted on failure. */
  readonly retryEventId?: string | undefined;
  /** RetryUserProvisioningEvent's DuplicationStrategy, for this run only. */
  readonly duplicationStrategy?: DuplicationStrategy | undefined;
}

export interface ProvisioningSnapshot {
  readonly directoryId: string;
  readonly principalType: 'User' | 'Group';
  readonly principalId: string;
  readonly principalName: string;
  readonly targetId: string;
  readonly targetName: string;
  readonly duplicationStrategy: DuplicationStrategy;
  readonly deletionStrategy: DeletionStrategy;
}

/** The suffix KeepBoth gives the RAM user when the user's name is taken in the account. */
export const KEEP_BOTH_SUFFIX = '_sso';
/** The reference's ErrorInfo for a name clash (cloudsso-access.md §7). */
export const IMS_USER_EXISTS = 'OperationConflict.UserProvisioning.Process.fail.ImsUserExists';

const COMMENTS = (directoryId: string) => `Provisioned by CloudSSO directory ${directoryId}.`;

const clash = (name: string) => new DomainError('RamUserNameTaken', `A RAM user named "${name}" already exists in the account.`, { field: 'UserName' });

function ramNameFor(user: User, origin: RamUserOrigin): string {
  return origin === 'KeptBoth' ? `${user.userName}${KEEP_BOTH_SUFFIX}` : user.userName;
}

/** The users a provisioning covers now: its user, or its group's members. */
async function coveredUsers(tx: Store, up: UserProvisioning): Promise<Set<string>> {
  if (up.principalType === 'User') return new Set((await tx.users.get(up.directoryId, up.principalId)) ? [up.principalId] : []);
  const out = new Set<string>();
  let after: string | undefined;
  for (;;) {
    const rows = await tx.groups.listMemberRefs(up.directoryId, up.principalId, { ...(after !== undefined ? { after } : {}), limit: 1000 });
    for (const r of rows) out.add(r.userId);
    if (rows.length < 1000) return out;
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a full batch is not empty
    after = rows[rows.length - 1]!.userId;
  }
}

/** Makes the account hold the user's RAM user, in step with the user. */
async function ensureRamUser(tx: Store, ctx: CoreContext, up: UserProvisioning, user: User, strategy: DuplicationStrategy, by: RamProvenance): Promise<void> {
  const scope = inAccount({ ...ctx, store: tx }, up.targetId);
  const mapping = await tx.userProvisioning.ramUserOf(up.id, user.id);
  let ram = mapping ? await tx.ram.getUser(mapping.ramUserId) : undefined;
  let origin: RamUserOrigin = mapping?.origin ?? 'Created';
  if (!ram) {
    // Another provisioning of the same user on the same account already keeps one: share it.
    const shared = (await tx.userProvisioning.ramUsersOfUser(up.directoryId, user.id)).find((m) => m.accountId === up.targetId && m.userProvisioningId !== up.id);
    const sharedUser = shared ? await tx.ram.getUser(shared.ramUserId) : undefined;
    if (shared && sharedUser) {
      ram = sharedUser;
      origin = shared.origin;
    } else {
      const existing = await tx.ram.getUserByName(up.targetId, user.userName);
      if (existing && strategy === 'TakeOver') {
        ram = existing;
        origin = 'TakenOver';
      } else {
        origin = existing ? 'KeptBoth' : 'Created';
        const name = ramNameFor(user, origin);
        if (existing && (await tx.ram.getUserByName(up.targetId, name))) throw clash(name);
        ram = await createRamUser(scope, { name, displayName: user.displayName?.slice(0, 128) || null, comments: COMMENTS(up.directoryId) }, by);
      }
    }
    await tx.userProvisioning.putRamUser({ userProvisioningId: up.id, directoryId: up.directoryId, userId: user.id, accountId: up.targetId, ramUserId: ram.id, origin });
  }
  // Renamed or relabelled since: follow the user.
  const name = ramNameFor(user, origin);
  const displayName = user.displayName?.slice(0, 128) || null;
  if (ram.name !== name || ram.displayName !== displayName) {
    if (ram.name.toLowerCase() !== name.toLowerCase() && (await tx.ram.getUserByName(up.targetId, name))) throw clash(name);
    ram = await updateRamUser(scope, ram.name, { ...(ram.name !== name ? { name } : {}), displayName: displayName ?? '' }, by);
  }
  // A disabled user's RAM user cannot sign API requests: its AccessKeys are disabled (enabling the user does not re-enable them).
  if (user.status === 'Disabled') {
    for (const key of await listRamAccessKeys(scope, ram.name)) {
      if (key.status === 'Enabled') await setRamAccessKeyStatus(scope, ram.name, key.id, 'Disabled', by);
    }
  }
}

/** Forgets the user's RAM user for this provisioning and, under Delete, deletes it unless another provisioning keeps it. */
async function releaseRamUser(tx: Store, ctx: CoreContext, m: ProvisionedRamUser, deletion: DeletionStrategy, by: RamProvenance): Promise<void> {
  await tx.userProvisioning.deleteRamUser(m.userProvisioningId, m.userId);
  if (deletion === 'Keep') return;
  if ((await tx.userProvisioning.mappingsOfRamUser(m.ramUserId)).length > 0) return;
  const ram = await tx.ram.getUser(m.ramUserId);
  if (!ram) return;
  const scope = inAccount({ ...ctx, store: tx }, m.accountId);
  // What the account's administrators gave the RAM user goes with it, as RAM's console does on a forced delete.
  for (const key of await listRamAccessKeys(scope, ram.name)) await deleteRamAccessKey(scope, ram.name, key.id, by);
  for (const p of await listPoliciesFor(scope, { type: 'user', name: ram.name })) await detachPolicy(scope, p.type, p.name, { type: 'user', name: ram.name }, by);
  for (const g of await listRamGroupsForUser(scope, ram.name)) await removeRamUserFromGroup(scope, g.name, ram.name, by);
  await deleteRamUser(scope, ram.name, by);
}

/** One user, in its own transaction under the directory lock. */
async function syncUser(deps: { store: Store; ctx: CoreContext }, job: SyncJob, userId: string, by: RamProvenance): Promise<void> {
  const snap = job.snapshot;
  await deps.store.transaction(async (tx) => {
    await lockDirectory(tx, snap.directoryId);
    const up = await tx.userProvisioning.get(snap.directoryId, job.userProvisioningId);
    const user = up ? await tx.users.get(snap.directoryId, userId) : undefined;
    if (up && user && (await coveredUsers(tx, up)).has(userId)) {
      await ensureRamUser(tx, deps.ctx, up, user, job.duplicationStrategy ?? up.duplicationStrategy, by);
      return;
    }
    const m = await tx.userProvisioning.ramUserOf(job.userProvisioningId, userId);
    if (m) await releaseRamUser(tx, deps.ctx, m, up?.deletionStrategy ?? snap.deletionStrategy, by);
  });
}

export function errorInfoOf(err: unknown): string {
  if (!isDomainError(err)) return 'InternalError.UserProvisioning.Process.fail';
  if (err.code === 'RamUserNameTaken') return IMS_USER_EXISTS;
  return `OperationFailed.UserProvisioning.Process.fail.${err.code}`;
}

/** Records the failure as an event, or counts it on the event being retried. */
async function recordFailure(deps: { store: Store; ctx: CoreContext }, job: SyncJob, err: unknown): Promise<void> {
  const snap = job.snapshot;
  const now = deps.ctx.clock.now();
  const errorInfo = errorInfoOf(err);
  await deps.store.transaction(async (tx) => {
    const retried = job.retryEventId ? await tx.userProvisioning.getEvent(snap.directoryId, job.retryEventId) : undefined;
    if (retried) {
      await tx.userProvisioning.updateEvent({ ...retried, errorCount: retried.errorCount + 1, errorInfo, latestAsyncTime: now, updateTime: now });
      return;
    }
    const { retryEventId: _r, duplicationStrategy: _d, ...again } = job;
    await tx.userProvisioning.insertEvent({
      id: newId('upe', now),
      directoryId: snap.directoryId,
      userProvisioningId: job.userProvisioningId,
      principalType: snap.principalType,
      principalId: snap.principalId,
      principalName: snap.principalName,
      targetType: 'RD-Account',
      targetId: snap.targetId,
      targetName: snap.targetName,
      sourceType: job.sourceType,
      errorCount: 1,
      errorInfo,
      latestAsyncTime: now,
      duplicationStrategy: snap.duplicationStrategy,
      deletionStrategy: snap.deletionStrategy,
      payload: again,
      createTime: now,
      updateTime: now,
    });
  });
}

export const syncUserProvisioning: TaskHandler = async (deps, task: TaskRecord) => {
  const job = task.payload as SyncJob;
  const snap = job.snapshot;
  const by = serviceWriter(task.taskId);
  // Whom to synchronize is read under the directory's lock, as each user's synchronization is:
  // a member change that waited for the lock with the provisioning's creation is then counted
  // (a SCIM member PATCH's one statement does not see a provisioning created meanwhile; 0207).
  const userIds = job.userIds
    ? [...job.userIds]
    : await deps.store.transaction(async (tx) => {
        await tx.directories.lockExisting(snap.directoryId); // a directory gone has no provisioning: nobody to synchronize
        const up = await tx.userProvisioning.get(snap.directoryId, job.userProvisioningId);
        const ids = up ? await coveredUsers(tx, up) : new Set<string>();
        for (const m of await tx.userProvisioning.ramUsersOf(job.userProvisioningId)) ids.add(m.userId);
        return [...ids].sort();
      });
  let failure: unknown;
  for (const userId of userIds) {
    try {
      await syncUser(deps, job, userId, by);
    } catch (err) {
      failure ??= err;
    }
  }
  const now = deps.ctx.clock.now();
  await deps.store.transaction(async (tx) => {
    if (await tx.userProvisioning.get(snap.directoryId, job.userProvisioningId)) await tx.userProvisioning.setLatestAsyncTime(job.userProvisioningId, now);
    if (failure === undefined && job.retryEventId) await tx.userProvisioning.deleteEvent(snap.directoryId, job.retryEventId);
  });
  if (failure !== undefined) {
    await recordFailure(deps, job, failure);
    throw failure;
  }
};

export const userProvisioningTaskHandlers = { SyncUserProvisioning: syncUserProvisioning } as const;
