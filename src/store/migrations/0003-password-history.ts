import type { Kysely } from 'kysely';

/**
 * `password_history`: the argon2id hashes a user's passwords had, for the directory password
 * policy's PasswordReusePrevention (docs/decisions/0021-user-passwords.md). At most 24 rows per
 * user (the policy's maximum), pruned on each reset; removed with the user by the foreign key.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('password_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('password_history_user_ix').on('password_history').columns(['user_id', 'create_time']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('password_history').execute();
}
