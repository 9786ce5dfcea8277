/**
 * CloudSSO tasks as durable jobs (docs/decisions/0100-durable-tasks.md): each is a row that the
 * task runner claims with a lease, runs, and completes. The CloudSSO fields are the Task object's
 * (reference cloudsso-access.md §1.5); times are epoch milliseconds.
 */
export const TASK_TYPES = ['ProvisionAccessConfiguration', 'DeprovisionAccessConfiguration', 'CreateAccessAssignment', 'DeleteAccessAssignment'] as const;
/**
 * Tasks the server runs for itself and CloudSSO's task APIs do not show: the synchronizations of
 * RAM user provisioning (docs/decisions/0180-user-provisioning.md). ListTasks, GetTask and the
 * statistics see only TASK_TYPES.
 */
export const INTERNAL_TASK_TYPES = ['SyncUserProvisioning'] as const;
export type TaskType = (typeof TASK_TYPES)[number] | (typeof INTERNAL_TASK_TYPES)[number];

export const TASK_STATUSES = ['InProgress', 'Success', 'Failed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskRecord {
  readonly taskId: string;
  readonly directoryId: string;
  readonly taskType: TaskType;
  readonly status: TaskStatus;
  readonly accessConfigurationId: string;
  readonly accessConfigurationName: string | null;
  readonly targetType: string;
  readonly targetId: string;
  readonly targetName: string | null;
  readonly targetPath: string | null;
  readonly targetPathName: string | null;
  readonly originTargetId: string | null;
  readonly principalType: string | null;
  readonly principalId: string | null;
  readonly principalName: string | null;
  /** Only when Failed. */
  readonly failureReason: string | null;
  readonly createTime: number;
  readonly startTime: number;
  /** Absent while InProgress. */
  readonly endTime: number | null;
  /** The handler's input, as submitted (JSON). */
  readonly payload: unknown;
  /** How many times a runner has claimed the task (1 on its first run). */
  readonly attempts: number;
}

/** A task as submitted: InProgress, due at `nextRunAt`, unclaimed. */
export interface TaskInsert extends Omit<TaskRecord, 'status' | 'failureReason' | 'endTime' | 'attempts'> {
  readonly conflictKey: string;
  readonly nextRunAt: number;
}

/** ListTasks' conditions; the page is newest first, keyset on (createTime, taskId). */
export interface TaskQuery {
  readonly directoryId: string;
  /** Tasks created at or after this time. */
  readonly since: number;
  readonly status?: TaskStatus | undefined;
  readonly taskType?: TaskType | undefined;
  readonly accessConfigurationId?: string | undefined;
  readonly principal?: { readonly type: string; readonly id: string } | undefined;
  readonly target?: { readonly type: string; readonly id: string } | undefined;
}

export interface TaskCompletion {
  readonly status: 'Success' | 'Failed';
  readonly endTime: number;
  readonly failureReason: string | null;
}

export interface TaskRepository {
  /** Throws DomainError TaskConflict when an InProgress task holds the same conflict key. */
  insert(t: TaskInsert): Promise<void>;
  get(directoryId: string, taskId: string): Promise<TaskRecord | undefined>;
  /** The InProgress task holding `conflictKey`, if any. */
  inProgressFor(conflictKey: string): Promise<TaskRecord | undefined>;
  /** InProgress tasks of the directory, optionally of one access configuration (deletion conflicts, statistics). */
  countInProgress(directoryId: string, accessConfigurationId?: string): Promise<number>;
  list(q: TaskQuery, after: { createTime: number; taskId: string } | undefined, limit: number): Promise<TaskRecord[]>;
  count(q: TaskQuery): Promise<number>;
  /** Every task of the directory (GetDirectoryStatistics). */
  countAll(directoryId: string): Promise<number>;
  /**
   * Claims one due task: InProgress, `next_run_at <= now`, and no lease or an expired one. Sets the
   * lease (`owner` until `leaseUntil`) and counts the attempt, in one statement; on PostgreSQL the
   * candidate row is locked `FOR UPDATE SKIP LOCKED`, so concurrent nodes never claim the same task.
   */
  claim(owner: string, now: number, leaseUntil: number): Promise<TaskRecord | undefined>;
  /** Extends the lease while `owner` still holds it; false if it was lost. */
  heartbeat(taskId: string, owner: string, leaseUntil: number): Promise<boolean>;
  /** Gives the lease back without completing (a stopping node), uncounting the attempt. */
  release(taskId: string, owner: string): Promise<boolean>;
  /** Ends the task if `owner` still holds its lease (owner null: whoever holds it); false otherwise. */
  complete(taskId: string, owner: string | null, c: TaskCompletion): Promise<boolean>;
  /** Deletes at most `batch` ended tasks created before `before`; returns how many. */
  prune(before: number, batch: number): Promise<number>;
}
