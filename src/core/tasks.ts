import type { CoreContext } from './context.js';
import { getDirectory } from './directories.js';
import { DomainError } from './errors.js';
import { newId } from './ids.js';
import { keysetPage, type Page, type PageRequest } from './paging.js';
import type { Store } from './ports/store.js';
import type { TaskQuery, TaskRecord, TaskStatus, TaskType } from './ports/tasks.js';

export type { TaskRecord, TaskStatus, TaskType } from './ports/tasks.js';
export { TASK_STATUSES, TASK_TYPES } from './ports/tasks.js';

/**
 * CloudSSO tasks (docs/decisions/0100-durable-tasks.md). The six asynchronous operations
 * (CreateAccessAssignment, ProvisionAccessConfiguration, ...) submit a task inside their own
 * transaction and answer with it InProgress; the task runner (task-runner.ts) claims it, runs the
 * handler registered for its type (task-handlers.ts) and records Success or Failed. Clients poll
 * GetTaskStatus/GetTask or ListTasks.
 */

export interface NewTask {
  readonly directoryId: string;
  readonly taskType: TaskType;
  readonly accessConfigurationId: string;
  readonly accessConfigurationName?: string | undefined;
  readonly targetType: string;
  readonly targetId: string;
  readonly targetName?: string | undefined;
  readonly targetPath?: string | undefined;
  readonly targetPathName?: string | undefined;
  readonly originTargetId?: string | undefined;
  readonly principalType?: string | undefined;
  readonly principalId?: string | undefined;
  readonly principalName?: string | undefined;
  /** The handler's input, stored as JSON. Never a secret: tasks are listed to administrators. */
  readonly payload?: unknown;
  /** Overrides the default conflict key (configuration + target): internal tasks serialize on their own key. */
  readonly conflictKey?: string | undefined;
}

/**
 * What a task type does. Resolving ends the task Success; throwing a DomainError ends it Failed
 * with the error's message as FailureReason (so the message must hold no secret); any other error
 * ends it Failed with a generic reason and the detail goes to the log.
 *
 * Handlers MUST be idempotent: a task may run again from the start after its node died mid-way
 * (the lease ran out and another runner claimed it), so every step must tolerate having been
 * done already (create-if-absent, delete-if-present, attach-if-not-attached). `deps.store` is not
 * in a transaction: open one (`store.transaction`) for each step that must be atomic, and keep
 * them short (SQLite has one writer).
 */
export type TaskHandler = (deps: { store: Store; ctx: CoreContext }, task: TaskRecord) => Promise<void>;

/** ListTasks and retention: CloudSSO keeps tasks visible for 7 days. */
export const TASK_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;
/** ListTasks without a Filter: the last 24 hours. */
export const TASK_DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

/** At most one InProgress task per access configuration and target (OperationConflict.Task). */
export function taskConflictKey(t: Pick<NewTask, 'directoryId' | 'accessConfigurationId' | 'targetType' | 'targetId'>): string {
  return JSON.stringify([t.directoryId, t.accessConfigurationId, t.targetType, t.targetId]);
}

const taskConflict = (running: string) =>
  new DomainError('TaskConflict', `A task (${running}) on this access configuration and target is in progress; retry when it has ended.`, { id: running });

/**
 * Records a task InProgress with StartTime now, due at once. Call it INSIDE the transaction that
 * makes the change the task carries out, then, after that transaction commits, `kickTasks(ctx)`
 * so this node's runner starts it without waiting for its next poll. Throws TaskConflict
 * (OperationConflict.Task) while another task on the same access configuration and target is
 * InProgress; a concurrent submit that races past the check fails on the database's unique index.
 */
export async function submitTask(tx: Store, ctx: CoreContext, input: NewTask): Promise<TaskRecord> {
  if (ctx.tasks) lastSubmitted.set(ctx.tasks, performance.now());
  const conflictKey = input.conflictKey ?? taskConflictKey(input);
  const running = await tx.tasks.inProgressFor(conflictKey);
  if (running) throw taskConflict(running.taskId);
  const now = ctx.clock.now();
  const task: TaskRecord = {
    taskId: newId('t', now),
    directoryId: input.directoryId,
    taskType: input.taskType,
    status: 'InProgress',
    accessConfigurationId: input.accessConfigurationId,
    accessConfigurationName: input.accessConfigurationName ?? null,
    targetType: input.targetType,
    targetId: input.targetId,
    targetName: input.targetName ?? null,
    targetPath: input.targetPath ?? null,
    targetPathName: input.targetPathName ?? null,
    originTargetId: input.originTargetId ?? null,
    principalType: input.principalType ?? null,
    principalId: input.principalId ?? null,
    principalName: input.principalName ?? null,
    failureReason: null,
    createTime: now,
    startTime: now,
    endTime: null,
    payload: input.payload,
    attempts: 0,
  };
  const { status: _s, failureReason: _f, endTime: _e, attempts: _a, ...insert } = task;
  await tx.tasks.insert({ ...insert, conflictKey, nextRunAt: now });
  return task;
}

/**
 * When this process last recorded a task, by the runner it would wake (`ctx.tasks`, which every
 * context of the process shares). `performance.now()`: the process's own time, whatever clock the
 * core is given.
 */
const lastSubmitted = new WeakMap<object, number>();

/**
 * How long after a task was recorded a kick still wakes the runner: far longer than a transaction
 * that records one takes to commit. A transaction slower than that leaves its task to the next
 * poll (DEFAULT_TASK_POLL_MS).
 */
export const KICK_WINDOW_MS = 10_000;

/**
 * Wakes this node's runner; call after the transaction that may have submitted tasks has
 * committed. Most such transactions submitted none (a SCIM write that no provisioning follows),
 * and a woken runner looks for due tasks at once, in vain: so the kick wakes it only if this
 * process recorded a task within KICK_WINDOW_MS. Never missed for a task of the caller's
 * transaction (it was recorded moments before); at worst another transaction's kick comes with it.
 */
export function kickTasks(ctx: CoreContext): void {
  const runner = ctx.tasks;
  if (!runner) return;
  const at = lastSubmitted.get(runner);
  if (at !== undefined && performance.now() - at <= KICK_WINDOW_MS) runner.kick();
}

/**
 * GetTask / GetTaskStatus. A task pruned after the 7-day retention is gone: EntityNotExists.Task,
 * as for an ID that never existed (docs/decisions/0101-task-retention.md).
 */
export async function getTask(ctx: CoreContext, directoryId: string, taskId: string): Promise<TaskRecord> {
  await getDirectory(ctx, directoryId);
  const task = await ctx.store.tasks.get(directoryId, taskId);
  if (!task) throw new DomainError('TaskNotFound', 'The specified task does not exist.', { id: taskId });
  return task;
}

export interface ListTasksInput {
  /** From `Filter=StartTime ge <time>`; the last 24 hours if absent. At most 7 days back. */
  readonly since?: number | undefined;
  readonly status?: TaskStatus | undefined;
  readonly taskType?: TaskType | undefined;
  readonly accessConfigurationId?: string | undefined;
  readonly principal?: { readonly type: string; readonly id: string } | undefined;
  readonly target?: { readonly type: string; readonly id: string } | undefined;
}

/**
 * ListTasks: newest first, keyset-paged on (CreateTime, TaskId). The window start is carried in
 * the NextToken, so the default "last 24 hours" does not move between the pages of one listing.
 */
export async function listTasks(ctx: CoreContext, directoryId: string, input: ListTasksInput, page: PageRequest): Promise<Page<TaskRecord>> {
  await getDirectory(ctx, directoryId);
  const now = ctx.clock.now();
  if (input.since !== undefined && input.since < now - TASK_RETENTION_MS) {
    throw new DomainError('InvalidFilter', 'The StartTime of the Filter must be within the last 7 days.', { field: 'Filter' });
  }
  const { since: given, ...conditions } = input;
  const queryKey = JSON.stringify(['ListTasks', directoryId, conditions, given ?? null]);
  let since = given ?? now - TASK_DEFAULT_WINDOW_MS;
  const q = (): TaskQuery => ({ directoryId, since, ...conditions });
  return keysetPage(
    ctx,
    queryKey,
    page,
    (after, limit) => {
      let cursor: { createTime: number; taskId: string } | undefined;
      if (after !== undefined) {
        const [s, t, id] = after.split(' ');
        since = Number(s);
        cursor = { createTime: Number(t), taskId: id ?? '' };
      }
      return ctx.store.tasks.list(q(), cursor, limit);
    },
    () => ctx.store.tasks.count(q()),
    (task) => `${since} ${task.createTime} ${task.taskId}`,
  );
}

/** Retention: deletes ended tasks older than 7 days, in batches; returns how many. */
export async function pruneTasks(ctx: CoreContext, batch = 500): Promise<number> {
  const before = ctx.clock.now() - TASK_RETENTION_MS;
  let total = 0;
  for (;;) {
    const n = await ctx.store.tasks.prune(before, batch);
    total += n;
    if (n < batch) return total;
  }
}
