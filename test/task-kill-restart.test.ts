import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newAccessKeyPair } from '../src/core/access-keys.js';
import type { CoreContext } from '../src/core/context.js';
import { randomBase62 } from '../src/core/ids.js';
import { submitTask } from '../src/core/tasks.js';
import { systemClock } from '../src/core/time.js';
import { openDatabase, type DbHandle } from '../src/store/db.js';
import { createStore } from '../src/store/kysely-store.js';
import { makeClient, type ApiClient } from './support/clients.js';
import { spawnCli, type CliProcess } from './support/cli-process.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { DIALECTS } from './support/server.js';

const portOf = (p: CliProcess) => Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(p.stdout())![1]);

async function until(ok: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 10: "kill -9 during a provisioning task, restart, the task completes or fails cleanly".
 * The real `cloudsso serve` runs tasks with the test handler of src/cli/task-test-hook.ts, which
 * logs each run to the data dir and then blocks; the process is killed with SIGKILL while the
 * task runs. After a restart (a 2-second lease) the task runs again to Success; a task that has
 * used its attempts ends Failed with a reason instead. Neither stays InProgress.
 */
describe.each(DIALECTS)('a task in flight when cloudsso serve is killed (-9) on %s', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloudsso-task-kill-'));
  let database: TestDatabase | undefined;
  const processes: CliProcess[] = [];
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const root = newAccessKeyPair();
  const masterKey = randomBase62(32);
  const runs = (taskId: string) =>
    existsSync(join(dataDir, 'task-runs.log'))
      ? readFileSync(join(dataDir, 'task-runs.log'), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith(`${taskId} `))
          .map((l) => Number(l.split(' ')[1]))
      : [];

  async function serve(mode: 'block' | 'succeed', extra: Record<string, string> = {}): Promise<{ p: CliProcess; api: ApiClient }> {
    const p = spawnCli(['serve'], {
      CLOUDSSO_PORT: '0',
      CLOUDSSO_DATA_DIR: dataDir,
      CLOUDSSO_LOG_LEVEL: 'silent',
      CLOUDSSO_MASTER_KEY: masterKey,
      CLOUDSSO_ROOT_ACCESS_KEY_ID: root.id,
      CLOUDSSO_ROOT_ACCESS_KEY_SECRET: root.secret,
      CLOUDSSO_TASK_LEASE_SECONDS: '2',
      CLOUDSSO_TEST_TASK_HANDLER: mode,
      ...(database ? { CLOUDSSO_DATABASE_URL: database.url } : {}),
      ...extra,
    });
    processes.push(p);
    await p.waitFor('SCIM 2.0 endpoint');
    return { p, api: makeClient('openapi-client ACS3', { endpoint: `127.0.0.1:${portOf(p)}`, key: root }) };
  }

  async function kill9(p: CliProcess): Promise<void> {
    p.child.kill('SIGKILL');
    expect((await p.exited).signal).toBe('SIGKILL');
  }

  /** A task as the access actions submit it, written by a second connection to the same database. */
  async function submit(directoryId: string, targetId: string): Promise<string> {
    const handle: DbHandle = openDatabase(database ? { postgresUrl: database.url } : { sqlitePath: join(dataDir, 'cloudsso.db') });
    try {
      const store = createStore(handle.db, handle.dialect);
      const ctx = { store, clock: systemClock } as unknown as CoreContext;
      const task = await store.transaction((tx) =>
        submitTask(tx, ctx, { directoryId, taskType: 'ProvisionAccessConfiguration', accessConfigurationId: 'ac-00000000000000000001', targetType: 'RD-Account', targetId }),
      );
      return task.taskId;
    } finally {
      await handle.close();
    }
  }

  async function readTask(taskId: string) {
    const handle = openDatabase(database ? { postgresUrl: database.url } : { sqlitePath: join(dataDir, 'cloudsso.db') });
    try {
      const r = await handle.db.selectFrom('tasks').select(['status', 'lease_owner', 'attempts']).where('task_id', '=', taskId).executeTakeFirstOrThrow();
      return { ...r, attempts: Number(r.attempts) };
    } finally {
      await handle.close();
    }
  }

  const status = async (api: ApiClient, DirectoryId: string, TaskId: string) => (await api.call('GetTaskStatus', { DirectoryId, TaskId })).TaskStatus;

  it('reruns the task after a restart to Success, or ends it Failed once its attempts are used, never InProgress for good', async () => {
    if (dialect === 'postgres') database = await createTestDatabase();
    const first = await serve('block');
    const DirectoryId = (await first.api.call('CreateDirectory', { DirectoryName: `kill-${dialect}` })).Directory.DirectoryId as string;
    const resumed = await submit(DirectoryId, '1000000000000001');
    await until(() => runs(resumed).length === 1, 20_000, 'the task to start');
    expect(await status(first.api, DirectoryId, resumed)).toMatchObject({ Status: 'InProgress' });
    await kill9(first.p);

    // Restarted: the dead process's lease runs out and the task runs again, to the end.
    const second = await serve('succeed');
    await until(async () => (await status(second.api, DirectoryId, resumed)).Status !== 'InProgress', 30_000, 'the task to end');
    const ended = await status(second.api, DirectoryId, resumed);
    expect(ended).toMatchObject({ Status: 'Success' });
    expect(ended.EndTime).toBeDefined();
    expect(runs(resumed)).toEqual([first.p.child.pid, second.p.child.pid]);
    second.p.child.kill('SIGTERM');
    await second.p.exited;

    // One attempt allowed: killed in its only run, the task ends Failed after the restart, and
    // the handler is not run again.
    const third = await serve('block', { CLOUDSSO_TASK_MAX_ATTEMPTS: '1' });
    const abandoned = await submit(DirectoryId, '1000000000000002');
    await until(() => runs(abandoned).length === 1, 20_000, 'the second task to start');
    await kill9(third.p);
    const fourth = await serve('succeed', { CLOUDSSO_TASK_MAX_ATTEMPTS: '1' });
    await until(async () => (await status(fourth.api, DirectoryId, abandoned)).Status !== 'InProgress', 30_000, 'the second task to end');
    expect(await status(fourth.api, DirectoryId, abandoned)).toMatchObject({
      Status: 'Failed',
      FailureReason: 'The task was interrupted 1 time before it could finish and was not retried.',
    });
    expect(runs(abandoned)).toEqual([third.p.child.pid]);
    fourth.p.child.kill('SIGTERM');
    expect(await fourth.p.exited).toEqual({ code: 0, signal: null });

    // Stopped with SIGTERM mid-task: after half the shutdown timeout the node hands the task back
    // (lease released, attempt uncounted) and exits cleanly.
    const fifth = await serve('block', { CLOUDSSO_SHUTDOWN_TIMEOUT: '4' });
    const handedBack = await submit(DirectoryId, '1000000000000003');
    await until(() => runs(handedBack).length === 1, 20_000, 'the third task to start');
    fifth.p.child.kill('SIGTERM');
    expect(await fifth.p.exited).toEqual({ code: 0, signal: null });
    expect(fifth.p.stdout()).toContain('Shut down cleanly.');
    const row = await readTask(handedBack);
    expect(row).toMatchObject({ status: 'InProgress', lease_owner: null, attempts: 0 });
  }, 300_000);
});
