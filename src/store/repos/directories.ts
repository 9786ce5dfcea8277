import type { Kysely, Selectable } from 'kysely';
import type { Directory } from '../../core/model.js';
import type { DirectoryRepository } from '../../core/ports/store.js';
import type { Database, DirectoryRow } from '../schema.js';
import { prepared } from '../prepared.js';
import { rethrowUnique } from '../unique-violation.js';
import type { Dialect } from '../db.js';

// Named columns, not `*`: on PostgreSQL the read below is a named statement, which a column added by
// a later migration would otherwise break on a node still running (docs/decisions/0192).
const DIRECTORY_COLUMNS = ['id', 'name', 'region', 'scim_sync_enabled', 'create_time', 'update_time'] as const;

const toDirectory = (r: Pick<Selectable<DirectoryRow>, (typeof DIRECTORY_COLUMNS)[number]>): Directory => ({
  id: r.id,
  name: r.name,
  region: r.region,
  scimSyncEnabled: Number(r.scim_sync_enabled) === 1,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});

export function directoryRepository(db: Kysely<Database>, dialect: Dialect): DirectoryRepository {
  // Read by nearly every operation (existence checks, the lock before a write): compiled once.
  const byId = prepared(db, dialect, 'directories.byId', (id: string) => db.selectFrom('directories').select(DIRECTORY_COLUMNS).where('id', '=', id));
  return {
    async insert(d) {
      await db
        .insertInto('directories')
        .values({
          id: d.id,
          name: d.name,
          region: d.region,
          scim_sync_enabled: d.scimSyncEnabled ? 1 : 0,
          create_time: d.createTime,
          update_time: d.updateTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async get(id) {
      const [row] = await byId(id);
      return row && toDirectory(row);
    },
    async list() {
      const rows = await db.selectFrom('directories').selectAll().orderBy('id').execute();
      return rows.map(toDirectory);
    },
    async count() {
      const r = await db.selectFrom('directories').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async rename(id, name, updateTime) {
      await db
        .updateTable('directories')
        .set({ name, update_time: updateTime })
        .where('id', '=', id)
        .execute()
        .catch(rethrowUnique);
    },
    async setScimSync(id, enabled, updateTime) {
      await db
        .updateTable('directories')
        .set({ scim_sync_enabled: enabled ? 1 : 0, update_time: updateTime })
        .where('id', '=', id)
        .execute();
    },
    async delete(id) {
      await db.deleteFrom('directories').where('id', '=', id).execute();
    },
    async contents(id) {
      // User and group counts are kept by triggers (migration 0004); credentials are at most two.
      const r = await db
        .selectFrom('directories')
        .select((eb) => [
          'user_count',
          'group_count',
          eb.selectFrom('scim_credentials').select(eb.fn.countAll<number>().as('n')).where('directory_id', '=', id).as('credentials'),
        ])
        .where('id', '=', id)
        .executeTakeFirst();
      return { users: Number(r?.user_count ?? 0), groups: Number(r?.group_count ?? 0), scimCredentials: Number(r?.credentials ?? 0) };
    },
    async lock(id) {
      if (dialect === 'postgres') await db.selectFrom('directories').select('id').where('id', '=', id).forUpdate().execute();
    },
    async lockExisting(id) {
      if (dialect !== 'postgres') return (await byId(id)).length > 0;
      const rows = await db.selectFrom('directories').select('id').where('id', '=', id).forUpdate().execute();
      return rows.length > 0;
    },
    async getSettings(id) {
      const r = await db.selectFrom('directories').select('settings').where('id', '=', id).executeTakeFirst();
      return r ? (JSON.parse(r.settings) as Record<string, unknown>) : {};
    },
    async setSettings(id, settings) {
      await db.updateTable('directories').set({ settings: JSON.stringify(settings) }).where('id', '=', id).execute();
    },
  };
}
