import { afterEach, describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/core/context.js';
import { newDirectoryId } from '../../src/core/ids.js';
import type { Store } from '../../src/core/ports/store.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import { createTaskRunner, INTERNAL_FAILURE_REASON, type TaskRunner, type TaskRunnerLog } from '../../src/core/task-runner.js';
import { submitTask, type NewTask, type TaskHandler, type TaskRecord } from '../../src/core/tasks.js';
import { systemClock } from '../../src/core/time.js';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

const FAR = 10 * 365 * 24 * 3600_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until(ok: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}

/** Ends every InProgress task (earlier tests' leftovers), so each test's runners see only its own. */
async function drain(store: Store): Promise<void> {
  const at = Date.now() + FAR;
  for (let t = await store.tasks.claim('drain', at, at + 1); t; t = await store.tasks.claim('drain', at, at + 1)) {
    await store.tasks.complete(t.taskId, 'drain', { status: 'Failed', endTime: at, failureReason: 'drained' });
  }
}

const quiet: TaskRunnerLog & { lines: string[] } = {
  lines: [],
  info: () => undefined,
  warn: (_o, m) => void quiet.lines.push(m),
  error: (o, m) => void quiet.lines.push(`${m} ${JSON.stringify((o as { err?: Error }).err?.message ?? '')}`),
};

/**
 * The task runner over the real store on both databases: it runs due tasks at once when kicked,
 * keeps its lease alive while a handler outlasts it, takes over a task whose node died, gives up
 * after the allowed attempts, and on stop waits for the task in hand or releases its lease.
 */
describe.each(DIALECTS)('task runner on %s', (dialect) => {
  const handle = useStoreDatabase(dialect);
  const runners: TaskRunner[] = [];
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((r) => r.stop(100)));
  });

  async function setup() {
    const store = createStore(handle().db, handle().dialect);
    await drain(store);
    const ctx = { store, clock: systemClock, secretBox: createSecretBox('runner-test-master-key'), settings: {} } as unknown as CoreContext;
    const directoryId = newDirectoryId();
    const now = Date.now();
    await store.directories.insert({ id: directoryId, name: directoryId, region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    let target = 0;
    const submit = (taskType: NewTask['taskType'] = 'ProvisionAccessConfiguration') =>
      store.transaction((tx) =>
        submitTask(tx, ctx, { directoryId, taskType, accessConfigurationId: 'ac-1', targetType: 'RD-Account', targetId: String(++target) }),
      );
    const runner = (handlers: Partial<Record<NewTask['taskType'], TaskHandler>>, opts: { leaseMs?: number; pollMs?: number; maxAttempts?: number; owner?: string } = {}) => {
      const r = createTaskRunner(ctx, { handlers, log: quiet, pollMs: 60_000, ...opts });
      runners.push(r);
      return r;
    };
    const get = (t: TaskRecord) => store.tasks.get(directoryId, t.taskId);
    return { store, ctx, submit, runner, get };
  }

  it('runs a submitted task as soon as it is kicked, to Success or Failed', async () => {
    const { submit, runner, get } = await setup();
    const seen: string[] = [];
    const r = runner({
      ProvisionAccessConfiguration: async (_deps, task) => void seen.push(task.taskId),
      CreateAccessAssignment: async () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    r.start();
    await sleep(50); // the runner has found nothing and sleeps for its 60 s poll
    const ok = await submit();
    const bad = await submit('CreateAccessAssignment');
    const orphan = await submit('DeleteAccessAssignment');
    r.kick();
    await until(async () => (await get(orphan))?.status !== 'InProgress' && (await get(bad))?.status !== 'InProgress' && (await get(ok))?.status !== 'InProgress', 3000);
    expect(seen).toEqual([ok.taskId]);
    expect(await get(ok)).toMatchObject({ status: 'Success', failureReason: null, attempts: 1 });
    expect((await get(ok))!.endTime).toBeGreaterThanOrEqual(ok.startTime);
    expect(await get(bad)).toMatchObject({ status: 'Failed', failureReason: INTERNAL_FAILURE_REASON });
    // No handler for the type: Failed, not InProgress forever.
    expect(await get(orphan)).toMatchObject({ status: 'Failed', failureReason: INTERNAL_FAILURE_REASON });
    expect(quiet.lines.some((l) => l.includes('cannot read properties'))).toBe(true);
  });

  it('keeps its lease while a handler outlasts it: a second node never runs the task too', async () => {
    const { submit, runner, get } = await setup();
    let runs = 0;
    const slow: TaskHandler = async () => {
      runs++;
      await sleep(1200);
    };
    const a = runner({ ProvisionAccessConfiguration: slow }, { leaseMs: 300, pollMs: 50, owner: 'a' });
    const b = runner({ ProvisionAccessConfiguration: slow }, { leaseMs: 300, pollMs: 50, owner: 'b' });
    const t = await submit();
    a.start();
    await until(async () => runs === 1);
    b.start();
    await until(async () => (await get(t))?.status === 'Success', 5000);
    expect(runs).toBe(1);
  });

  it('takes over a task whose node died once its lease runs out, and reruns it', async () => {
    const { store, submit, runner, get } = await setup();
    const t = await submit();
    // A node claimed it and died: its lease is never renewed.
    expect(await store.tasks.claim('dead-node', Date.now(), Date.now() + 400)).toMatchObject({ taskId: t.taskId });
    const ran: number[] = [];
    const r = runner({ ProvisionAccessConfiguration: async (_d, task) => void ran.push(task.attempts) }, { pollMs: 50 });
    r.start();
    await sleep(200);
    expect(ran).toEqual([]);
    await until(async () => (await get(t))?.status === 'Success', 3000);
    expect(ran).toEqual([2]);
  });

  it('ends a task Failed with a reason once it was interrupted maxAttempts times', async () => {
    const { store, submit, runner, get } = await setup();
    const t = await submit();
    // Two nodes claimed it in turn and died: each lease ran out.
    for (const dead of ['dead-1', 'dead-2']) {
      expect(await store.tasks.claim(dead, Date.now(), Date.now() + 1)).toMatchObject({ taskId: t.taskId });
      await sleep(5);
    }
    let ran = false;
    const r = runner({ ProvisionAccessConfiguration: async () => void (ran = true) }, { maxAttempts: 2, pollMs: 50 });
    r.start();
    await until(async () => (await get(t))?.status !== 'InProgress', 3000);
    expect(ran).toBe(false);
    expect(await get(t)).toMatchObject({ status: 'Failed', failureReason: 'The task was interrupted 2 times before it could finish and was not retried.', attempts: 3 });
  });

  it('on stop waits for the task in hand; past the grace it releases the lease for another node', async () => {
    const { store, submit, runner, get } = await setup();
    let release: () => void = () => undefined;
    const gated: TaskHandler = () => new Promise<void>((resolve) => (release = resolve));
    const first = await submit();
    const r = runner({ ProvisionAccessConfiguration: gated }, { pollMs: 50, leaseMs: 60_000, owner: 'stopping' });
    r.start();
    await until(async () => (await get(first))?.attempts === 1);
    const stopping = r.stop(5000);
    await sleep(100);
    release();
    await stopping;
    expect(await get(first)).toMatchObject({ status: 'Success' });

    const second = await submit();
    const r2 = runner({ ProvisionAccessConfiguration: gated }, { pollMs: 50, leaseMs: 60_000, owner: 'stuck' });
    r2.start();
    await until(async () => (await get(second))?.attempts === 1);
    await r2.stop(100);
    // Released and uncounted: another node claims it at once, not after the 60 s lease.
    expect(await store.tasks.claim('next', Date.now(), Date.now() + 1000)).toMatchObject({ taskId: second.taskId, attempts: 1 });
    release();
  });
});
