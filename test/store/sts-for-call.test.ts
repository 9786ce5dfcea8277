import { describe, expect, it } from 'vitest';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * `sts.getForCall`: what an STS-signed call reads before its signature is checked (the credential,
 * its role, the throttle's counts), one statement on PostgreSQL. The row is read on every call, so
 * a credential whose role was deleted stops working at once, on every node.
 */
describe.each(DIALECTS)("an STS-signed call's read on %s", (dialect) => {
  const capturing = useCapturingStore(dialect);
  const account = '1234567890123456';

  it('gives the credential with its role and the failure counts; nothing once the role or the credential is gone', async () => {
    const { db, take } = capturing();
    const store = createStore(db, dialect);
    await db
      .insertInto('ram_roles')
      .values({ id: 'ram-rcall1', account_id: account, name: 'caller-role', name_key: 'caller-role', description: null, trust_policy: '{}', max_session_duration: 3600, create_time: 1, update_time: 1 })
      .execute();
    await store.sts.insert(
      { id: 'STS.call1', accountId: account, roleId: 'ram-rcall1', sessionName: 'alice', sessionPolicy: null, caller: 'acs:ram::1234567890123456:root', createTime: 1, expireTime: 9_000 },
      'v1.sealed',
      'tokenhash',
    );
    await db.insertInto('auth_failures').values({ subject: 'key:STS.call1', window_start: 60_000, failures: 3, expire_time: 120_000 }).execute();
    const subjects = ['ip:10.0.0.1', 'key:STS.call1'];
    take();
    expect(await store.sts.getForCall('STS.call1', subjects, 60_000)).toEqual({
      credential: {
        id: 'STS.call1',
        accountId: account,
        roleId: 'ram-rcall1',
        sessionName: 'alice',
        sessionPolicy: null,
        caller: 'acs:ram::1234567890123456:root',
        createTime: 1,
        expireTime: 9_000,
        secretEncrypted: 'v1.sealed',
        tokenHash: 'tokenhash',
        role: { id: 'ram-rcall1', accountId: account, name: 'caller-role' },
      },
      failures: new Map([['key:STS.call1', 3]]),
    });
    expect(take()).toHaveLength(dialect === 'postgres' ? 1 : 3);
    // Another window: no failures counted.
    expect((await store.sts.getForCall('STS.call1', subjects, 120_000)).failures).toEqual(new Map());
    // An unknown ID: no credential, the counts all the same.
    expect(await store.sts.getForCall('STS.nosuch', ['ip:10.0.0.1', 'key:STS.nosuch'], 60_000)).toEqual({ credential: undefined, failures: new Map() });
    // The role deleted (its credentials go with it; here only the role row): no credential.
    await db.deleteFrom('ram_roles').where('id', '=', 'ram-rcall1').execute();
    expect((await store.sts.getForCall('STS.call1', subjects, 60_000)).credential).toBeUndefined();
  });
});
