import type { Kysely } from 'kysely';
import type { AccessKey, Status } from '../../core/model.js';
import type { AccessKeyRepository, AuthFailureRepository } from '../../core/ports/store.js';
import type { Dialect } from '../db.js';
import { namedStatement, prepared } from '../prepared.js';
import type { AccessKeyRow, Database } from '../schema.js';

const toKey = (r: Omit<AccessKeyRow, 'last_used_time'>): AccessKey & { secretEncrypted: string } => ({
  id: r.id,
  principalType: r.principal_type as AccessKey['principalType'],
  ramUserId: r.ram_user_id,
  status: r.status as Status,
  createTime: Number(r.create_time),
  secretEncrypted: r.secret_enc,
});

const withoutSecret = ({ secretEncrypted: _s, ...k }: AccessKey & { secretEncrypted: string }): AccessKey => k;

/**
 * PostgreSQL: the key (or a row of nulls), the RAM user owning it if any, and the failure counts
 * of up to two subjects in one statement, so a signed call's authentication reads cost one round
 * trip, not two (three for a RAM user's key); named, so it is not parsed and planned again on
 * every call.
 */
const KEY_WITH_FAILURES = namedStatement(
  'select k.id, k.principal_type, k.ram_user_id, k.secret_enc, k.status, k.create_time, ' +
    'u.id as owner_id, u.account_id as owner_account_id, u.name as owner_name, ' +
    "(select coalesce(json_agg(json_build_array(f.subject, f.failures)), '[]'::json) from auth_failures f where f.subject in ($2, $3) and f.window_start = $4) as failures " +
    'from (select 1) as one left join access_keys k on k.id = $1 left join ram_users u on u.id = k.ram_user_id',
);

type KeyWithFailuresRow = AccessKeyRow & {
  id: string | null;
  owner_id: string | null;
  owner_account_id: string | null;
  owner_name: string | null;
  failures: Array<[string, number]>;
};

export function accessKeyRepository(db: Kysely<Database>, dialect: Dialect, authFailures: AuthFailureRepository): AccessKeyRepository {
  // Every signed call reads its key: compiled once, naming the columns it needs.
  const byId = prepared(db, dialect, 'accessKeys.byId', (id: string) =>
    db.selectFrom('access_keys').select(['id', 'principal_type', 'ram_user_id', 'secret_enc', 'status', 'create_time']).where('id', '=', id),
  );
  const get = async (id: string) => {
    const [r] = await byId(id);
    return r && toKey(r);
  };
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
    get,
    async getWithFailures(id, subjects, windowStart) {
      if (dialect !== 'postgres' || subjects.length === 0 || subjects.length > 2) {
        // SQLite answers in-process: two reads cost no round trip.
        const [key, failures] = await Promise.all([get(id), authFailures.counts(subjects, windowStart)]);
        return { key, failures };
      }
      const [a, b = a] = subjects as [string, ...string[]];
      const { rows } = await db.executeQuery<KeyWithFailuresRow>({ ...KEY_WITH_FAILURES, parameters: [id, a, b, windowStart] });
      const [r] = rows;
      if (!r) throw new Error('The AccessKey and failure count read returned no row.');
      const failures = new Map(r.failures.map(([s, n]) => [s, Number(n)]));
      if (r.id === null) return { key: undefined, failures };
      const key = toKey(r);
      if (key.principalType !== 'user') return { key, failures };
      // A left join: the three are null together, when the key's user is gone.
      const owner = r.owner_id === null || r.owner_account_id === null || r.owner_name === null ? null : { id: r.owner_id, accountId: r.owner_account_id, name: r.owner_name };
      return { key, failures, owner };
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
