import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { rethrowUnique } from './unique-violation.js';

/**
 * The optimistic write shared by users and groups: set the columns, bump `version`, stamp
 * `update_time`, and (with `expectedVersion`, SCIM If-Match or the core's read-then-write) only
 * if the stored version is still that one. True when a row was written.
 */
export async function versionedUpdate(
  db: Kysely<Database>,
  table: 'users' | 'groups',
  key: { directoryId: string; id: string },
  columns: Record<string, unknown>,
  updateTime: number,
  expectedVersion: number | undefined,
): Promise<boolean> {
  let q = (db as Kysely<any>)
    .updateTable(table)
    .set((eb) => ({ ...columns, update_time: updateTime, version: eb('version', '+', 1) }))
    .where('directory_id', '=', key.directoryId)
    .where('id', '=', key.id);
  if (expectedVersion !== undefined) q = q.where('version', '=', expectedVersion);
  const r = await q.executeTakeFirst().catch(rethrowUnique);
  return Number(r.numUpdatedRows) === 1;
}
