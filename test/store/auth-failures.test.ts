import { describe, expect, it } from 'vitest';
import { AUTH_FAILURE_PRUNE_BATCH } from '../../src/store/repos/auth-failures.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * The throttle's failure counters (docs/decisions/0042): every signed call reads the counts of its
 * address and AccessKey, so that read is one statement compiled once; expired counters are pruned
 * in bounded batches.
 */
const SQL = {
  sqlite: {
    counts: 'select "subject", "failures" from "auth_failures" where "subject" in (?, ?) and "window_start" = ?',
    prune: 'delete from "auth_failures" where "subject" in (select "subject" from "auth_failures" where "expire_time" <= ? limit ?)',
  },
  postgres: {
    counts: 'select "subject", "failures" from "auth_failures" where "subject" in ($1, $2) and "window_start" = $3',
    prune: 'delete from "auth_failures" where "subject" in (select "subject" from "auth_failures" where "expire_time" <= $1 limit $2)',
  },
} as const;

describe.each(DIALECTS)('auth failure counters on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const sql = SQL[dialect];

  it('counts one or two subjects with the same compiled statement, in the asked window only', async () => {
    const { store, take } = capturing();
    await store.authFailures.record(['ip:10.0.0.1', 'key:LTAIa'], 60_000, 120_000);
    await store.authFailures.record(['ip:10.0.0.1'], 60_000, 120_000);
    await store.authFailures.record(['ip:10.0.0.2'], 0, 60_000);
    take();
    expect(await store.authFailures.counts(['ip:10.0.0.1', 'key:LTAIa'], 60_000)).toEqual(
      new Map([
        ['ip:10.0.0.1', 2],
        ['key:LTAIa', 1],
      ]),
    );
    expect(await store.authFailures.counts(['key:LTAIa'], 60_000)).toEqual(new Map([['key:LTAIa', 1]]));
    expect(await store.authFailures.counts(['ip:10.0.0.2'], 60_000)).toEqual(new Map());
    expect(take()).toEqual([
      { sql: sql.counts, parameters: ['ip:10.0.0.1', 'key:LTAIa', 60_000] },
      { sql: sql.counts, parameters: ['key:LTAIa', 'key:LTAIa', 60_000] },
      { sql: sql.counts, parameters: ['ip:10.0.0.2', 'ip:10.0.0.2', 60_000] },
    ]);
    expect(await store.authFailures.counts(['ip:10.0.0.1', 'key:LTAIa', 'ip:10.0.0.2'], 60_000)).toEqual(
      new Map([
        ['ip:10.0.0.1', 2],
        ['key:LTAIa', 1],
      ]),
    );
    expect(await store.authFailures.counts([], 60_000)).toEqual(new Map());
  });

  it(`prunes expired counters ${AUTH_FAILURE_PRUNE_BATCH} at a time, keeping the live ones`, async () => {
    const { store, db, take } = capturing();
    await store.authFailures.prune(Number.MAX_SAFE_INTEGER);
    const old = Array.from({ length: AUTH_FAILURE_PRUNE_BATCH + 3 }, (_, i) => ({ subject: `ip:old-${i}`, window_start: 0, failures: 1, expire_time: 60_000 }));
    for (let i = 0; i < old.length; i += 250) await db.insertInto('auth_failures').values(old.slice(i, i + 250)).execute();
    await store.authFailures.record(['ip:live'], 120_000, 180_000);
    take();
    expect(await store.authFailures.prune(120_000)).toBe(old.length);
    expect(take()).toEqual([
      { sql: sql.prune, parameters: [120_000, AUTH_FAILURE_PRUNE_BATCH] },
      { sql: sql.prune, parameters: [120_000, AUTH_FAILURE_PRUNE_BATCH] },
    ]);
    expect(await store.authFailures.counts(['ip:live'], 120_000)).toEqual(new Map([['ip:live', 1]]));
  });

  it('reads an AccessKey with the failure counts of its caller: one statement on PostgreSQL, the two reads on SQLite', async () => {
    const { store, take } = capturing();
    await store.accessKeys.insert({ id: 'LTAIwithfailures', principalType: 'root', ramUserId: null, status: 'Enabled', createTime: 5 }, 'v1.sealed');
    await store.authFailures.record(['ip:10.9.0.1', 'key:LTAIwithfailures'], 300_000, 360_000);
    await store.authFailures.record(['key:LTAIwithfailures'], 300_000, 360_000);
    take();
    const read = await store.accessKeys.getWithFailures('LTAIwithfailures', ['ip:10.9.0.1', 'key:LTAIwithfailures'], 300_000);
    expect(read).toEqual({
      key: { id: 'LTAIwithfailures', principalType: 'root', ramUserId: null, status: 'Enabled', createTime: 5, secretEncrypted: 'v1.sealed' },
      failures: new Map([
        ['ip:10.9.0.1', 1],
        ['key:LTAIwithfailures', 2],
      ]),
    });
    const statements = take();
    if (dialect === 'postgres') {
      expect(statements).toHaveLength(1);
      expect(statements[0]!.parameters).toEqual(['LTAIwithfailures', 'ip:10.9.0.1', 'key:LTAIwithfailures', 300_000]);
    } else {
      expect(statements.map((s) => s.sql)).toEqual([expect.stringMatching(/from "access_keys"/), sql.counts]);
    }
    // An unknown key still brings its caller's counts; another window has none; a single subject.
    expect(await store.accessKeys.getWithFailures('LTAIunknown', ['ip:10.9.0.1', 'key:LTAIunknown'], 300_000)).toEqual({ key: undefined, failures: new Map([['ip:10.9.0.1', 1]]) });
    expect(await store.accessKeys.getWithFailures('LTAIwithfailures', ['ip:10.9.0.1'], 360_000)).toEqual({ key: expect.objectContaining({ id: 'LTAIwithfailures' }), failures: new Map() });
    expect(await store.accessKeys.getWithFailures('LTAIwithfailures', ['key:LTAIwithfailures'], 300_000)).toEqual({
      key: expect.objectContaining({ status: 'Enabled' }),
      failures: new Map([['key:LTAIwithfailures', 2]]),
    });
  });

  it("reads a RAM user's key with its user in the same statement on PostgreSQL; SQLite leaves the user to its own read", async () => {
    const { store, take } = capturing();
    await store.ram.insertUser({ id: 'ram-keyowner', accountId: '1234567890123456', name: 'key-owner', displayName: null, comments: null, email: null, mobilePhone: null, createTime: 1, updateTime: 1, lastLoginTime: null });
    await store.accessKeys.insert({ id: 'LTAIownedkey', principalType: 'user', ramUserId: 'ram-keyowner', status: 'Enabled', createTime: 5 }, 'v1.sealed');
    take();
    const read = await store.accessKeys.getWithFailures('LTAIownedkey', ['ip:10.9.0.2', 'key:LTAIownedkey'], 300_000);
    expect(read.key).toMatchObject({ id: 'LTAIownedkey', ramUserId: 'ram-keyowner' });
    if (dialect === 'postgres') {
      expect(read.owner).toEqual({ id: 'ram-keyowner', accountId: '1234567890123456', name: 'key-owner' });
      expect(take()).toHaveLength(1);
    } else {
      expect(read.owner).toBeUndefined();
    }
  });
});
