import { sql, type Kysely } from 'kysely';

/**
 * Every field the RAM SDK models carry for users, groups and memberships (issue 9, item 13):
 * CreateUser's Comments, Email and MobilePhone, CreateGroup's Comments, a real UpdateDate (now
 * that UpdateUser and UpdateGroup exist), GetUser's LastLoginDate, and the JoinDate of
 * ListUsersForGroup and ListGroupsForUser. Existing rows: UpdateDate is their CreateDate; a
 * membership made before this migration has no known JoinDate (null, left out on the wire).
 */
export async function up(db: Kysely<any>): Promise<void> {
  for (const column of ['comments', 'email', 'mobile_phone']) {
    await db.schema.alterTable('ram_users').addColumn(column, 'text').execute();
  }
  await db.schema.alterTable('ram_users').addColumn('update_time', 'bigint').execute();
  await db.schema.alterTable('ram_users').addColumn('last_login_time', 'bigint').execute();
  await sql`update ram_users set update_time = create_time`.execute(db);

  await db.schema.alterTable('ram_groups').addColumn('comments', 'text').execute();
  await db.schema.alterTable('ram_groups').addColumn('update_time', 'bigint').execute();
  await sql`update ram_groups set update_time = create_time`.execute(db);

  await db.schema.alterTable('ram_group_members').addColumn('join_time', 'bigint').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('ram_group_members').dropColumn('join_time').execute();
  for (const column of ['comments', 'update_time']) await db.schema.alterTable('ram_groups').dropColumn(column).execute();
  for (const column of ['comments', 'email', 'mobile_phone', 'update_time', 'last_login_time']) {
    await db.schema.alterTable('ram_users').dropColumn(column).execute();
  }
}
