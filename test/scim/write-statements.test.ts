import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kickTasks, submitTask } from '../../src/core/tasks.js';
import { parsePrometheus } from '../support/prometheus.js';
import { createScimGroup, createScimUser, patchOp, scim, scimTargetOn, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * The statements a SCIM write runs, counted by the server's own query metric, on a real server
 * (decision 0212). On PostgreSQL the guard reads the user or group with the bearer token, in the
 * token's statement, and the write computes its change from that read and writes it in one
 * statement: two in all, where a second read of the resource made three. On SQLite the write's
 * transaction reads the resource under its lock, so the guard reads the token alone.
 */
const METRICS_TOKEN = 'write-statements-metrics-0123456789';

describe.each(DIALECTS)('the statements of a SCIM write on %s', (dialect) => {
  let node: TestServer;
  let t: ScimTarget;
  beforeAll(async () => {
    // Nothing polls the store in the background while statements are counted.
    node = await startTestServer(dialect, { env: { CLOUDSSO_METRICS_TOKEN: METRICS_TOKEN, CLOUDSSO_MAX_DIRECTORIES: '2' }, taskPollMs: 3_600_000, webhookPollMs: 3_600_000 });
    t = await scimTargetOn(node, `write-statements-${dialect}`);
  });
  afterAll(() => node?.close());

  const queries = async () => {
    const res = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(res.status).toBe(200);
    return parsePrometheus(await res.text())
      .find('cloudsso_db_query_duration_seconds_count')
      .reduce((n, s) => n + s.value, 0);
  };
  /**
   * The statements `request` ran: the metric's count around it, less what a scrape itself runs.
   * A woken task runner looks for due tasks just after the answer: the wait lets such statements
   * be counted too, so a write that woke it for nothing would show.
   */
  async function statementsOf(request: () => Promise<number>, status: number): Promise<number> {
    const a = await queries();
    const b = await queries();
    expect(await request()).toBe(status);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const c = await queries();
    return c - b - (b - a);
  }

  // PostgreSQL: the token with the resource, then the write, and nothing more. SQLite: the token,
  // then the transaction (begin, a savepoint, the read under the lock, the write, who follows it,
  // its audit row, who listens, release, commit). No task was recorded, so the task runner is not
  // woken to look for one (kickTasks: two statements more when it was).
  const expected = dialect === 'postgres' ? 2 : 10;

  it('PATCH and PUT of a user', async () => {
    const u = await createScimUser(t, 'statements-user');
    const patch = () => scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Renamed' })).then((r) => r.status);
    expect(await statementsOf(patch, 204)).toBe(expected);
    const put = () => scim(t, 'PUT', `/Users/${u.id}`, { schemas: [USER_SCHEMA], userName: 'statements-user', displayName: 'Put' }).then((r) => r.status);
    expect(await statementsOf(put, 200)).toBe(expected);
    const read = (await scim(t, 'GET', `/Users/${u.id}`)).json;
    expect(read).toMatchObject({ displayName: 'Put', meta: { version: 'W/"3"' } });
  });

  it("a group's member added and removed", async () => {
    const u = await createScimUser(t, 'statements-member');
    const g = await createScimGroup(t, 'statements-group');
    const add = () => scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: u.id }] })).then((r) => r.status);
    expect(await statementsOf(add, 204)).toBe(expected);
    const remove = () => scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: `members[value eq "${u.id}"]` })).then((r) => r.status);
    expect(await statementsOf(remove, 204)).toBe(expected);
    expect((await scim(t, 'GET', `/Groups/${g.id}`)).json).toMatchObject({ meta: { version: 'W/"3"' } });
  });

  it('a transaction that records a task still wakes the runner at once, with its poll an hour away', async () => {
    const task = await t.core.store.transaction((tx) =>
      submitTask(tx, t.core, {
        directoryId: t.directoryId,
        taskType: 'DeprovisionAccessConfiguration',
        accessConfigurationId: 'ac-00000000000000000001',
        targetType: 'RD-Account',
        targetId: '1000000000000001',
      }),
    );
    kickTasks(t.core);
    // The access configuration does not exist: the task fails, and it has run.
    const end = Date.now() + 5_000;
    let status = task.status;
    while (status === 'InProgress' && Date.now() < end) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      status = (await t.core.store.tasks.get(t.directoryId, task.taskId))!.status;
    }
    expect(status).toBe('Failed');
  });

  it("a write of another directory's user or group, or of none, is 404, and changes nothing", async () => {
    const theirs = await scimTargetOn(node, `write-statements-other-${dialect}`);
    const u = await createScimUser(theirs, 'statements-theirs');
    const g = await createScimGroup(theirs, 'statements-theirs');
    const mine = await createScimUser(t, 'statements-mine');
    for (const [method, path, body] of [
      ['PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'Taken' })],
      ['PUT', `/Users/${u.id}`, { schemas: [USER_SCHEMA], userName: 'statements-theirs', displayName: 'Taken' }],
      ['PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: mine.id }] })],
      ['PATCH', '/Users/u-nosuchuser000000000001', patchOp({ op: 'replace', path: 'displayName', value: 'None' })],
    ] as const) {
      const res = await scim(t, method, path, body);
      expect({ method, path, status: res.status }).toEqual({ method, path, status: 404 });
    }
    expect((await scim(theirs, 'GET', `/Users/${u.id}`)).json).toMatchObject({ meta: { version: 'W/"1"' } });
    expect((await scim(theirs, 'GET', `/Groups/${g.id}`)).json).toMatchObject({ meta: { version: 'W/"1"' } });
  });
});
