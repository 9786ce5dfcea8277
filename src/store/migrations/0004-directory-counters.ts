import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * `directories.user_count` / `group_count`, kept by triggers. Quota checks (every CreateUser and
 * SCIM POST) and GetDirectoryStatistics read them instead of counting a directory's rows, which
 * cost time proportional to the directory (a million users: tens of milliseconds per create).
 * Triggers, rather than application code, keep them right whatever inserts the rows (bulk loads
 * included), in the same transaction as the insert or delete. SQLite updates rows in place, so a
 * row-level trigger is cheap there; PostgreSQL gets statement-level triggers (see below).
 */
const COUNTED = [
  { table: 'users', column: 'user_count' },
  { table: 'groups', column: 'group_count' },
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const { table, column } of COUNTED) {
    await db.schema.alterTable('directories').addColumn(column, 'bigint', (c) => c.notNull().defaultTo(0)).execute();
    await sql`update directories set ${sql.ref(column)} = (select count(*) from ${sql.table(table)} t where t.directory_id = directories.id)`.execute(db);
    const ins = `${table}_count_insert`;
    const del = `${table}_count_delete`;
    if (pg) {
      // Statement-level triggers over transition tables: one UPDATE of the directory row per
      // statement, not per row. A row-level trigger would update the same row once per inserted
      // row, and within one bulk transaction each new row version lengthens the chain the next
      // update must walk: quadratic on a million-row load.
      for (const [name, rows, sign] of [
        [ins, 'new_rows', '+'],
        [del, 'old_rows', '-'],
      ] as const) {
        await sql
          .raw(
            `create function ${name}() returns trigger language plpgsql as $$ begin ` +
              `update directories d set ${column} = d.${column} ${sign} n.c ` +
              `from (select directory_id, count(*) as c from ${rows} group by directory_id) n where d.id = n.directory_id; ` +
              `return null; end $$`,
          )
          .execute(db);
      }
      await sql.raw(`create trigger ${ins} after insert on ${table} referencing new table as new_rows for each statement execute function ${ins}()`).execute(db);
      await sql.raw(`create trigger ${del} after delete on ${table} referencing old table as old_rows for each statement execute function ${del}()`).execute(db);
    } else {
      await sql
        .raw(`create trigger ${ins} after insert on ${table} begin update directories set ${column} = ${column} + 1 where id = new.directory_id; end`)
        .execute(db);
      await sql
        .raw(`create trigger ${del} after delete on ${table} begin update directories set ${column} = ${column} - 1 where id = old.directory_id; end`)
        .execute(db);
    }
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  for (const { table, column } of COUNTED) {
    for (const name of [`${table}_count_insert`, `${table}_count_delete`]) {
      await sql.raw(pg ? `drop trigger ${name} on ${table}` : `drop trigger ${name}`).execute(db);
      if (pg) await sql.raw(`drop function ${name}()`).execute(db);
    }
    await db.schema.alterTable('directories').dropColumn(column).execute();
  }
}
