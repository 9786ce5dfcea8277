import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from './db.js';
import { prepared } from './prepared.js';
import type { Database } from './schema.js';

/** A table of leased work: rows due at a time, claimed by one worker at a time until their lease ends. */
interface LeasedTables {
  readonly tasks: { readonly key: 'task_id'; readonly due: 'next_run_at' };
  readonly webhook_deliveries: { readonly key: 'delivery_id'; readonly due: 'next_attempt_at' };
}
const LEASED: { readonly [T in keyof LeasedTables]: LeasedTables[T] } = {
  tasks: { key: 'task_id', due: 'next_run_at' },
  webhook_deliveries: { key: 'delivery_id', due: 'next_attempt_at' },
};

/**
 * The claim of the task runner and of the webhook dispatcher: the earliest row in `pending` status
 * that is due and not leased (or whose lease has expired) becomes `owner`'s until `leaseUntil`, its
 * attempts counted; the row as written, or none.
 *
 * Runs on every poll of every worker and node, so it is compiled once (`prepared()`): on
 * PostgreSQL a named statement, parsed and planned once per connection (decision 0198). On
 * PostgreSQL concurrent claimers skip the row another has locked (`FOR UPDATE SKIP LOCKED`)
 * instead of waiting for it, so each gets a different row; SQLite has one writer, and the
 * `UPDATE` with its subquery is one atomic statement.
 */
export function leaseClaim<T extends keyof LeasedTables>(
  db: Kysely<Database>,
  dialect: Dialect,
  table: T,
  pending: string,
): (owner: string, leaseUntil: number, now: number) => Promise<Selectable<Database[T]> | undefined> {
  const { key, due }: { key: string; due: string } = LEASED[table];
  const name: string = table;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one statement over either leased table; the result is typed by `T` above
  const anyDb = db as unknown as Kysely<any>;
  // `now` is named three times, as each argument of a prepared query appears once.
  const claim = prepared(anyDb, dialect, `leaseClaim:${name}:${pending}`, (owner: string, leaseUntil: number, dueBy: number, expiredBy: number, stillExpiredBy: number) => {
    let candidate = anyDb
      .selectFrom(name)
      .select(key)
      .where('status', '=', pending)
      .where(due, '<=', dueBy)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', expiredBy)]))
      .orderBy(due)
      .limit(1);
    if (dialect === 'postgres') candidate = candidate.forUpdate().skipLocked();
    return (
      anyDb
        .updateTable(name)
        .set((eb) => ({ lease_owner: owner, lease_until: leaseUntil, attempts: eb('attempts', '+', 1) }))
        .where(key, '=', candidate)
        // Re-checked on the row itself: on SQLite the subquery and the update are one statement anyway.
        .where('status', '=', pending)
        .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', stillExpiredBy)]))
        .returningAll()
    );
  });
  return async (owner, leaseUntil, now) => {
    const [row] = (await claim(owner, leaseUntil, now, now, now)) as Array<Selectable<Database[T]>>;
    return row;
  };
}
