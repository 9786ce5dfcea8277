import type { Kysely } from 'kysely';
import type { StsRepository } from '../../core/ports/sts.js';
import type { Database } from '../schema.js';

export function stsRepository(db: Kysely<Database>): StsRepository {
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
      const r = await db.selectFrom('sts_credentials').selectAll().where('id', '=', id).executeTakeFirst();
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
