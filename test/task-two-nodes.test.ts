import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kickTasks, submitTask, TASK_TYPES, type TaskHandler, type TaskType } from '../src/core/tasks.js';
import { postgresPool } from '../src/store/db.js';
import { makeClient } from './support/clients.js';
import { coreOf } from './support/management.js';
import { startTestServer, type TestServer } from './support/server.js';

const TASKS = 80;

/**
 * Issue 10: "two PostgreSQL nodes running tasks with no task run twice". Two servers on one
 * database each run a synthetic handler that records every invocation in a table of its own
 * (outside the store) and takes a little while, so both nodes poll and claim at the same time.
 * Every task ends Success, each handler ran exactly once per task, and both nodes took part.
 */
describe('two nodes on one PostgreSQL database', () => {
  let a: TestServer;
  let b: TestServer;
  let pool: pg.Pool;

  const handlerOf = (node: string): Partial<Record<TaskType, TaskHandler>> => {
    const run: TaskHandler = async (_deps, task) => {
      await pool.query('insert into task_runs (task_id, node) values ($1, $2)', [task.taskId, node]);
      await new Promise((r) => setTimeout(r, 5 + Math.floor(Math.random() * 20)));
    };
    return Object.fromEntries(TASK_TYPES.map((t) => [t, run]));
  };

  beforeAll(async () => {
    // The handlers read the pool when they run; no task exists before it does.
    a = await startTestServer('postgres', { taskHandlers: handlerOf('a'), taskPollMs: 50 });
    pool = postgresPool(a.databaseUrl!, 4);
    await pool.query('create table task_runs (task_id text not null, node text not null)');
    b = await startTestServer('postgres', { sameDatabaseAs: a, taskHandlers: handlerOf('b'), taskPollMs: 50 });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await pool?.end();
    await a?.close();
  });

  it('runs each of many tasks exactly once, on one node or the other', async () => {
    const api = makeClient('openapi-client ACS3', { endpoint: a.endpoint, key: a.rootKey });
    const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: 'two-nodes-tasks' })).Directory.DirectoryId as string;
    const ids: string[] = [];
    for (let i = 0; i < TASKS; i++) {
      const core = coreOf(i % 2 ? b : a);
      const t = await core.store.transaction((tx) =>
        submitTask(tx, core, {
          directoryId: DirectoryId,
          taskType: TASK_TYPES[i % 4]!,
          accessConfigurationId: `ac-${String(i % 5).padStart(20, '0')}`,
          targetType: 'RD-Account',
          targetId: String(1_000_000_000_000_000 + i),
        }),
      );
      kickTasks(core);
      ids.push(t.taskId);
    }
    const ended = async () => {
      const r = await pool.query<{ n: string }>(`select count(*) as n from tasks where directory_id = $1 and status <> 'InProgress'`, [DirectoryId]);
      return Number(r.rows[0]!.n);
    };
    const end = Date.now() + 60_000;
    while ((await ended()) < TASKS && Date.now() < end) await new Promise((r) => setTimeout(r, 100));

    const statuses = await pool.query<{ status: string; n: string }>('select status, count(*) as n from tasks where directory_id = $1 group by status', [DirectoryId]);
    expect(statuses.rows.map((r) => [r.status, Number(r.n)])).toEqual([['Success', TASKS]]);
    const runs = await pool.query<{ task_id: string; node: string }>('select task_id, node from task_runs');
    expect(runs.rows).toHaveLength(TASKS);
    expect(new Set(runs.rows.map((r) => r.task_id))).toEqual(new Set(ids));
    const perNode = { a: runs.rows.filter((r) => r.node === 'a').length, b: runs.rows.filter((r) => r.node === 'b').length };
    expect(perNode.a, JSON.stringify(perNode)).toBeGreaterThan(0);
    expect(perNode.b, JSON.stringify(perNode)).toBeGreaterThan(0);
    // Through the API of either node, every task reads Success.
    const apiB = makeClient('pop-core POST', { endpoint: b.endpoint, key: b.rootKey });
    const listed = await apiB.call('ListTasks', { DirectoryId, Status: 'Success', MaxResults: 20 });
    expect(listed.TotalCounts).toBe(TASKS);
  }, 120_000);
});
