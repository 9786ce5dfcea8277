import { sql, type Kysely } from 'kysely';
import type { AuthFailureRepository } from '../../core/ports/store.js';
import type { Database } from '../schema.js';

export function authFailureRepository(db: Kysely<Database>): AuthFailureRepository {
  return {
    async record(subjects, windowStart, expireTime) {
      if (subjects.length === 0) return new Map();
      // One statement per call: concurrent failures on any node add up, none is lost.
      const rows = await db
        .insertInto('auth_failures')
        .values(subjects.map((subject) => ({ subject, window_start: windowStart, failures: 1, expire_time: expireTime })))
        .onConflict((oc) =>
          oc.column('subject').doUpdateSet((eb) => ({
            failures: sql<number>`case when auth_failures.window_start = excluded.window_start then auth_failures.failures + 1 else 1 end`,
            window_start: eb.ref('excluded.window_start'),
            expire_time: eb.ref('excluded.expire_time'),
          })),
        )
        .returning(['subject', 'failures'])
        .execute();
      return new Map(rows.map((r) => [r.subject, Number(r.failures)]));
    },
    async counts(subjects, windowStart) {
      if (subjects.length === 0) return new Map();
      const rows = await db
        .selectFrom('auth_failures')
        .select(['subject', 'failures'])
        .where('subject', 'in', [...subjects])
        .where('window_start', '=', windowStart)
        .execute();
      return new Map(rows.map((r) => [r.subject, Number(r.failures)]));
    },
    async prune(now) {
      const r = await db.deleteFrom('auth_failures').where('expire_time', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
