import type { Kysely, QueryCreator, Selectable } from 'kysely';
import type { Dialect } from './db.js';
import { prepared } from './prepared.js';
import type { Database } from './schema.js';

/**
 * The start of a SCIM read-modify-write of a user or group (issue 16, decision 0198): the
 * directory's row and the resource's, read and locked by one statement. On PostgreSQL the
 * directory's lock is `FOR UPDATE`, as `directories.lockExisting` takes it, and the resource's
 * `FOR NO KEY UPDATE`, as `getForUpdate` does; PostgreSQL takes them in the order of the `FROM`
 * list, the directory first, as the two statements did. While a transaction waits for them, the
 * rows it gets are the ones committed before it is granted them.
 *
 * One round trip fewer, inside the directory's lock: every SCIM write of a directory waits for
 * that lock, so the time it is held bounds their rate.
 *
 * Undefined when either row is missing; nothing is locked then (the caller takes the directory's
 * lock to tell a missing directory from a missing resource). SQLite's writes are serial: the same
 * join, without locking clauses.
 */
export function withDirectory<T extends 'users' | 'groups'>(
  db: Kysely<Database>,
  table: T,
  columns: ReadonlyArray<keyof Database[T] & string>,
  dialect: Dialect,
): (directoryId: string, id: string) => Promise<Selectable<Database[T]> | undefined> {
  // Compiled once per process (prepared.ts): on PostgreSQL a named statement, parsed and planned
  // once per connection rather than inside the lock on every call.
  const lock = prepared(db, dialect, `withDirectory:${table as string}`, (directoryId: string, id: string) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- generic over the users and groups tables
    const q = (db as Kysely<any>)
      .selectFrom('directories as d')
      .innerJoin(`${table as string} as r`, (join) => join.onRef('r.directory_id', '=', 'd.id').on('r.id', '=', id))
      .select(columns.map((c): string => `r.${c}`))
      .where('d.id', '=', directoryId);
    return dialect === 'postgres' ? q.forUpdate('d').forNoKeyUpdate('r') : q;
  });
  return async (directoryId, id) => {
    const [row] = await lock(directoryId, id);
    return row as Selectable<Database[T]> | undefined;
  };
}

/**
 * The directory's row, locked as `directories.lockExisting` locks it, as a WITH query of a
 * one-statement write (PostgreSQL): the first lock of every write of the directory.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- WITH queries add their own names to the tables a query may read
export const lockedDirectory = (qc: QueryCreator<any>, directoryId: string) => qc.selectFrom('directories').select('id').where('id', '=', directoryId).forUpdate();
