import type { Kysely } from 'kysely';
import type { AuthFailureRepository } from '../../core/ports/store.js';
import type { StoredStsCredential, StsRepository } from '../../core/ports/sts.js';
import type { Dialect } from '../db.js';
import { namedStatement, prepared } from '../prepared.js';
import type { Database, StsCredentialRow } from '../schema.js';

const COLUMNS = [
  'id',
  'secret_enc',
  'token_hash',
  'account_id',
  'role_id',
  'session_name',
  'session_policy',
  'caller',
  'create_time',
  'expire_time',
] as const satisfies ReadonlyArray<keyof StsCredentialRow>;

const toCredential = (r: Pick<StsCredentialRow, (typeof COLUMNS)[number]>): StoredStsCredential => ({
  id: r.id,
  accountId: r.account_id,
  roleId: r.role_id,
  sessionName: r.session_name,
  sessionPolicy: r.session_policy,
  caller: r.caller,
  createTime: Number(r.create_time),
  expireTime: Number(r.expire_time),
  secretEncrypted: r.secret_enc,
  tokenHash: r.token_hash,
});

/**
 * PostgreSQL: the credential and its role (or nulls) and the failure counts of up to two subjects
 * in one named statement, as `KEY_WITH_FAILURES` reads an AccessKey (access-keys.ts): an
 * STS-signed call's authentication costs one round trip, not three.
 */
const CREDENTIAL_FOR_CALL = namedStatement(
  `select ${COLUMNS.map((c) => `s.${c}`).join(', ')}, r.id as role_key, r.account_id as role_account_id, r.name as role_name, ` +
    "(select coalesce(json_agg(json_build_array(f.subject, f.failures)), '[]'::json) from auth_failures f where f.subject in ($2, $3) and f.window_start = $4) as failures " +
    'from (select 1) as one left join sts_credentials s on s.id = $1 left join ram_roles r on r.id = s.role_id',
);

type CredentialForCallRow = { [K in (typeof COLUMNS)[number]]: StsCredentialRow[K] | null } & {
  role_key: string | null;
  role_account_id: string | null;
  role_name: string | null;
  failures: Array<[string, number]>;
};

export function stsRepository(db: Kysely<Database>, dialect: Dialect, authFailures: AuthFailureRepository): StsRepository {
  // Every signed call of an STS session reads its credential: compiled once, named on PostgreSQL.
  const byId = prepared(db, dialect, 'sts.byId', (id: string) => db.selectFrom('sts_credentials').select(COLUMNS).where('id', '=', id));
  const roleById = prepared(db, dialect, 'sts.roleById', (id: string) => db.selectFrom('ram_roles').select(['id', 'account_id', 'name']).where('id', '=', id));
  const get = async (id: string) => {
    const [r] = await byId(id);
    return r && toCredential(r);
  };
  return {
    async insert(c, secretEncrypted, tokenHash) {
      await db
        .insertInto('sts_credentials')
        .values({
          id: c.id,
          secret_enc: secretEncrypted,
          token_hash: tokenHash,
          account_id: c.accountId,
          role_id: c.roleId,
          session_name: c.sessionName,
          session_policy: c.sessionPolicy,
          caller: c.caller,
          create_time: c.createTime,
          expire_time: c.expireTime,
        })
        .execute();
    },
    async getForCall(id, subjects, windowStart) {
      if (dialect !== 'postgres' || subjects.length === 0 || subjects.length > 2) {
        // SQLite answers in-process: the reads cost no round trip.
        const [credential, failures] = await Promise.all([get(id), authFailures.counts(subjects, windowStart)]);
        const [role] = credential ? await roleById(credential.roleId) : [];
        return { credential: credential && role && { ...credential, role: { id: role.id, accountId: role.account_id, name: role.name } }, failures };
      }
      const [a, b = a] = subjects as [string, ...string[]];
      const { rows } = await db.executeQuery<CredentialForCallRow>({ ...CREDENTIAL_FOR_CALL, parameters: [id, a, b, windowStart] });
      const [r] = rows;
      if (!r) throw new Error('The STS credential and failure count read returned no row.');
      const failures = new Map(r.failures.map(([s, n]) => [s, Number(n)]));
      if (r.id === null || r.role_key === null || r.role_account_id === null || r.role_name === null) return { credential: undefined, failures };
      const credential = toCredential(r as Pick<StsCredentialRow, (typeof COLUMNS)[number]>);
      return { credential: { ...credential, role: { id: r.role_key, accountId: r.role_account_id, name: r.role_name } }, failures };
    },
    async prune(now) {
      const r = await db.deleteFrom('sts_credentials').where('expire_time', '<', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
