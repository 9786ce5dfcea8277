import type { Kysely } from 'kysely';
import type { StsRepository } from '../../core/ports/sts.js';
import type { Dialect } from '../db.js';
import { prepared } from '../prepared.js';
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

export function stsRepository(db: Kysely<Database>, dialect: Dialect): StsRepository {
  // Every signed call of an STS session reads its credential: compiled once, named on PostgreSQL.
  const byId = prepared(db, dialect, 'sts.byId', (id: string) => db.selectFrom('sts_credentials').select(COLUMNS).where('id', '=', id));
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
    async get(id) {
      const [r] = await byId(id);
      return (
        r && {
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
        }
      );
    },
    async prune(now) {
      const r = await db.deleteFrom('sts_credentials').where('expire_time', '<', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
