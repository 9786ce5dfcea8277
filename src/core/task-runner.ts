import { randomBytes } from 'node:crypto';
import type { CoreContext, TaskSignal } from './context.js';
import { isDomainError } from './errors.js';
import type { TaskCompletion } from './ports/tasks.js';
import type { TaskHandler, TaskRecord, TaskType } from './tasks.js';

/**
 * The task runner (docs/decisions/0100-durable-tasks.md): every node runs one. It polls the store
 * for due tasks, claims one with a lease (owner + expiry; on PostgreSQL `FOR UPDATE SKIP LOCKED`,
 * so no two nodes claim the same task), extends the lease while the handler runs, and records the
 * outcome only while it still holds the lease. A node that dies mid-task stops extending its
 * lease; once it runs out, any node claims the task again and reruns it (handlers are idempotent).
 * Each claim counts an attempt; a task claimed more than `maxAttempts` times ends Failed, so none
 * stays InProgress forever.
 */

export interface TaskRunnerLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface TaskRunnerOptions {
  readonly handlers: Partial<Record<TaskType, TaskHandler>>;
  readonly log: TaskRunnerLog;
  /** How long a claim holds without a heartbeat (CLOUDSSO_TASK_LEASE_SECONDS). */
  readonly leaseMs?: number;
  /** How often an idle runner looks for due tasks (other nodes' submissions, expired leases). */
  readonly pollMs?: number;
  /** Claims before a task that never finished ends Failed (CLOUDSSO_TASK_MAX_ATTEMPTS). */
  readonly maxAttempts?: number;
  /** Tasks this node runs at once. */
  readonly concurrency?: number;
  /** This node's name in `lease_owner`; random by default. */
  readonly owner?: string;
  /** Told when a handler starts and ends (the `cloudsso_tasks_in_flight` gauge). */
  readonly observe?: { started(taskType: TaskType): void; ended(taskType: TaskType): void };
}

export interface TaskRunner {
  readonly owner: string;
  start(): void;
  /** Looks for due tasks now (after a submitting transaction committed). */
  kick(): void;
  /**
   * Stops claiming, waits up to `graceMs` for the tasks in hand to end, then releases the leases of
   * any still running (another node takes them over at once rather than after the lease).
   */
  stop(graceMs?: number): Promise<void>;
}

export const DEFAULT_TASK_LEASE_MS = 30_000;
export const DEFAULT_TASK_POLL_MS = 1_000;
export const DEFAULT_TASK_MAX_ATTEMPTS = 3;

/** The generic FailureReason of an unexpected error: its detail is logged, never shown. */
export const INTERNAL_FAILURE_REASON = 'An internal error occurred while running the task.';

/** A kick target for CoreContext.tasks that a runner attaches to once it exists. */
export function createTaskSignal(): TaskSignal & { attach(fn: () => void): void } {
  let target: (() => void) | undefined;
  return {
    kick: () => target?.(),
    attach(fn) {
      target = fn;
    },
  };
}

export function createTaskRunner(ctx: CoreContext, opts: TaskRunnerOptions): TaskRunner {
  const owner = opts.owner ?? `node-${randomBytes(6).toString('hex')}`;
  const leaseMs = opts.leaseMs ?? DEFAULT_TASK_LEASE_MS;
  const pollMs = opts.pollMs ?? DEFAULT_TASK_POLL_MS;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_TASK_MAX_ATTEMPTS;
  const concurrency = Math.max(1, opts.concurrency ?? 1);
  const store = ctx.store;
  const log = opts.log;

  let stopping = false;
  let loops: Promise<void>[] = [];
  // Tasks this node is running, with their heartbeat timers.
  const inHand = new Map<string, NodeJS.Timeout>();
  // Sleeping workers, each woken by a kick or by stop().
  const sleepers = new Set<() => void>();
  let kicked = false;
  const wake = () => {
    kicked = true;
    for (const w of [...sleepers]) w();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (kicked || stopping) {
        kicked = false;
        return resolve();
      }
      const done = () => {
        clearTimeout(timer);
        sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      sleepers.add(done);
    });

  async function finish(task: TaskRecord, c: TaskCompletion): Promise<void> {
    const recorded = await store.tasks.complete(task.taskId, owner, c);
    if (!recorded) log.warn({ taskId: task.taskId, owner }, 'task outcome not recorded: this node no longer holds its lease');
  }

  async function run(task: TaskRecord): Promise<void> {
    if (task.attempts > maxAttempts) {
      log.warn({ taskId: task.taskId, attempts: task.attempts - 1 }, 'task abandoned: it did not finish in its allowed attempts');
      await finish(task, {
        status: 'Failed',
        endTime: ctx.clock.now(),
        failureReason: `The task was interrupted ${maxAttempts} time${maxAttempts === 1 ? '' : 's'} before it could finish and was not retried.`,
      });
      return;
    }
    const handler = opts.handlers[task.taskType];
    if (!handler) {
      log.error({ taskId: task.taskId, taskType: task.taskType }, 'no handler for this task type');
      await finish(task, { status: 'Failed', endTime: ctx.clock.now(), failureReason: INTERNAL_FAILURE_REASON });
      return;
    }
    const heartbeat: NodeJS.Timeout = setInterval(
      () => {
        store.tasks.heartbeat(task.taskId, owner, ctx.clock.now() + leaseMs).then(
          (held) => {
            if (!held) log.warn({ taskId: task.taskId, owner }, 'task lease lost while running');
          },
          (err: unknown) => log.warn({ err, taskId: task.taskId }, 'task heartbeat failed'),
        );
      },
      Math.max(50, Math.floor(leaseMs / 3)),
    );
    inHand.set(task.taskId, heartbeat);
    let outcome: TaskCompletion;
    opts.observe?.started(task.taskType);
    try {
      await handler({ store, ctx }, task);
      outcome = { status: 'Success', endTime: ctx.clock.now(), failureReason: null };
    } catch (err) {
      if (isDomainError(err)) {
        outcome = { status: 'Failed', endTime: ctx.clock.now(), failureReason: err.message };
      } else {
        log.error({ err, taskId: task.taskId, taskType: task.taskType }, 'task failed with an unexpected error');
        outcome = { status: 'Failed', endTime: ctx.clock.now(), failureReason: INTERNAL_FAILURE_REASON };
      }
    } finally {
      clearInterval(heartbeat);
      opts.observe?.ended(task.taskType);
    }
    await finish(task, outcome);
  }

  /** Claims and runs one due task; false if there was none. */
  async function runOne(): Promise<boolean> {
    const now = ctx.clock.now();
    const task = await store.tasks.claim(owner, now, now + leaseMs);
    if (!task) return false;
    try {
      await run(task);
    } finally {
      inHand.delete(task.taskId);
    }
    return true;
  }

  async function worker(): Promise<void> {
    while (!stopping) {
      let ran = false;
      try {
        ran = await runOne();
      } catch (err) {
        if (!stopping) log.warn({ err }, 'task runner: claiming or completing a task failed');
      }
      if (!ran && !stopping) await sleep(pollMs);
    }
  }

  return {
    owner,
    start() {
      if (loops.length > 0) return;
      stopping = false;
      loops = Array.from({ length: concurrency }, () => worker());
    },
    kick: wake,
    async stop(graceMs = 10_000) {
      stopping = true;
      wake();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const result = await Promise.race([Promise.all(loops).then(() => 'done' as const), timedOut]);
      clearTimeout(timer);
      if (result === 'timeout') {
        for (const [taskId, heartbeat] of inHand) {
          clearInterval(heartbeat);
          await store.tasks.release(taskId, owner).catch((err: unknown) => log.warn({ err, taskId }, 'releasing a task lease failed'));
          log.warn({ taskId }, 'task still running at shutdown: its lease was released for another node');
        }
      }
      loops = [];
    },
  };
}
