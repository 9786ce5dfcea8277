import { describe, expect, it } from 'vitest';
import { statementName } from '../../src/store/prepared.js';
import type { CoreContext } from '../../src/core/context.js';
import type { Store } from '../../src/core/ports/store.js';
import { DomainError } from '../../src/core/errors.js';
import { ID_PATTERNS, newDirectoryId } from '../../src/core/ids.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import { getTask, listTasks, pruneTasks, submitTask, TASK_RETENTION_MS, type NewTask } from '../../src/core/tasks.js';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore, useStoreDatabase } from '../support/store.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const MINUTE = 60_000;

/**
 * The task store on both databases: submit (InProgress, StartTime now), OperationConflict.Task by
 * check and by the partial unique index, claims with leases (one claimant, expiry, heartbeat,
 * release), completion only by the lease holder, attempts, listing and retention.
 */
/** Ends every task due at `at` that earlier tests left, so a test's claims see only its own. */
async function drain(store: Store, at: number): Promise<void> {
  for (let t = await store.tasks.claim('drain', at, at + 1); t; t = await store.tasks.claim('drain', at, at + 1)) {
    await store.tasks.complete(t.taskId, 'drain', { status: 'Failed', endTime: at, failureReason: 'drained' });
  }
}

describe.each(DIALECTS)('task store on %s', (dialect) => {
  const handle = useStoreDatabase(dialect);

  async function setup() {
    let now = T0;
    const store = createStore(handle().db, handle().dialect);
    const ctx = {
      store,
      clock: { now: () => now },
      secretBox: createSecretBox('tasks-test-master-key'),
      settings: { regionId: 'cn-shanghai', accountId: '1234567890123456' },
    } as unknown as CoreContext;
    const directoryId = newDirectoryId(now);
    await store.directories.insert({ id: directoryId, name: directoryId, region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    const task = (targetId: string, extra: Partial<NewTask> = {}): NewTask => ({
      directoryId,
      taskType: 'ProvisionAccessConfiguration',
      accessConfigurationId: 'ac-00000000000000000001',
      accessConfigurationName: 'Admin',
      targetType: 'RD-Account',
      targetId,
      ...extra,
    });
    return { store, ctx, directoryId, task, setNow: (t: number) => (now = t), now: () => now };
  }

  it('submits a task InProgress with StartTime now and reads it back with its payload', async () => {
    const { store, ctx, directoryId, task } = await setup();
    const t = await store.transaction((tx) => submitTask(tx, ctx, task('1000000000000001', { principalType: 'User', principalId: 'u-1', payload: { steps: ['a'] } })));
    expect(t.taskId).toMatch(ID_PATTERNS.task);
    const read = await getTask(ctx, directoryId, t.taskId);
    expect(read).toMatchObject({
      status: 'InProgress',
      taskType: 'ProvisionAccessConfiguration',
      startTime: T0,
      createTime: T0,
      endTime: null,
      failureReason: null,
      principalType: 'User',
      principalId: 'u-1',
      payload: { steps: ['a'] },
      attempts: 0,
    });
    await expect(getTask(ctx, directoryId, 't-00000000000000000000')).rejects.toMatchObject({ code: 'TaskNotFound' });
  });

  it('refuses a second InProgress task on the same configuration and target, by check and by the unique index', async () => {
    const { store, ctx, task } = await setup();
    const first = await store.transaction((tx) => submitTask(tx, ctx, task('1000000000000002')));
    const again = store.transaction((tx) => submitTask(tx, ctx, task('1000000000000002', { taskType: 'CreateAccessAssignment' })));
    await expect(again).rejects.toBeInstanceOf(DomainError);
    await expect(again).rejects.toMatchObject({ code: 'TaskConflict' });
    // Past the check (as a concurrent submit would be): the database refuses it too.
    const racing = store.tasks.insert({
      ...(await store.tasks.get(first.directoryId, first.taskId))!,
      taskId: 't-zzzzzzzzzzzzzzzzzzzz',
      conflictKey: JSON.stringify([first.directoryId, first.accessConfigurationId, 'RD-Account', '1000000000000002']),
      nextRunAt: T0,
    });
    await expect(racing).rejects.toMatchObject({ code: 'TaskConflict' });
    // Another target is free; so is the same target once the first task ended.
    await store.transaction((tx) => submitTask(tx, ctx, task('1000000000000003')));
    expect(await store.tasks.complete(first.taskId, null, { status: 'Success', endTime: T0, failureReason: null })).toBe(true);
    await store.transaction((tx) => submitTask(tx, ctx, task('1000000000000002')));
  });

  it('claims each due task once, extends and honours leases, and lets only the holder complete', async () => {
    const { store, ctx, directoryId, task, setNow } = await setup();
    const base = T0 + 10 * MINUTE;
    setNow(base);
    // Drain what earlier tests left.
    await drain(store, base);
    setNow(base + 2);
    const t = await store.transaction((tx) => submitTask(tx, ctx, task('1000000000000010')));
    const now = base + 2;
    const a = await store.tasks.claim('node-a', now, now + MINUTE);
    expect(a?.taskId).toBe(t.taskId);
    expect(a?.attempts).toBe(1);
    // Leased: nobody else gets it, not even the same owner.
    expect(await store.tasks.claim('node-b', now + 1000, now + MINUTE)).toBeUndefined();
    expect(await store.tasks.heartbeat(t.taskId, 'node-a', now + 2 * MINUTE)).toBe(true);
    expect(await store.tasks.heartbeat(t.taskId, 'node-b', now + 2 * MINUTE)).toBe(false);
    // Past the first lease but within the extended one: still held.
    expect(await store.tasks.claim('node-b', now + MINUTE + 1, now + 3 * MINUTE)).toBeUndefined();
    // The extended lease runs out (node-a died): node-b takes it over, attempt 2.
    const b = await store.tasks.claim('node-b', now + 2 * MINUTE + 1, now + 3 * MINUTE);
    expect(b).toMatchObject({ taskId: t.taskId, attempts: 2 });
    // node-a wakes up: its outcome is not recorded.
    expect(await store.tasks.complete(t.taskId, 'node-a', { status: 'Success', endTime: now, failureReason: null })).toBe(false);
    expect(await store.tasks.complete(t.taskId, 'node-b', { status: 'Failed', endTime: now + 5, failureReason: 'No Permission.' })).toBe(true);
    expect(await store.tasks.get(directoryId, t.taskId)).toMatchObject({ status: 'Failed', endTime: now + 5, failureReason: 'No Permission.' });
    // Ended: never claimed again.
    expect(await store.tasks.claim('node-c', now + 60 * MINUTE, now + 61 * MINUTE)).toBeUndefined();
  });

  it('releases a lease for another node without counting the attempt', async () => {
    const { store, ctx, task, setNow } = await setup();
    const base = T0 + 20 * MINUTE;
    setNow(base);
    await drain(store, base);
    const t = await store.transaction((tx) => submitTask(tx, ctx, task('1000000000000020')));
    expect((await store.tasks.claim('node-a', base, base + MINUTE))?.attempts).toBe(1);
    expect(await store.tasks.release(t.taskId, 'node-b')).toBe(false);
    expect(await store.tasks.release(t.taskId, 'node-a')).toBe(true);
    expect(await store.tasks.claim('node-b', base + 1, base + MINUTE)).toMatchObject({ taskId: t.taskId, attempts: 1 });
  });

  it('lists a directory’s tasks newest first in pages of MaxResults, with filters and the 24-hour window', async () => {
    const { store, ctx, task, setNow } = await setup();
    const { directoryId } = await setup();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      setNow(T0 + i * 1000);
      const t = await store.transaction((tx) =>
        submitTask(tx, ctx, { ...task(`200000000000000${i}`), directoryId, taskType: i % 2 ? 'CreateAccessAssignment' : 'ProvisionAccessConfiguration' }),
      );
      ids.push(t.taskId);
    }
    setNow(T0 + 10_000);
    const first = await listTasks(ctx, directoryId, {}, { maxResults: 2 });
    expect(first.items.map((t) => t.taskId)).toEqual([ids[4], ids[3]]);
    expect(first.total).toBe(5);
    const second = await listTasks(ctx, directoryId, {}, { maxResults: 2, nextToken: first.nextToken! });
    expect(second.items.map((t) => t.taskId)).toEqual([ids[2], ids[1]]);
    // The window is carried in the token: a later page does not move it.
    setNow(T0 + 24 * 60 * MINUTE + 2500);
    const third = await listTasks(ctx, directoryId, {}, { maxResults: 2, nextToken: second.nextToken! });
    expect(third.items.map((t) => t.taskId)).toEqual([ids[0]]);
    expect(third.nextToken).toBeUndefined();
    // A fresh listing now sees only the last 24 hours.
    expect((await listTasks(ctx, directoryId, {}, { maxResults: 20 })).items.map((t) => t.taskId)).toEqual([ids[4], ids[3]]);
    setNow(T0 + 10_000);
    const assignments = await listTasks(ctx, directoryId, { taskType: 'CreateAccessAssignment' }, { maxResults: 20 });
    expect(assignments.items.map((t) => t.taskId)).toEqual([ids[3], ids[1]]);
    const byTarget = await listTasks(ctx, directoryId, { target: { type: 'RD-Account', id: '2000000000000002' } }, { maxResults: 20 });
    expect(byTarget.items.map((t) => t.taskId)).toEqual([ids[2]]);
    expect((await listTasks(ctx, directoryId, { since: T0 + 3000 }, { maxResults: 20 })).total).toBe(2);
    await expect(listTasks(ctx, directoryId, { since: T0 + 10_000 - TASK_RETENTION_MS - 1 }, { maxResults: 20 })).rejects.toMatchObject({ code: 'InvalidFilter' });
    await expect(listTasks(ctx, directoryId, { status: 'Failed' }, { maxResults: 20, nextToken: first.nextToken! })).rejects.toMatchObject({ code: 'InvalidNextToken' });
  });

  it('prunes ended tasks older than the 7-day retention, never one in progress', async () => {
    const { store, ctx, directoryId, task, setNow } = await setup();
    setNow(T0 - 30 * 24 * 60 * MINUTE);
    const oldEnded = await store.transaction((tx) => submitTask(tx, ctx, task('3000000000000001')));
    await store.tasks.complete(oldEnded.taskId, null, { status: 'Success', endTime: T0, failureReason: null });
    const oldRunning = await store.transaction((tx) => submitTask(tx, ctx, task('3000000000000002')));
    setNow(T0);
    const recent = await store.transaction((tx) => submitTask(tx, ctx, task('3000000000000003')));
    await store.tasks.complete(recent.taskId, null, { status: 'Success', endTime: T0, failureReason: null });
    expect(await pruneTasks(ctx, 1)).toBeGreaterThanOrEqual(1);
    expect(await store.tasks.get(directoryId, oldEnded.taskId)).toBeUndefined();
    expect(await store.tasks.get(directoryId, oldRunning.taskId)).toBeDefined();
    expect(await store.tasks.get(directoryId, recent.taskId)).toBeDefined();
  });
});

/**
 * The claim as each dialect runs it, the task runner's and the webhook dispatcher's alike (one
 * helper, src/store/lease-claim.ts): one UPDATE; PostgreSQL locks the candidate row SKIP LOCKED.
 */
describe.each(DIALECTS)('the claim statement on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);

  it.each([
    { table: 'tasks', key: 'task_id', pending: 'InProgress', claim: (store: Store) => store.tasks.claim('node-a', T0, T0 + MINUTE) },
    { table: 'webhook_deliveries', key: 'delivery_id', pending: 'Pending', claim: (store: Store) => store.webhooks.claim('node-a', T0, T0 + MINUTE) },
  ])('is one UPDATE … RETURNING of $table whose candidate is locked FOR UPDATE SKIP LOCKED on PostgreSQL only', async ({ table, key, pending, claim }) => {
    const { store, take } = capturing();
    take();
    expect(await claim(store)).toBeUndefined();
    const statements = take();
    expect(statements).toHaveLength(1);
    const sql = statements[0]!.sql.toLowerCase();
    expect(sql).toMatch(new RegExp(`^update "${table}" set .* where "${key}" = \\(select "${key}" from "${table}" where .* limit .*\\) .* returning \\*$`, 's'));
    expect(sql).toContain('"attempts" = "attempts" +');
    if (dialect === 'postgres') expect(sql).toContain('for update skip locked');
    else expect(sql).not.toContain('for update');
    // Compiled once: on PostgreSQL a named statement, not parsed and planned on every poll.
    expect(statementName(statements[0]!.sql)).toBeDefined();
    expect(statements[0]!.parameters).toEqual(['node-a', T0 + MINUTE, 1, pending, T0, T0, 1, pending, T0]);
  });
});
