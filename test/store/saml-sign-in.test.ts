import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * The one-time state of SAML sign-in (migration 0125): a request is used by one DELETE that only
 * one caller can win, an assertion ID by one INSERT ... ON CONFLICT DO NOTHING; nothing is read
 * first, so two nodes answering the same Response cannot both succeed.
 */
const SQL = {
  sqlite: {
    consume: 'delete from "saml_requests" where "directory_id" = ? and "id" = ? and "expire_time" > ?',
    claim: 'insert into "saml_assertions" ("directory_id", "assertion_id", "expire_time") values (?, ?, ?) on conflict ("directory_id", "assertion_id") do nothing',
  },
  postgres: {
    consume: 'delete from "saml_requests" where "directory_id" = $1 and "id" = $2 and "expire_time" > $3',
    claim: 'insert into "saml_assertions" ("directory_id", "assertion_id", "expire_time") values ($1, $2, $3) on conflict ("directory_id", "assertion_id") do nothing',
  },
} as const;

describe.each(DIALECTS)('SAML sign-in repository on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const sql = SQL[dialect];
  const D = 'd-samlstore';
  const request = (id: string, expireTime: number) => ({ id, directoryId: D, relayState: `rs-${id}`, browserHash: 'ab'.repeat(32), createTime: 1_000, expireTime });

  beforeAll(async () => {
    await capturing().store.directories.insert({ id: D, name: 'saml-store', region: 'cn-shanghai', scimSyncEnabled: false, createTime: 1, updateTime: 1 });
  });

  it('a request is read while outstanding and consumed once, by one DELETE', async () => {
    const { store, take } = capturing();
    await store.samlSignIn.insertRequest(request('_r1', 10_000));
    expect(await store.samlSignIn.getRequest(D, '_r1', 2_000)).toEqual(request('_r1', 10_000));
    expect(await store.samlSignIn.getRequest('d-other', '_r1', 2_000)).toBeUndefined();
    take();
    const both = await Promise.all([store.samlSignIn.consumeRequest(D, '_r1', 2_000), store.samlSignIn.consumeRequest(D, '_r1', 2_000)]);
    expect(both.sort()).toEqual([false, true]);
    expect(take()).toEqual([
      { sql: sql.consume, parameters: [D, '_r1', 2_000] },
      { sql: sql.consume, parameters: [D, '_r1', 2_000] },
    ]);
    expect(await store.samlSignIn.getRequest(D, '_r1', 2_000)).toBeUndefined();
  });

  it('an expired request is neither read nor consumed', async () => {
    const { store } = capturing();
    await store.samlSignIn.insertRequest(request('_r2', 3_000));
    expect(await store.samlSignIn.getRequest(D, '_r2', 3_000)).toBeUndefined();
    expect(await store.samlSignIn.consumeRequest(D, '_r2', 3_000)).toBe(false);
  });

  it('an assertion ID is claimed once per directory, without an error to roll back', async () => {
    const { store, take } = capturing();
    take();
    expect(await store.samlSignIn.claimAssertion(D, '_a1', 9_000)).toBe(true);
    expect(await store.transaction(async (tx) => tx.samlSignIn.claimAssertion(D, '_a1', 9_000))).toBe(false);
    expect(take()[0]).toEqual({ sql: sql.claim, parameters: [D, '_a1', 9_000] });
  });

  it('finds the directory by its ACS ID, and prunes only what expired', async () => {
    const { store } = capturing();
    await store.signIn.putSpKeyIfAbsent({ directoryId: D, acsId: '0f9d1c1e-1111-2222-3333-444455556666', certificatePem: 'pem', privateKeySealed: 'sealed', createTime: 1 });
    expect(await store.samlSignIn.findSpKeyByAcsId('0f9d1c1e-1111-2222-3333-444455556666')).toMatchObject({ directoryId: D });
    expect(await store.samlSignIn.findSpKeyByAcsId('00000000-0000-0000-0000-000000000000')).toBeUndefined();
    await store.samlSignIn.insertRequest(request('_r3', 50_000));
    await store.samlSignIn.claimAssertion(D, '_a2', 50_000);
    // _r2 (3,000) and _a1 (9,000) expired; _r3 and _a2 remain.
    expect(await store.samlSignIn.prune(10_000)).toBe(2);
    expect(await store.samlSignIn.getRequest(D, '_r3', 10_000)).toBeDefined();
    expect(await store.samlSignIn.claimAssertion(D, '_a2', 60_000)).toBe(false);
  });
});
