import { PostgresAdapter, sql, type Kysely } from 'kysely';

/**
 * `directories.user_count` / `group_count`, kept by triggers. Quota checks (every CreateUser and
 * SCIM POST) and GetDirectoryStatistics read them instead of counting a directory's rows, which
 * cost time proportional to the directory (a million users: tens of milliseconds per create).
 * Triggers, rather than application code, keep them right whatever inserts the rows (bulk loads
 * included), in the same transaction as the insert or delete.
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
      await sql
        .raw(
          `create function ${ins}() returns trigger language plpgsql as $$ begin ` +
            `update directories set ${column} = ${column} + 1 where id = new.directory_id; return null; end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create function ${del}() returns trigger language plpgsql as $$ begin ` +
            `update directories set ${column} = ${column} - 1 where id = old.directory_id; return null; end $$`,
        )
        .execute(db);
      await sql.raw(`create trigger ${ins} after insert on ${table} for each row execute function ${ins}()`).execute(db);
      await sql.raw(`create trigger ${del} after delete on ${table} for each row execute function ${del}()`).execute(db);
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
