import type { Kysely } from 'kysely';
import type { AccessKey, Status } from '../../core/model.js';
import type { AccessKeyRepository } from '../../core/ports/store.js';
import { prepared } from '../prepared.js';
import type { AccessKeyRow, Database } from '../schema.js';

const toKey = (r: AccessKeyRow): AccessKey & { secretEncrypted: string } => ({
  id: r.id,
  principalType: r.principal_type as AccessKey['principalType'],
  ramUserId: r.ram_user_id,
  status: r.status as Status,
  createTime: Number(r.create_time),
  secretEncrypted: r.secret_enc,
});

const withoutSecret = ({ secretEncrypted: _s, ...k }: AccessKey & { secretEncrypted: string }): AccessKey => k;

export function accessKeyRepository(db: Kysely<Database>): AccessKeyRepository {
  // Every signed call reads its key: compiled once.
  const byId = prepared(db, (id: string) => db.selectFrom('access_keys').selectAll().where('id', '=', id));
  return {
    async insert(k, secretEncrypted) {
      await db
        .insertInto('access_keys')
        .values({
          id: k.id,
          principal_type: k.principalType,
          ram_user_id: k.ramUserId,
          secret_enc: secretEncrypted,
          status: k.status,
          create_time: k.createTime,
          last_used_time: null,
        })
        .execute();
    },
    async get(id) {
      const [r] = await byId(id);
      return r && toKey(r);
    },
    async findRoot() {
      const r = await db.selectFrom('access_keys').selectAll().where('principal_type', '=', 'root').orderBy('create_time').executeTakeFirst();
      return r && withoutSecret(toKey(r));
    },
    async listRoot() {
      const rows = await db.selectFrom('access_keys').selectAll().where('principal_type', '=', 'root').orderBy('create_time').execute();
      return rows.map((r) => withoutSecret(toKey(r)));
    },
    async listForUser(ramUserId) {
      const rows = await db.selectFrom('access_keys').selectAll().where('ram_user_id', '=', ramUserId).orderBy('create_time').execute();
      return rows.map((r) => withoutSecret(toKey(r)));
    },
    async setStatus(id, status) {
      await db.updateTable('access_keys').set({ status }).where('id', '=', id).execute();
    },
    async delete(id) {
      await db.deleteFrom('access_keys').where('id', '=', id).execute();
    },
  };
}
