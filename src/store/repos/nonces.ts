import type { Kysely } from 'kysely';
import type { NonceRepository } from '../../core/ports/store.js';
import type { Database } from '../schema.js';
import { uniqueViolationIndex } from '../unique-violation.js';

export function nonceRepository(db: Kysely<Database>): NonceRepository {
  return {
    async claim(nonce, expireTime, now) {
      try {
        await db.insertInto('signature_nonces').values({ nonce, expire_time: expireTime }).execute();
        return true;
      } catch (err) {
        if (uniqueViolationIndex(err) === undefined) throw err;
      }
      // Seen before. If that sighting has expired, the nonce is outside the replay window: take it over.
      const r = await db
        .updateTable('signature_nonces')
        .set({ expire_time: expireTime })
        .where('nonce', '=', nonce)
        .where('expire_time', '<=', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async prune(now) {
      const r = await db.deleteFrom('signature_nonces').where('expire_time', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
