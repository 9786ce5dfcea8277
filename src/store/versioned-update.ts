import type { Kysely, Selectable } from 'kysely';
import type { Database } from './schema.js';
import { rethrowUnique } from './unique-violation.js';

/**
 * The optimistic write shared by users and groups: set the columns, bump `version`, stamp
 * `update_time`, and (with `expectedVersion`, the version the core read under its lock, or SCIM
 * If-Match) only if the stored version is still that one. One statement, `UPDATE ... RETURNING *`
 * (SQLite >= 3.35 and PostgreSQL): the written row, or undefined when no row matched.
 */
export async function versionedUpdate<T extends 'users' | 'groups'>(
  db: Kysely<Database>,
  table: T,
  key: { directoryId: string; id: string },
  columns: Record<string, unknown>,
  updateTime: number,
  expectedVersion: number | undefined,
): Promise<Selectable<Database[T]> | undefined> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the versioned update is generic over the users and groups tables
  let q = (db as Kysely<any>)
    .updateTable(table as string)
    .set((eb) => ({ ...columns, update_time: updateTime, version: eb('version', '+', 1) }))
    .where('directory_id', '=', key.directoryId)
    .where('id', '=', key.id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const row = await q.returningAll().executeTakeFirst().catch(rethrowUnique);
  return row as Selectable<Database[T]> | undefined;
}
