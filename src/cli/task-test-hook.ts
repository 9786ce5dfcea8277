import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { TASK_TYPES, type TaskHandler, type TaskType } from '../core/tasks.js';

/**
 * For tests of the real process only (a kill -9 in the middle of a task, then a restart):
 * `CLOUDSSO_TEST_TASK_HANDLER` replaces every task handler with a synthetic one that appends
 * `<TaskId> <pid>` to `<data dir>/task-runs.log` and then, with `block`, never ends; with
 * `succeed`, ends at once. Unset (always, outside tests), the real handlers run.
 */
export const TEST_TASK_HANDLER_ENV = 'CLOUDSSO_TEST_TASK_HANDLER';

export function testTaskHandlers(env: NodeJS.ProcessEnv, dataDir: string): Partial<Record<TaskType, TaskHandler>> | undefined {
  const mode = env[TEST_TASK_HANDLER_ENV];
  if (mode === undefined || mode === '') return undefined;
  if (mode !== 'block' && mode !== 'succeed') throw new Error(`${TEST_TASK_HANDLER_ENV} must be block or succeed.`);
  const handler: TaskHandler = async (_deps, task) => {
    appendFileSync(join(dataDir, 'task-runs.log'), `${task.taskId} ${process.pid}\n`);
    if (mode === 'block') await new Promise<never>(() => undefined);
  };
  return Object.fromEntries(TASK_TYPES.map((t) => [t, handler]));
}
