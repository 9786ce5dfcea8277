import type { Kysely } from 'kysely';
import type { SCIMServerCredential, Status } from '../../core/model.js';
import type { SCIMCredentialRepository } from '../../core/ports/store.js';
import { prepared } from '../prepared.js';
import type { Database, ScimCredentialRow } from '../schema.js';

const toCredential = (r: Omit<ScimCredentialRow, 'secret_hash'>): SCIMServerCredential => ({
  id: r.id,
  directoryId: r.directory_id,
  status: r.status as Status,
  createTime: Number(r.create_time),
  expireTime: Number(r.expire_time),
  lastUsedTime: r.last_used_time === null ? null : Number(r.last_used_time),
});

const PUBLIC_COLUMNS = ['id', 'directory_id', 'status', 'create_time', 'expire_time', 'last_used_time'] as const;

export function scimCredentialRepository(db: Kysely<Database>): SCIMCredentialRepository {
  // Every SCIM request runs this: compiled once (prepared.ts). One table in FROM and the directory's
  // flag as a scalar subquery by primary key, not a join: for a join SQLite's planner weighs costs,
  // and after ANALYZE of a small credentials table it scanned both tables instead of using the
  // unique index on secret_hash. A single-table equality on a unique index is always a lookup.
  // test/store/hot-query-plans.test.ts asserts the plan on both dialects.
  const bySecretHash = prepared(db, (secretHash: string) =>
    db
      .selectFrom('scim_credentials as c')
      .select(['c.id', 'c.directory_id', 'c.status', 'c.create_time', 'c.expire_time', 'c.last_used_time'])
      .select((eb) => eb.selectFrom('directories as d').select('d.scim_sync_enabled').whereRef('d.id', '=', 'c.directory_id').as('scim_sync_enabled'))
      .where('c.secret_hash', '=', secretHash),
  );
  return {
    async insert(c, secretHash) {
      await db
        .insertInto('scim_credentials')
        .values({
          id: c.id,
          directory_id: c.directoryId,
          secret_hash: secretHash,
          status: c.status,
          create_time: c.createTime,
          expire_time: c.expireTime,
          last_used_time: null,
        })
        .execute();
    },
    async get(directoryId, id) {
      const r = await db
        .selectFrom('scim_credentials')
        .select(PUBLIC_COLUMNS)
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toCredential(r);
    },
    async list(directoryId) {
      const rows = await db
        .selectFrom('scim_credentials')
        .select(PUBLIC_COLUMNS)
        .where('directory_id', '=', directoryId)
        .orderBy('id')
        .execute();
      return rows.map(toCredential);
    },
    async count(directoryId) {
      const r = await db
        .selectFrom('scim_credentials')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('directory_id', '=', directoryId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async setStatus(directoryId, id, status) {
      const r = await db
        .updateTable('scim_credentials')
        .set({ status })
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .returning(PUBLIC_COLUMNS)
        .executeTakeFirst();
      return r && toCredential(r);
    },
    async delete(directoryId, id) {
      const r = await db.deleteFrom('scim_credentials').where('directory_id', '=', directoryId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async findBySecretHash(secretHash) {
      const [r] = await bySecretHash(secretHash);
      return r && { credential: toCredential(r), scimSyncEnabled: Number(r.scim_sync_enabled) === 1 };
    },
    async touch(id, time) {
      await db.updateTable('scim_credentials').set({ last_used_time: time }).where('id', '=', id).execute();
    },
  };
}
