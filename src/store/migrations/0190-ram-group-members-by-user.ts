import type { Kysely } from 'kysely';

/**
 * The RAM groups of a user, by the user: every signed call of a RAM user reads the policies of its
 * groups (`effectivePolicies`), and ListGroupsForUser lists them. The primary key starts with the
 * group, so without this index both read the whole membership table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('ram_group_members_user_ix').on('ram_group_members').columns(['user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('ram_group_members_user_ix').execute();
}
