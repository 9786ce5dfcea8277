import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, type Kysely, type MigrationProvider } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrations } from '../../src/store/migrations/index.js';
import { openDatabase } from '../../src/store/db.js';
import { createStore } from '../../src/store/kysely-store.js';
import { createTestDatabase } from '../support/postgres.js';
import { DIALECTS } from '../support/server.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const MANAGEMENT = '1234567890123456';

/**
 * RAM rows written before migration 0060 (per-account RAM) belong to the management account: the
 * migration gives them the empty account ID and the runtime's `accounts.adoptUnowned` hands them
 * to the configured account on start (docs/decisions/0060-accounts-and-per-account-ram.md).
 */
describe.each(DIALECTS)('RAM rows from before migration 0060 on %s', (dialect) => {
  it('end up in the management account with their policies and attachments', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsso-0060-'));
    const pg = dialect === 'postgres' ? await createTestDatabase() : undefined;
    const handle = pg ? openDatabase({ postgresUrl: pg.url }) : openDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    try {
      const provider: MigrationProvider = { getMigrations: async () => migrations };
      const migrator = new Migrator({ db: handle.db, provider });
      expect((await migrator.migrateTo('0050-audit-trail')).error).toBeUndefined();

      // Written through the pre-0060 tables, as a server of that version did.
      const db = handle.db as unknown as Kysely<Record<string, Record<string, unknown>>>;
      await db.insertInto('ram_users').values({ id: 'ram-u-1', name: 'Alice', name_key: 'alice', display_name: 'Alice', create_time: T0 }).execute();
      await db.insertInto('ram_groups').values({ id: 'ram-g-1', name: 'Ops', name_key: 'ops', create_time: T0 }).execute();
      await db.insertInto('policies').values({ name: 'ReadAll', description: null, document: '{"Version":"1","Statement":[]}', create_time: T0, update_time: T0 }).execute();
      await db.insertInto('policy_attachments').values({ policy_name: 'ReadAll', principal_type: 'user', principal_id: 'ram-u-1', attach_time: T0 }).execute();

      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      const store = createStore(handle.db, handle.dialect);
      // Four rows without an account: the user, the group, the policy and its attachment.
      expect(await store.accounts.adoptUnowned(MANAGEMENT)).toBe(4);
      // A second start finds nothing left to adopt.
      expect(await store.accounts.adoptUnowned(MANAGEMENT)).toBe(0);

      const owner = async (table: string) => (await db.selectFrom(table).select('account_id').execute()).map((r) => r.account_id);
      expect(await owner('ram_users')).toEqual([MANAGEMENT]);
      expect(await owner('ram_groups')).toEqual([MANAGEMENT]);
      expect(await owner('ram_policies')).toEqual([MANAGEMENT]);
      expect(await db.selectFrom('ram_policy_attachments').selectAll().execute()).toEqual([
        expect.objectContaining({ account_id: MANAGEMENT, policy_type: 'Custom', policy_name: 'ReadAll', principal_type: 'user', principal_id: 'ram-u-1' }),
      ]);
    } finally {
      await handle.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
