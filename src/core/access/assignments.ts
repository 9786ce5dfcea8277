import type { CoreContext } from '../context.js';
import { getDirectory, lockDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import { decodeNextToken, encodeNextToken, type Page, type PageRequest } from '../paging.js';
import type { Account } from '../ports/accounts.js';
import type { AccessAssignment, AccessProvisioning, AssignmentKey, AssignmentQuery, PrincipalType, ProvisioningQuery } from '../ports/access.js';
import type { Store } from '../ports/store.js';
import type { AuditedBy } from '../provenance.js';
import { kickTasks, submitTask, type NewTask, type TaskRecord } from '../tasks.js';
import { recordAudit } from '../audit.js';
import { configurationIn } from './configurations.js';

/**
 * Access assignments and provisioning requests (cloudsso-access.md §3; docs/decisions/0106):
 * the six mutating operations check what they can at once, then submit a durable task in the same
 * transaction and answer with it InProgress; the task (./task-handlers.ts) changes the assignment
 * rows and the member account. OperationConflict.Task while a task on the same configuration and
 * account is in progress.
 */
export const TARGET_TYPE = 'RD-Account';
export const DEPROVISION_STRATEGIES = ['DeprovisionForLastAccessAssignmentOnAccount', 'None'] as const;
export type DeprovisionStrategy = (typeof DEPROVISION_STRATEGIES)[number];

/** A target account of the Resource Directory (the management account included). */
export async function targetAccount(store: Store, accountId: string): Promise<Account> {
  const account = (await store.accounts.getDirectory()) ? await store.accounts.getAccount(accountId) : undefined;
  if (!account) {
    throw new DomainError('AccountNotFound', `The account "${accountId}" is not an account of the resource directory.`, { field: 'TargetId', id: accountId });
  }
  return account;
}

/** The user's or group's name, or EntityNotExists.User / .Group. */
export async function principalName(store: Store, directoryId: string, type: PrincipalType, id: string): Promise<string> {
  if (type === 'User') {
    const user = await store.users.get(directoryId, id);
    if (!user) throw new DomainError('UserNotFound', 'The specified user does not exist.', { id });
    return user.userName;
  }
  const group = await store.groups.get(directoryId, id);
  if (!group) throw new DomainError('GroupNotFound', 'The specified group does not exist.', { id });
  return group.name;
}

/**
 * Submits the task an action asks for, on an access configuration and an account, and audits the
 * action (its name is the task type) in the same transaction.
 */
async function submitAccessTask(
  tx: Store,
  ctx: CoreContext,
  by: AuditedBy,
  ac: { readonly id: string; readonly name: string },
  task: Omit<NewTask, 'accessConfigurationId' | 'accessConfigurationName' | 'targetType'>,
): Promise<TaskRecord> {
  const submitted = await submitTask(tx, ctx, { ...task, accessConfigurationId: ac.id, accessConfigurationName: ac.name, targetType: TARGET_TYPE });
  await recordAudit(tx, ctx, by, { directoryId: task.directoryId, action: task.taskType, resourceType: 'access-configuration', resourceId: ac.id });
  return submitted;
}

/** Submits inside the caller's transaction, and starts the runner once it has committed. */
async function submitting<T>(ctx: CoreContext, fn: (tx: Store) => Promise<T>): Promise<T> {
  const result = await ctx.store.transaction(fn);
  kickTasks(ctx);
  return result;
}

export async function createAccessAssignment(ctx: CoreContext, directoryId: string, key: AssignmentKey, by: AuditedBy): Promise<TaskRecord> {
  return submitting(ctx, async (tx) => {
    await lockDirectory(tx, directoryId);
    const ac = await configurationIn(tx, directoryId, key.accessConfigurationId);
    const name = await principalName(tx, directoryId, key.principalType, key.principalId);
    const account = await targetAccount(tx, key.targetId);
    if (await tx.access.getAssignment(key)) {
      throw new DomainError('AccessAssignmentExists', 'The principal already has this access configuration on this account.');
    }
    return submitAccessTask(tx, ctx, by, ac, {
      directoryId,
      taskType: 'CreateAccessAssignment',
      targetId: account.id,
      targetName: account.displayName,
      principalType: key.principalType,
      principalId: key.principalId,
      principalName: name,
    });
  });
}

export async function deleteAccessAssignment(
  ctx: CoreContext,
  directoryId: string,
  key: AssignmentKey,
  strategy: DeprovisionStrategy,
  by: AuditedBy,
): Promise<TaskRecord> {
  return submitting(ctx, async (tx) => {
    await lockDirectory(tx, directoryId);
    const ac = await configurationIn(tx, directoryId, key.accessConfigurationId);
    if (!(await tx.access.getAssignment(key))) {
      throw new DomainError('AccessAssignmentNotFound', 'The access assignment does not exist.');
    }
    const account = await tx.accounts.getAccount(key.targetId);
    const name = await principalName(tx, directoryId, key.principalType, key.principalId).catch(() => undefined);
    return submitAccessTask(tx, ctx, by, ac, {
      directoryId,
      taskType: 'DeleteAccessAssignment',
      targetId: key.targetId,
      targetName: account?.displayName,
      principalType: key.principalType,
      principalId: key.principalId,
      principalName: name,
      payload: { deprovisionStrategy: strategy },
    });
  });
}

export async function provisionAccessConfiguration(
  ctx: CoreContext,
  directoryId: string,
  accessConfigurationId: string,
  targetId: string,
  by: AuditedBy,
): Promise<TaskRecord> {
  return submitting(ctx, async (tx) => {
    await lockDirectory(tx, directoryId);
    const ac = await configurationIn(tx, directoryId, accessConfigurationId);
    const account = await targetAccount(tx, targetId);
    return submitAccessTask(tx, ctx, by, ac, { directoryId, taskType: 'ProvisionAccessConfiguration', targetId: account.id, targetName: account.displayName });
  });
}

export async function deprovisionAccessConfiguration(
  ctx: CoreContext,
  directoryId: string,
  accessConfigurationId: string,
  targetId: string,
  by: AuditedBy,
): Promise<TaskRecord> {
  return submitting(ctx, async (tx) => {
    await lockDirectory(tx, directoryId);
    const ac = await configurationIn(tx, directoryId, accessConfigurationId);
    if (!(await tx.access.getProvisioning(ac.id, targetId))) {
      throw new DomainError('AccessProvisioningNotFound', 'The access configuration is not provisioned to this account.', { field: 'TargetId' });
    }
    const assignments = await tx.access.countAssignments(directoryId, { accessConfigurationId: ac.id, targetId });
    if (assignments > 0) {
      throw new DomainError(
        'ProvisioningHasAssignments',
        `${assignments} access assignment(s) use the access configuration on this account; delete them first, or delete the last one with DeprovisionStrategy=DeprovisionForLastAccessAssignmentOnAccount.`,
      );
    }
    const account = await tx.accounts.getAccount(targetId);
    return submitAccessTask(tx, ctx, by, ac, { directoryId, taskType: 'DeprovisionAccessConfiguration', targetId, targetName: account?.displayName });
  });
}

/** The names a listed assignment or provisioning shows beside its IDs. */
export interface DisplayNames {
  readonly accessConfigurationName: string;
  readonly principalName?: string;
  readonly targetName: string;
}

async function names(
  store: Store,
  directoryId: string,
  item: { accessConfigurationId: string; targetId: string; principalType?: PrincipalType; principalId?: string },
): Promise<DisplayNames> {
  const ac = await store.access.getConfiguration(directoryId, item.accessConfigurationId);
  const account = await store.accounts.getAccount(item.targetId);
  const principal =
    item.principalType && item.principalId ? await principalName(store, directoryId, item.principalType, item.principalId).catch(() => '') : undefined;
  return { accessConfigurationName: ac?.name ?? '', targetName: account?.displayName ?? '', ...(principal !== undefined ? { principalName: principal } : {}) };
}

/** Keyset paging over a composite key, carried as JSON in the MACed NextToken. */
async function compositePage<T, K>(
  ctx: CoreContext,
  query: string,
  page: PageRequest,
  fetch: (after: K | undefined, limit: number) => Promise<T[]>,
  count: () => Promise<number>,
  keyOf: (item: T) => K,
): Promise<Page<T>> {
  const after = page.nextToken ? (JSON.parse(decodeNextToken(ctx, query, page.nextToken)) as K) : undefined;
  const rows = await fetch(after, page.maxResults + 1);
  const items = rows.slice(0, page.maxResults);
  const more = rows.length > page.maxResults;
  return {
    items,
    total: await count(),
    maxResults: page.maxResults,
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- more is true only when the page holds items
    ...(more ? { nextToken: encodeNextToken(ctx, query, JSON.stringify(keyOf(items[items.length - 1]!))) } : {}),
  };
}

export async function listAccessAssignments(
  ctx: CoreContext,
  directoryId: string,
  q: AssignmentQuery,
  page: PageRequest,
): Promise<Page<AccessAssignment & DisplayNames>> {
  await getDirectory(ctx, directoryId);
  if (q.accessConfigurationId !== undefined) await configurationIn(ctx.store, directoryId, q.accessConfigurationId);
  const result = await compositePage<AccessAssignment, AssignmentKey>(
    ctx,
    `access-assignments\n${directoryId}\n${JSON.stringify(q)}`,
    page,
    (after, limit) => ctx.store.access.listAssignments(directoryId, q, after, limit),
    () => ctx.store.access.countAssignments(directoryId, q),
    (a) => ({ accessConfigurationId: a.accessConfigurationId, targetId: a.targetId, principalType: a.principalType, principalId: a.principalId }),
  );
  const items = [];
  for (const a of result.items) items.push({ ...a, ...(await names(ctx.store, directoryId, a)) });
  return { ...result, items };
}

export async function listProvisionings(
  ctx: CoreContext,
  directoryId: string,
  q: ProvisioningQuery,
  page: PageRequest,
): Promise<Page<AccessProvisioning & DisplayNames>> {
  await getDirectory(ctx, directoryId);
  if (q.accessConfigurationId !== undefined) await configurationIn(ctx.store, directoryId, q.accessConfigurationId);
  const result = await compositePage<AccessProvisioning, { accessConfigurationId: string; targetId: string }>(
    ctx,
    `access-provisionings\n${directoryId}\n${JSON.stringify(q)}`,
    page,
    (after, limit) => ctx.store.access.listProvisionings(directoryId, q, after, limit),
    () => ctx.store.access.countProvisionings(directoryId, q),
    (p) => ({ accessConfigurationId: p.accessConfigurationId, targetId: p.targetId }),
  );
  const items = [];
  for (const p of result.items) items.push({ ...p, ...(await names(ctx.store, directoryId, p)) });
  return { ...result, items };
}
