import { sql, type Kysely } from 'kysely';
import { batcher } from './batcher.js';
import type { Database } from './schema.js';

/**
 * Group commit for SQLite (issue 16). SQLite has one writer, and a commit's cost is writing the
 * pages it changed to the WAL: for a SCIM create, about ten pages (the row, its indexes, the audit
 * row, the directory's counter) and most of the request's time. Transactions that become ready in
 * the same turn of the event loop run one after the other in one SQLite transaction, each inside
 * a savepoint of its own, and are committed together: pages they share (the counter, index pages)
 * are written once.
 *
 * Each transaction keeps its own outcome. One that throws is rolled back to its savepoint and its
 * caller gets the error; the others are unaffected. No caller hears of success before the COMMIT
 * that holds its writes has returned; if that COMMIT fails, every caller of the group gets the
 * error, and none of their writes is kept. Run serially, the transactions see each other's writes
 * in their order, as they would one after the other.
 *
 * The group starts on the next turn (setImmediate), not after a timer: a lone transaction waits
 * no longer than the requests already received. A group is capped so that reads, which wait for
 * the connection while it is open, are not held for long.
 */
const MAX_GROUP = 32;

interface Job<S> {
  readonly fn: (tx: S) => Promise<unknown>;
  readonly resolve: (value: unknown) => void;
  readonly reject: (err: unknown) => void;
}

export function groupCommitter<S>(
  db: Kysely<Database>,
  storeOf: (trx: Kysely<Database>) => S,
  mapError: (err: unknown) => unknown = (err) => err,
): <T>(fn: (tx: S) => Promise<T>) => Promise<T> {
  async function runGroup(group: Array<Job<S>>): Promise<void> {
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; err: unknown }> = [];
    try {
      await db.transaction().execute(async (trx) => {
        const store = storeOf(trx);
        for (const job of group) {
          await sql`savepoint grouped`.execute(trx);
          try {
            const value = await job.fn(store);
            await sql`release grouped`.execute(trx);
            outcomes.push({ ok: true, value });
          } catch (err) {
            outcomes.push({ ok: false, err });
            await sql`rollback to grouped`.execute(trx);
            await sql`release grouped`.execute(trx);
          }
        }
      });
    } catch (err) {
      // The group's BEGIN or COMMIT failed, or a savepoint could not be rolled back (an error that
      // ended the whole transaction): nothing of the group is kept. A transaction that had failed
      // by itself still reports its own error.
      group.forEach((job, i) => {
        const outcome = outcomes[i];
        job.reject(mapError(outcome && !outcome.ok ? outcome.err : err));
      });
      return;
    }
    group.forEach((job, i) => {
      const outcome = outcomes[i];
      if (outcome?.ok) job.resolve(outcome.value);
      else job.reject(mapError(outcome?.err));
    });
  }

  // Transactions that arrive while a group runs form the next group as soon as it ends.
  const submit = batcher(MAX_GROUP, runGroup);
  return <T>(fn: (tx: S) => Promise<T>) =>
    new Promise<T>((resolve, reject) => submit({ fn, resolve: resolve as (value: unknown) => void, reject }));
}
