import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { PasswordHistoryRepository } from '../../core/ports/password-history.js';
import type { Database } from '../schema.js';

/** Row IDs sort by creation time (base36 milliseconds first), so "newest" is one index order. */
function rowId(time: number): string {
  return `${time.toString(36).padStart(10, '0')}${randomBytes(6).toString('hex')}`;
}

export function passwordHistoryRepository(db: Kysely<Database>): PasswordHistoryRepository {
  return {
    async recent(directoryId, userId, limit) {
      if (limit <= 0) return [];
      const rows = await db
        .selectFrom('password_history')
        .select('password_hash')
        .where('directory_id', '=', directoryId)
        .where('user_id', '=', userId)
        .orderBy('create_time', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => r.password_hash);
    },
    async add(directoryId, userId, passwordHash, time, keep) {
      await db
        .insertInto('password_history')
        .values({ id: rowId(time), directory_id: directoryId, user_id: userId, password_hash: passwordHash, create_time: time })
        .execute();
      const kept = await db
        .selectFrom('password_history')
        .select('id')
        .where('user_id', '=', userId)
        .orderBy('create_time', 'desc')
        .orderBy('id', 'desc')
        .limit(keep)
        .execute();
      await db
        .deleteFrom('password_history')
        .where('user_id', '=', userId)
        .where(
          'id',
          'not in',
          kept.map((r) => r.id),
        )
        .execute();
    },
  };
}
