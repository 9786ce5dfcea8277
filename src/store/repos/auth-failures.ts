import { sql, type Kysely } from 'kysely';
import type { AuthFailureRepository } from '../../core/ports/store.js';
import type { Dialect } from '../db.js';
import { prepared } from '../prepared.js';
import { pruneInBatches } from '../prune.js';
import type { Database } from '../schema.js';

/** Expired counters are deleted this many at a time (see pruneInBatches). */
export const AUTH_FAILURE_PRUNE_BATCH = 1000;

export function authFailureRepository(db: Kysely<Database>, dialect: Dialect): AuthFailureRepository {
  const countsQuery = (subjects: readonly string[], windowStart: number) =>
    db.selectFrom('auth_failures').select(['subject', 'failures']).where('subject', 'in', [...subjects]).where('window_start', '=', windowStart);
  // Every signed call asks for one or two subjects (its address, its AccessKey): compiled once.
  const countsOfTwo = prepared(db, dialect, 'authFailures.countsOfTwo', (a: string, b: string, windowStart: number) => countsQuery([a, b], windowStart));
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
      const [a, b = a] = subjects as [string, ...string[]];
      const rows = subjects.length <= 2 ? await countsOfTwo(a, b, windowStart) : await countsQuery(subjects, windowStart).execute();
      return new Map(rows.map((r) => [r.subject, Number(r.failures)]));
    },
    async prune(now) {
      return pruneInBatches(
        () =>
          db
            .deleteFrom('auth_failures')
            .where('subject', 'in', db.selectFrom('auth_failures').select('subject').where('expire_time', '<=', now).limit(AUTH_FAILURE_PRUNE_BATCH))
            .executeTakeFirst(),
        AUTH_FAILURE_PRUNE_BATCH,
      );
    },
  };
}
