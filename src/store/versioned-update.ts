import type { Kysely, Selectable } from 'kysely';
import type { Dialect } from './db.js';
import { prepared } from './prepared.js';
import type { Database } from './schema.js';
import { rethrowUnique } from './unique-violation.js';

type Table = 'users' | 'groups';
type Value = string | number | null;

/**
 * The optimistic write shared by users and groups: set the columns, bump `version`, stamp
 * `update_time`, and (with `expectedVersion`, the version the core read under its lock, or SCIM
 * If-Match) only if the stored version is still that one. One statement, `UPDATE ... RETURNING`
 * the columns the entity is made of (SQLite >= 3.35 and PostgreSQL): the written row, or
 * undefined when no row matched.
 *
 * Compiled once per set of columns (prepared.ts): a SCIM PUT or PATCH always writes the same
 * set (the whole mapped resource), a management update one of a few. The columns come from the
 * repository's own mapping, never from a request, so the statements are as many as the code's
 * column sets.
 */
export async function versionedUpdate<T extends Table, C extends keyof Selectable<Database[T]> & string>(
  db: Kysely<Database>,
  dialect: Dialect,
  table: T,
  returning: readonly C[],
  key: { directoryId: string; id: string },
  columns: Record<string, unknown>,
  updateTime: number,
  expectedVersion: number | undefined,
): Promise<Pick<Selectable<Database[T]>, C> | undefined> {
  const { names, values } = inColumnOrder(columns);
  const checked = expectedVersion !== undefined;
  const statement = prepared(db, dialect, `versionedUpdate:${table}:${names.join(',')}:${checked ? 'checked' : 'any'}`, (...markers: Value[]) => {
    const [directoryId, id, stamp, ...rest] = markers;
    return versionedUpdateQuery(db, table, names, { directoryId, id, updateTime: stamp, values: rest.slice(0, names.length), version: checked ? rest[names.length] : undefined }).returning([
      ...returning,
    ]);
  });
  const rows = await statement(key.directoryId, key.id, updateTime, ...values, ...(checked ? [expectedVersion] : [])).catch(rethrowUnique);
  return rows[0] as Pick<Selectable<Database[T]>, C> | undefined;
}

/**
 * A change's columns as the statements above take them: the names sorted (so one set of columns
 * is one statement text, whatever order the mapping wrote them in) and the values in that order.
 */
export function inColumnOrder(columns: Record<string, unknown>): { names: string[]; values: Value[] } {
  const names = Object.keys(columns).sort();
  return { names, values: names.map((n) => (columns[n] ?? null) as Value) };
}

/**
 * The `UPDATE` of `versionedUpdate` without its RETURNING, for a statement that builds on it
 * (one-statement.ts). `names` are the columns set, in the order of `values`; each value may be a
 * `prepared()` marker.
 */
export function versionedUpdateQuery(
  db: Kysely<Database>,
  table: Table,
  names: readonly string[],
  v: { directoryId: Value | undefined; id: Value | undefined; updateTime: Value | undefined; values: readonly (Value | undefined)[]; version: Value | undefined },
) {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the versioned update is generic over the users and groups tables
  let q = (db as Kysely<any>)
    .updateTable(table as string)
    .set((eb) => ({ ...Object.fromEntries(names.map((n, i) => [n, v.values[i]])), update_time: v.updateTime, version: eb('version', '+', 1) }))
    .where('directory_id', '=', v.directoryId)
    .where('id', '=', v.id);
  if (v.version !== undefined) q = q.where('version', '=', v.version);
  return q;
}
