import type { Kysely } from 'kysely';
import type { SamlSignInRepository } from '../../core/ports/saml-sign-in.js';
import type { Database } from '../schema.js';

export function samlSignInRepository(db: Kysely<Database>): SamlSignInRepository {
  return {
    async findSpKeyByAcsId(acsId) {
      const r = await db.selectFrom('saml_sp_keys').selectAll().where('acs_id', '=', acsId).executeTakeFirst();
      return (
        r && {
          directoryId: r.directory_id,
          acsId: r.acs_id,
          certificatePem: r.certificate_pem,
          privateKeySealed: r.private_key_sealed,
          createTime: Number(r.create_time),
        }
      );
    },
    async insertRequest(r) {
      await db
        .insertInto('saml_requests')
        .values({
          id: r.id,
          directory_id: r.directoryId,
          relay_state: r.relayState,
          browser_hash: r.browserHash,
          create_time: r.createTime,
          expire_time: r.expireTime,
        })
        .execute();
    },
    async getRequest(directoryId, id, now) {
      const r = await db
        .selectFrom('saml_requests')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .where('expire_time', '>', now)
        .executeTakeFirst();
      return (
        r && {
          id: r.id,
          directoryId: r.directory_id,
          relayState: r.relay_state,
          browserHash: r.browser_hash,
          createTime: Number(r.create_time),
          expireTime: Number(r.expire_time),
        }
      );
    },
    async consumeRequest(directoryId, id, now) {
      // One DELETE decides: of two nodes answering the same Response, exactly one deletes the row.
      const r = await db
        .deleteFrom('saml_requests')
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .where('expire_time', '>', now)
        .executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    async claimAssertion(directoryId, assertionId, expireTime) {
      // ON CONFLICT DO NOTHING (both dialects): a replay is an ordinary answer, not an error that
      // would abort an enclosing PostgreSQL transaction.
      const r = await db
        .insertInto('saml_assertions')
        .values({ directory_id: directoryId, assertion_id: assertionId, expire_time: expireTime })
        .onConflict((oc) => oc.columns(['directory_id', 'assertion_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) === 1;
    },
    async prune(now) {
      const a = await db.deleteFrom('saml_requests').where('expire_time', '<=', now).executeTakeFirst();
      const b = await db.deleteFrom('saml_assertions').where('expire_time', '<=', now).executeTakeFirst();
      return Number(a.numDeletedRows) + Number(b.numDeletedRows);
    },
  };
}
