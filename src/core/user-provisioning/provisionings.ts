import { recordAudit } from '../audit.js';
import type { CoreContext } from '../context.js';
import { getDirectory, lockDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { keysetPage, type Page, type PageRequest } from '../paging.js';
import type { Store } from '../ports/store.js';
import type {
  DeletionStrategy,
  DuplicationStrategy,
  EventSourceType,
  UserProvisioning,
  UserProvisioningConfiguration,
  UserProvisioningEvent,
  UserProvisioningQuery,
} from '../ports/user-provisioning.js';
import type { AuditedBy } from '../provenance.js';
import { kickTasks, submitTask } from '../tasks.js';
import { principalName, TARGET_TYPE, targetAccount } from '../access/assignments.js';
import type { ProvisioningSnapshot, SyncJob } from './sync.js';

/**
 * RAM user provisioning, the API side (cloudsso-access.md §7; docs/decisions/0180-0182): the
 * provisionings, the directory's configuration, the failed-synchronization events and the
 * statistics. Every write is audited in its own transaction; every change that needs the member
 * account submits a `SyncUserProvisioning` task in that same transaction (./sync.ts runs it).
 */
export const USER_PROVISIONING_LIMITS = { description: 1024, landingPage: 1024 } as const;
export const CONFIGURATION_DEFAULTS = { defaultLandingPage: 'https://homenew.console.aliyun.com', sessionDuration: 6 } as const;

export interface ProvisioningNames {
  readonly principalName: string;
  readonly targetName: string;
}

const audit = (tx: Store, ctx: CoreContext, by: AuditedBy, directoryId: string, action: string, resourceId: string) =>
  recordAudit(tx, ctx, by, { directoryId, action, resourceType: 'user-provisioning', resourceId });

export async function provisioningIn(store: Store, directoryId: string, id: string): Promise<UserProvisioning> {
  const up = await store.userProvisioning.get(directoryId, id);
  if (!up) throw new DomainError('UserProvisioningNotFound', 'The specified user provisioning does not exist.', { id });
  return up;
}

async function namesOf(store: Store, up: UserProvisioning): Promise<ProvisioningNames> {
  const principal = await principalName(store, up.directoryId, up.principalType, up.principalId).catch(() => '');
  const account = await store.accounts.getAccount(up.targetId);
  return { principalName: principal, targetName: account?.displayName ?? '' };
}

async function snapshotOf(store: Store, up: UserProvisioning): Promise<ProvisioningSnapshot> {
  const n = await namesOf(store, up);
  return {
    directoryId: up.directoryId,
    principalType: up.principalType,
    principalId: up.principalId,
    principalName: n.principalName,
    targetId: up.targetId,
    targetName: n.targetName,
    duplicationStrategy: up.duplicationStrategy,
    deletionStrategy: up.deletionStrategy,
  };
}

/** Synchronizations never conflict, except two retries of one event (keyed by the event). */
const syncConflictKey = (userProvisioningId: string, unique: string) => JSON.stringify(['SyncUserProvisioning', userProvisioningId, unique]);

/**
 * Submits the synchronization of `up` (all its users, or `userIds`) inside the caller's
 * transaction. Each job is its own task: its conflict key is its own ID, so changes never refuse
 * each other; the directory lock each step takes serializes them.
 */
export async function submitSync(
  tx: Store,
  ctx: CoreContext,
  up: UserProvisioning,
  sourceType: EventSourceType,
  extra: { userIds?: readonly string[]; snapshot?: ProvisioningSnapshot; retryEventId?: string; duplicationStrategy?: DuplicationStrategy } = {},
): Promise<void> {
  const snapshot = extra.snapshot ?? (await snapshotOf(tx, up));
  const job: SyncJob = {
    userProvisioningId: up.id,
    sourceType,
    snapshot,
    ...(extra.userIds ? { userIds: [...extra.userIds] } : {}),
    ...(extra.retryEventId ? { retryEventId: extra.retryEventId } : {}),
    ...(extra.duplicationStrategy ? { duplicationStrategy: extra.duplicationStrategy } : {}),
  };
  await submitTask(tx, ctx, {
    directoryId: up.directoryId,
    taskType: 'SyncUserProvisioning',
    // The column names the object the task works on; for these internal tasks, the provisioning.
    accessConfigurationId: up.id,
    targetType: TARGET_TYPE,
    targetId: up.targetId,
    targetName: snapshot.targetName,
    principalType: up.principalType,
    principalId: up.principalId,
    principalName: snapshot.principalName,
    payload: job,
    conflictKey: syncConflictKey(up.id, extra.retryEventId ?? newId('t', ctx.clock.now())),
  });
}

async function writing<T>(ctx: CoreContext, directoryId: string, fn: (tx: Store) => Promise<T>): Promise<T> {
  const result = await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    return fn(tx);
  });
  kickTasks(ctx);
  return result;
}

function checkDescription(description: string | undefined, field: string): void {
  if (description !== undefined && description.length > USER_PROVISIONING_LIMITS.description) {
    throw new DomainError('InvalidParameter', `${field} must be at most ${USER_PROVISIONING_LIMITS.description} characters.`, { field });
  }
}

export interface NewUserProvisioning {
  readonly principalType: 'User' | 'Group';
  readonly principalId: string;
  readonly targetId: string;
  readonly description?: string | undefined;
  readonly duplicationStrategy: DuplicationStrategy;
  readonly deletionStrategy: DeletionStrategy;
}

export async function createUserProvisioning(
  ctx: CoreContext,
  directoryId: string,
  input: NewUserProvisioning,
  by: AuditedBy,
): Promise<UserProvisioning & ProvisioningNames> {
  checkDescription(input.description, 'Description');
  return writing(ctx, directoryId, async (tx) => {
    const principal = await principalName(tx, directoryId, input.principalType, input.principalId);
    const account = await targetAccount(tx, input.targetId);
    if (await tx.userProvisioning.find(directoryId, input.principalType, input.principalId, account.id)) {
      throw new DomainError('UserProvisioningExists', 'The principal is already provisioned to this account.', { field: 'PrincipalId' });
    }
    const quota = ctx.settings.quotas.userProvisioningsPerDirectory;
    if ((await tx.userProvisioning.count(directoryId, {})) >= quota) {
      throw new DomainError('UserProvisioningQuotaExceeded', `The directory already has ${quota} user provisionings, its quota.`);
    }
    const now = ctx.clock.now();
    const up: UserProvisioning = {
      id: newId('up', now),
      directoryId,
      principalType: input.principalType,
      principalId: input.principalId,
      targetType: 'RD-Account',
      targetId: account.id,
      description: input.description || null,
      duplicationStrategy: input.duplicationStrategy,
      deletionStrategy: input.deletionStrategy,
      status: 'Enabled',
      latestAsyncTime: null,
      createTime: now,
      updateTime: now,
    };
    await tx.userProvisioning.insert(up);
    await submitSync(tx, ctx, up, 'StartProvisioning');
    await audit(tx, ctx, by, directoryId, 'CreateUserProvisioning', up.id);
    return { ...up, principalName: principal, targetName: account.displayName };
  });
}

export async function getUserProvisioning(ctx: CoreContext, directoryId: string, id: string): Promise<UserProvisioning & ProvisioningNames> {
  await getDirectory(ctx, directoryId);
  const up = await provisioningIn(ctx.store, directoryId, id);
  return { ...up, ...(await namesOf(ctx.store, up)) };
}

export async function listUserProvisionings(
  ctx: CoreContext,
  directoryId: string,
  q: UserProvisioningQuery,
  page: PageRequest,
): Promise<Page<UserProvisioning & ProvisioningNames>> {
  await getDirectory(ctx, directoryId);
  const result = await keysetPage(
    ctx,
    JSON.stringify(['ListUserProvisionings', directoryId, q]),
    page,
    (after, limit) => ctx.store.userProvisioning.list(directoryId, q, after, limit),
    () => ctx.store.userProvisioning.count(directoryId, q),
    (up) => up.id,
  );
  const items = [];
  for (const up of result.items) items.push({ ...up, ...(await namesOf(ctx.store, up)) });
  return { ...result, items };
}

export interface UserProvisioningChanges {
  readonly description?: string | undefined;
  readonly duplicationStrategy?: DuplicationStrategy | undefined;
  readonly deletionStrategy?: DeletionStrategy | undefined;
}

/** Changes the description and strategies; the account is not touched (the strategies apply from the next synchronization). */
export async function updateUserProvisioning(
  ctx: CoreContext,
  directoryId: string,
  id: string,
  changes: UserProvisioningChanges,
  by: AuditedBy,
): Promise<UserProvisioning & ProvisioningNames> {
  checkDescription(changes.description, 'NewDescription');
  return writing(ctx, directoryId, async (tx) => {
    const up = await provisioningIn(tx, directoryId, id);
    const next: UserProvisioning = {
      ...up,
      ...(changes.description !== undefined ? { description: changes.description || null } : {}),
      ...(changes.duplicationStrategy !== undefined ? { duplicationStrategy: changes.duplicationStrategy } : {}),
      ...(changes.deletionStrategy !== undefined ? { deletionStrategy: changes.deletionStrategy } : {}),
      updateTime: ctx.clock.now(),
    };
    await tx.userProvisioning.update(next);
    await audit(tx, ctx, by, directoryId, 'UpdateUserProvisioning', id);
    return { ...next, ...(await namesOf(tx, next)) };
  });
}

/**
 * Deletes the provisioning at once; a `DeleteProvisioning` task then deals with its RAM users per
 * the DeletionStrategy (the call's, or the provisioning's).
 */
export async function deleteUserProvisioning(ctx: CoreContext, directoryId: string, id: string, strategy: DeletionStrategy | undefined, by: AuditedBy): Promise<void> {
  await writing(ctx, directoryId, async (tx) => {
    const up = await provisioningIn(tx, directoryId, id);
    await removeProvisioning(tx, ctx, up, 'DeleteProvisioning', strategy);
    await audit(tx, ctx, by, directoryId, 'DeleteUserProvisioning', id);
  });
}

async function removeProvisioning(tx: Store, ctx: CoreContext, up: UserProvisioning, source: EventSourceType, strategy?: DeletionStrategy): Promise<void> {
  const snapshot = { ...(await snapshotOf(tx, up)), ...(strategy ? { deletionStrategy: strategy } : {}) };
  await tx.userProvisioning.delete(up.directoryId, up.id);
  await submitSync(tx, ctx, up, source, { snapshot });
}

// ---- configuration -----------------------------------------------------------------------------

export async function getUserProvisioningConfiguration(ctx: CoreContext, directoryId: string): Promise<UserProvisioningConfiguration> {
  const d = await getDirectory(ctx, directoryId);
  return (
    (await ctx.store.userProvisioning.getConfiguration(directoryId)) ?? {
      directoryId,
      ...CONFIGURATION_DEFAULTS,
      createTime: d.createTime,
      updateTime: d.createTime,
    }
  );
}

export async function updateUserProvisioningConfiguration(
  ctx: CoreContext,
  directoryId: string,
  changes: { defaultLandingPage?: string | undefined; sessionDuration?: number | undefined },
  by: AuditedBy,
): Promise<UserProvisioningConfiguration> {
  if (changes.defaultLandingPage !== undefined) {
    let ok = false;
    try {
      const u = new URL(changes.defaultLandingPage);
      ok = (u.protocol === 'https:' || u.protocol === 'http:') && changes.defaultLandingPage.length <= USER_PROVISIONING_LIMITS.landingPage;
    } catch {
      ok = false;
    }
    if (!ok) {
      throw new DomainError('InvalidParameter', `NewDefaultLandingPage must be an http or https URL of at most ${USER_PROVISIONING_LIMITS.landingPage} characters.`, {
        field: 'NewDefaultLandingPage',
      });
    }
  }
  return writing(ctx, directoryId, async (tx) => {
    const d = await tx.directories.get(directoryId);
    const now = ctx.clock.now();
    const current = (await tx.userProvisioning.getConfiguration(directoryId)) ?? { directoryId, ...CONFIGURATION_DEFAULTS, createTime: d?.createTime ?? now, updateTime: now };
    const next: UserProvisioningConfiguration = {
      ...current,
      ...(changes.defaultLandingPage !== undefined ? { defaultLandingPage: changes.defaultLandingPage } : {}),
      ...(changes.sessionDuration !== undefined ? { sessionDuration: changes.sessionDuration } : {}),
      updateTime: now,
    };
    await tx.userProvisioning.putConfiguration(next);
    await recordAudit(tx, ctx, by, { directoryId, action: 'UpdateUserProvisioningConfiguration', resourceType: 'directory', resourceId: directoryId });
    return next;
  });
}

// ---- events and statistics ---------------------------------------------------------------------

async function eventIn(store: Store, directoryId: string, id: string): Promise<UserProvisioningEvent> {
  const e = await store.userProvisioning.getEvent(directoryId, id);
  if (!e) throw new DomainError('UserProvisioningEventNotFound', 'The specified user provisioning event does not exist.', { id });
  return e;
}

export async function getUserProvisioningEvent(ctx: CoreContext, directoryId: string, id: string): Promise<UserProvisioningEvent> {
  await getDirectory(ctx, directoryId);
  return eventIn(ctx.store, directoryId, id);
}

export async function listUserProvisioningEvents(
  ctx: CoreContext,
  directoryId: string,
  userProvisioningId: string | undefined,
  page: PageRequest,
): Promise<Page<UserProvisioningEvent>> {
  await getDirectory(ctx, directoryId);
  return keysetPage(
    ctx,
    JSON.stringify(['ListUserProvisioningEvents', directoryId, userProvisioningId ?? null]),
    page,
    (after, limit) => ctx.store.userProvisioning.listEvents(directoryId, userProvisioningId, after, limit),
    () => ctx.store.userProvisioning.countEvents(directoryId, userProvisioningId !== undefined ? { userProvisioningId } : {}),
    (e) => e.id,
  );
}

/** Runs the event's synchronization again; it stays listed (ErrorCount counting) until a run succeeds. */
export async function retryUserProvisioningEvent(
  ctx: CoreContext,
  directoryId: string,
  eventId: string,
  duplicationStrategy: DuplicationStrategy | undefined,
  by: AuditedBy,
): Promise<void> {
  await writing(ctx, directoryId, async (tx) => {
    const e = await eventIn(tx, directoryId, eventId);
    const running = await tx.tasks.inProgressFor(syncConflictKey(e.userProvisioningId, e.id));
    if (running) throw new DomainError('TaskConflict', 'A retry of this event is in progress; retry when it has ended.', { id: e.id });
    const job = e.payload as SyncJob;
    const up: UserProvisioning = (await tx.userProvisioning.get(directoryId, e.userProvisioningId)) ?? {
      id: e.userProvisioningId,
      directoryId,
      principalType: job.snapshot.principalType,
      principalId: job.snapshot.principalId,
      targetType: 'RD-Account',
      targetId: job.snapshot.targetId,
      description: null,
      duplicationStrategy: job.snapshot.duplicationStrategy,
      deletionStrategy: job.snapshot.deletionStrategy,
      status: 'Enabled',
      latestAsyncTime: null,
      createTime: e.createTime,
      updateTime: e.updateTime,
    };
    await submitSync(tx, ctx, up, e.sourceType, {
      snapshot: job.snapshot,
      ...(job.userIds ? { userIds: job.userIds } : {}),
      retryEventId: e.id,
      ...(duplicationStrategy ? { duplicationStrategy } : {}),
    });
    await audit(tx, ctx, by, directoryId, 'RetryUserProvisioningEvent', e.userProvisioningId);
  });
}

export async function deleteUserProvisioningEvent(ctx: CoreContext, directoryId: string, userProvisioningId: string, eventId: string, by: AuditedBy): Promise<void> {
  await writing(ctx, directoryId, async (tx) => {
    const e = await eventIn(tx, directoryId, eventId);
    if (e.userProvisioningId !== userProvisioningId) {
      throw new DomainError('UserProvisioningEventNotFound', 'The specified user provisioning event does not exist.', { id: eventId });
    }
    await tx.userProvisioning.deleteEvent(directoryId, eventId);
    await audit(tx, ctx, by, directoryId, 'DeleteUserProvisioningEvent', userProvisioningId);
  });
}

export interface UserProvisioningStatistics {
  readonly directoryId: string;
  readonly entityId: string;
  readonly type: 'User Provisioning' | 'RD Account';
  readonly ownerPk: string;
  readonly failedEventCount: number;
  readonly latestAsyncTime: number | null;
}

export async function getUserProvisioningStatistics(ctx: CoreContext, directoryId: string, id: string): Promise<UserProvisioningStatistics> {
  await getDirectory(ctx, directoryId);
  const up = await provisioningIn(ctx.store, directoryId, id);
  return {
    directoryId,
    entityId: up.id,
    type: 'User Provisioning',
    ownerPk: ctx.settings.accountId,
    failedEventCount: await ctx.store.userProvisioning.countEvents(directoryId, { userProvisioningId: id }),
    latestAsyncTime: up.latestAsyncTime,
  };
}

export async function getUserProvisioningRdAccountStatistics(ctx: CoreContext, directoryId: string, accountId: string): Promise<UserProvisioningStatistics> {
  await getDirectory(ctx, directoryId);
  const account = await targetAccount(ctx.store, accountId);
  return {
    directoryId,
    entityId: account.id,
    type: 'RD Account',
    ownerPk: ctx.settings.accountId,
    failedEventCount: await ctx.store.userProvisioning.countEvents(directoryId, { targetId: account.id }),
    latestAsyncTime: await ctx.store.userProvisioning.latestAsyncTimeOnAccount(directoryId, account.id),
  };
}

// ---- keeping in step: called by the user and group core functions, inside their transactions ----

/** A user changed (renamed, relabelled, enabled or disabled): every provisioning that keeps or covers it synchronizes that user. */
export async function userChanged(tx: Store, ctx: CoreContext, directoryId: string, userId: string): Promise<void> {
  for (const up of await tx.userProvisioning.ofUser(directoryId, userId)) await submitSync(tx, ctx, up, 'StartProvisioning', { userIds: [userId] });
}

/**
 * A user is being deleted (call before the row goes): a provisioning of that user goes with it
 * (UserProvisioningDeletionClearing), and group provisionings that keep a RAM user for it release it.
 */
export async function userDeleted(tx: Store, ctx: CoreContext, directoryId: string, userId: string): Promise<void> {
  const own = await tx.userProvisioning.ofPrincipal(directoryId, { type: 'User', id: userId });
  for (const up of own) await removeProvisioning(tx, ctx, up, 'UserProvisioningDeletionClearing');
  const ownIds = new Set(own.map((u) => u.id));
  for (const m of await tx.userProvisioning.ramUsersOfUser(directoryId, userId)) {
    if (ownIds.has(m.userProvisioningId)) continue;
    const up = await tx.userProvisioning.get(directoryId, m.userProvisioningId);
    if (up) await submitSync(tx, ctx, up, 'RemoveUserFromGroup', { userIds: [userId] });
  }
}

/** Members joined or left a group: its provisionings synchronize those users (all of them when `userIds` is absent). */
export async function groupMembersChanged(
  tx: Store,
  ctx: CoreContext,
  directoryId: string,
  groupId: string,
  source: 'AddUserToGroup' | 'RemoveUserFromGroup',
  userIds?: readonly string[],
): Promise<void> {
  for (const up of await tx.userProvisioning.ofPrincipal(directoryId, { type: 'Group', id: groupId })) {
    await submitSync(tx, ctx, up, source, userIds ? { userIds } : {});
  }
}

/** A group is being deleted: its provisionings go with it, their RAM users handled per DeletionStrategy. */
export async function groupDeleted(tx: Store, ctx: CoreContext, directoryId: string, groupId: string): Promise<void> {
  for (const up of await tx.userProvisioning.ofPrincipal(directoryId, { type: 'Group', id: groupId })) {
    await removeProvisioning(tx, ctx, up, 'UserProvisioningDeletionClearing');
  }
}
