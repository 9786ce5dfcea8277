import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RamRepository } from '../core/ports/ram.js';
import type { Store } from '../core/ports/store.js';
import { taskHandlers as realTaskHandlers } from '../core/task-handlers.js';
import { TASK_TYPES, type TaskHandler, type TaskRecord, type TaskType } from '../core/tasks.js';

/**
 * For tests of the real process only (a kill -9 in the middle of a task, then a restart):
 * `CLOUDSSO_TEST_TASK_HANDLER` replaces every task handler with a synthetic one that appends
 * `<TaskId> <pid>` to `<data dir>/task-runs.log` and then, with `block`, never ends; with
 * `succeed`, ends at once. Unset (always, outside tests), the real handlers run.
 */
export const TEST_TASK_HANDLER_ENV = 'CLOUDSSO_TEST_TASK_HANDLER';

/**
 * Also for tests only: `CLOUDSSO_TEST_TASK_PAUSE=<step>` keeps the REAL task handlers but stops a
 * task between two of its steps in the member account, so that a test can kill the process
 * exactly there. The first time any task reaches the step, the handler writes
 * `<TaskId> <pid> <step>` to `<data dir>/task-paused` and then waits forever (inside its
 * transaction, as a crash there would leave it). Steps:
 * - `before-policy-attach`: provisioning has made the SAML provider, the role and the inline
 *   policy, and is about to attach the first policy to the role;
 * - `before-role-delete`: deprovisioning has detached the role's policies and is about to delete it.
 * Unset (always, outside tests), nothing is wrapped.
 */
export const TEST_TASK_PAUSE_ENV = 'CLOUDSSO_TEST_TASK_PAUSE';

/** Each step, as the RAM store call that comes right after it. */
const PAUSE_STEPS = { 'before-policy-attach': 'attach', 'before-role-delete': 'deleteRole' } as const satisfies Record<string, keyof RamRepository>;
type PauseStep = keyof typeof PAUSE_STEPS;

export function testTaskHandlers(env: NodeJS.ProcessEnv, dataDir: string): Partial<Record<TaskType, TaskHandler>> | undefined {
  const mode = env[TEST_TASK_HANDLER_ENV];
  const pause = env[TEST_TASK_PAUSE_ENV];
  if (pause !== undefined && pause !== '') {
    if (mode !== undefined && mode !== '') throw new Error(`${TEST_TASK_HANDLER_ENV} and ${TEST_TASK_PAUSE_ENV} cannot be set together.`);
    if (!Object.hasOwn(PAUSE_STEPS, pause)) throw new Error(`${TEST_TASK_PAUSE_ENV} must be one of ${Object.keys(PAUSE_STEPS).join(', ')}.`);
    return pausingHandlers(pause as PauseStep, dataDir);
  }
  if (mode === undefined || mode === '') return undefined;
  if (mode !== 'block' && mode !== 'succeed') throw new Error(`${TEST_TASK_HANDLER_ENV} must be block or succeed.`);
  const handler: TaskHandler = async (_deps, task) => {
    appendFileSync(join(dataDir, 'task-runs.log'), `${task.taskId} ${process.pid}\n`);
    if (mode === 'block') await new Promise<never>(() => undefined);
  };
  return Object.fromEntries(TASK_TYPES.map((t) => [t, handler]));
}

/** The real handlers, each given a store whose RAM repository stops at `step` (in every transaction it opens). */
function pausingHandlers(step: PauseStep, dataDir: string): Partial<Record<TaskType, TaskHandler>> {
  const method = PAUSE_STEPS[step];
  const stopAt = (task: TaskRecord) => async (): Promise<never> => {
    writeFileSync(join(dataDir, 'task-paused'), `${task.taskId} ${process.pid} ${step}\n`);
    return new Promise<never>(() => undefined);
  };
  const wrap = (store: Store, stop: () => Promise<never>): Store => {
    const ram = new Proxy(store.ram, {
      get: (target, key, receiver) => (key === method ? stop : Reflect.get(target, key, receiver)),
    });
    return new Proxy(store, {
      get: (target, key, receiver) => {
        if (key === 'ram') return ram;
        if (key === 'transaction') return <T>(fn: (tx: Store) => Promise<T>) => target.transaction((tx) => fn(wrap(tx, stop)));
        return Reflect.get(target, key, receiver);
      },
    });
  };
  return Object.fromEntries(
    Object.entries(realTaskHandlers).map(([type, handler]) => [
      type,
      ((deps, task) => handler({ ...deps, store: wrap(deps.store, stopAt(task)) }, task)) satisfies TaskHandler,
    ]),
  );
}
