import { describe, expect, it } from 'vitest';
import { hashCredentialSecret } from '../../src/core/scim-credentials.js';
import { analyze, queryPlan } from '../support/query-plan.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * The queries every SCIM request runs use their indexes, on both dialects, with fresh planner
 * statistics: an index that goes unused after ANALYZE is a silent slowdown no functional test sees
 * (the bearer-token lookup once planned as `SCAN c, SCAN d` on SQLite).
 */
describe.each(DIALECTS)('hot query plans on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);

  async function seedCredentials(from: number, to: number) {
    const { db } = capturing();
    for (let start = from; start < to; start += 200) {
      const end = Math.min(to, start + 200);
      const ids = Array.from({ length: end - start }, (_, k) => start + k);
      await db
        .insertInto('directories')
        .values(ids.map((i) => ({ id: `d-plan${i}`, name: `plan-${i}`, region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 })))
        .execute();
      await db
        .insertInto('scim_credentials')
        .values(
          ids.map((i) => ({
            id: `scimcred-plan${i}`,
            directory_id: `d-plan${i}`,
            secret_hash: hashCredentialSecret(`secret-${i}`),
            status: 'Enabled',
            create_time: 1,
            expire_time: 4_000_000_000_000,
            last_used_time: null,
          })),
        )
        .execute();
    }
  }

  async function bearerLookupPlan(i: number) {
    const { store, db, take } = capturing();
    take();
    const found = await store.scimCredentials.findBySecretHash(hashCredentialSecret(`secret-${i}`));
    expect(found).toMatchObject({ credential: { id: `scimcred-plan${i}`, directoryId: `d-plan${i}` }, scimSyncEnabled: true });
    const [statement, ...others] = take();
    expect(others).toEqual([]);
    if (!statement) throw new Error('no statement executed');
    return queryPlan(db, dialect, statement);
  }

  // A single credential is the common case (one IdP per directory) and the one SQLite's planner
  // got wrong: with statistics saying one row, a join was planned as two scans. PostgreSQL rightly
  // reads a one-page table sequentially, so only SQLite's plan is asserted at this size.
  it.runIf(dialect === 'sqlite')('looks the bearer token up by its unique index with one credential after ANALYZE', async () => {
    await seedCredentials(0, 1);
    await analyze(capturing().db);
    const plan = await bearerLookupPlan(0);
    expect(plan.filter((s) => s.scan)).toEqual([]);
    expect(plan.map((s) => s.index)).toContain('scim_credentials_secret_uq');
    expect(plan.map((s) => s.index)).toContain('sqlite_autoindex_directories_1');
  });

  it('looks the bearer token up by its unique index, and the directory by its key, among many after ANALYZE', async () => {
    const seeded = dialect === 'sqlite' ? 1 : 0;
    await seedCredentials(seeded, 2_000);
    await analyze(capturing().db);
    const plan = await bearerLookupPlan(1_234);
    expect(plan.filter((s) => s.scan)).toEqual([]);
    expect(plan.map((s) => s.index)).toContain('scim_credentials_secret_uq');
    expect(plan.map((s) => s.index)).toContain(dialect === 'sqlite' ? 'sqlite_autoindex_directories_1' : 'directories_pkey');
  });
});
