import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/core/context.js';
import { authenticateAccessToken, prunePortalApi, PRUNE_BATCH, startDeviceAuthorization } from '../../src/core/sign-in/device-flow.js';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';
import { createHash, randomBytes } from 'node:crypto';

/**
 * The portal API's storage on both databases (docs/decisions/0136, 0165): expired device grants
 * and access tokens are pruned by the server's periodic job in batches (not only when a new device
 * authorization starts), with an injected clock; and the one choice of account and access
 * configuration a token records, which a second, different choice makes ambiguous.
 */
describe.each(DIALECTS)('portal API store on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  const T0 = 1_800_000_000_000;
  const sha = (s: string) => createHash('sha256').update(s).digest('hex');
  let n = 0;

  async function setup() {
    let now = T0;
    const store = createStore(database().db, database().dialect);
    const ctx = { store, clock: { now: () => now }, settings: {} } as unknown as CoreContext;
    const dir = `d-papistore${String(++n).padStart(4, '0')}`;
    const user = { id: `u-papi${String(n).padStart(17, '0')}`, directoryId: dir, userName: `u${n}`, displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled' as const, provisionType: 'Manual' as const, externalId: null, scim: null, version: 1, createTime: now, updateTime: now };
    await store.directories.insert({ id: dir, name: dir, region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    await store.users.insert(user);
    return { store, ctx, dir, user, setNow: (t: number) => (now = t) };
  }

  const count = async (table: 'portal_device_grants' | 'portal_access_tokens') =>
    Number((await database().db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  it('prunes expired grants and tokens in batches, keeps live ones, and leaves nothing expired behind', async () => {
    const { store, ctx, dir, user, setNow } = await setup();
    // Clear what earlier tests of this file left.
    await prunePortalApi({ ...ctx, clock: { now: () => Number.MAX_SAFE_INTEGER } } as CoreContext);
    const extra = 7;
    for (let i = 0; i < PRUNE_BATCH + extra; i++) {
      await store.portalApi.insertToken(sha(`old-${n}-${i}`), { directoryId: dir, userId: user.id, createTime: T0, expireTime: T0 + 1000 });
    }
    await store.portalApi.insertToken(sha(`live-${n}`), { directoryId: dir, userId: user.id, createTime: T0, expireTime: T0 + 3_600_000 });
    const challenge = createHash('sha256').update(randomBytes(32).toString('hex')).digest('base64url');
    const started = await startDeviceAuthorization(ctx, { clientId: 'app-vaz16tltdxs96audqf35', codeChallenge: challenge, codeChallengeMethod: 'S256' });
    expect(started.expiresIn).toBe(600);
    expect(await count('portal_access_tokens')).toBe(PRUNE_BATCH + extra + 1);
    expect(await count('portal_device_grants')).toBe(1);

    // Before anything expired: nothing goes.
    expect(await prunePortalApi(ctx)).toBe(0);
    // One batch of the store deletes at most `batch` of each kind.
    setNow(T0 + 2000);
    expect(await store.portalApi.prune(T0 + 2000, 3)).toBe(3);
    expect(await count('portal_access_tokens')).toBe(PRUNE_BATCH + extra + 1 - 3);
    // The periodic job loops until the expired tokens are gone: the live token and the grant stay.
    expect(await prunePortalApi(ctx)).toBe(PRUNE_BATCH + extra - 3);
    expect(await count('portal_access_tokens')).toBe(1);
    expect(await count('portal_device_grants')).toBe(1);
    // Past the device code's 10 minutes, the grant goes too; past the hour, the live token.
    setNow(T0 + 601_000);
    expect(await prunePortalApi(ctx)).toBe(1);
    expect(await count('portal_device_grants')).toBe(0);
    setNow(T0 + 3_600_001);
    expect(await prunePortalApi(ctx)).toBe(1);
    expect(await count('portal_access_tokens')).toBe(0);
  });

  it('records the first choice of a token; the same choice again keeps it; a different one makes it ambiguous', async () => {
    const { store, ctx, dir, user } = await setup();
    const token = randomBytes(32).toString('base64url');
    await store.portalApi.insertToken(sha(token), { directoryId: dir, userId: user.id, createTime: T0, expireTime: T0 + 3_600_000 });
    expect((await authenticateAccessToken(ctx, token)).selection).toBeUndefined();
    await store.portalApi.recordSelection(sha(token), '1000000000000001', 'ac-00000000000000000001');
    expect((await store.portalApi.getToken(sha(token)))?.selection).toEqual({ accountId: '1000000000000001', accessConfigurationId: 'ac-00000000000000000001' });
    await store.portalApi.recordSelection(sha(token), '1000000000000001', 'ac-00000000000000000001');
    expect((await authenticateAccessToken(ctx, token)).selection).toEqual({ accountId: '1000000000000001', accessConfigurationId: 'ac-00000000000000000001' });
    await store.portalApi.recordSelection(sha(token), '1000000000000001', 'ac-00000000000000000002');
    expect((await store.portalApi.getToken(sha(token)))?.selection).toBeUndefined();
    // And stays so, even for the first choice again.
    await store.portalApi.recordSelection(sha(token), '1000000000000001', 'ac-00000000000000000001');
    expect((await store.portalApi.getToken(sha(token)))?.selection).toBeUndefined();
  });
});
