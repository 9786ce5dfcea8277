import type { Kysely } from 'kysely';

/**
 * RAM user provisioning (docs/decisions/0180-user-provisioning.md):
 * - `user_provisionings`: a user or group kept as RAM users in a member account, one per principal
 *   and account;
 * - `user_provisioning_ram_users`: which RAM user stands for which CloudSSO user, per provisioning.
 *   Not tied to `user_provisionings` by a foreign key: a deleted provisioning's rows stay until its
 *   clearing task has dealt with the RAM users they name;
 * - `user_provisioning_events`: failed synchronizations, with what to run again (`payload`);
 * - `user_provisioning_configs`: the directory's DefaultLandingPage and SessionDuration (hours).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_provisionings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('duplication_strategy', 'text', (c) => c.notNull())
    .addColumn('deletion_strategy', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('latest_async_time', 'bigint')
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('user_provisionings_principal_target_uq')
    .unique()
    .on('user_provisionings')
    .columns(['directory_id', 'principal_type', 'principal_id', 'target_id'])
    .execute();
  await db.schema.createIndex('user_provisionings_target_ix').on('user_provisionings').columns(['directory_id', 'target_id']).execute();

  await db.schema
    .createTable('user_provisioning_ram_users')
    .addColumn('user_provisioning_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('ram_user_id', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_provisioning_ram_users_pk', ['user_provisioning_id', 'user_id'])
    .execute();
  await db.schema.createIndex('user_provisioning_ram_users_user_ix').on('user_provisioning_ram_users').columns(['directory_id', 'user_id']).execute();
  await db.schema.createIndex('user_provisioning_ram_users_ram_ix').on('user_provisioning_ram_users').column('ram_user_id').execute();

  await db.schema
    .createTable('user_provisioning_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('user_provisioning_id', 'text', (c) => c.notNull())
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('principal_name', 'text', (c) => c.notNull())
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_name', 'text', (c) => c.notNull())
    .addColumn('source_type', 'text', (c) => c.notNull())
    .addColumn('error_count', 'integer', (c) => c.notNull())
    .addColumn('error_info', 'text', (c) => c.notNull())
    .addColumn('latest_async_time', 'bigint', (c) => c.notNull())
    .addColumn('duplication_strategy', 'text', (c) => c.notNull())
    .addColumn('deletion_strategy', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_provisioning_events_up_ix').on('user_provisioning_events').columns(['directory_id', 'user_provisioning_id', 'id']).execute();
  await db.schema.createIndex('user_provisioning_events_target_ix').on('user_provisioning_events').columns(['directory_id', 'target_id']).execute();

  await db.schema
    .createTable('user_provisioning_configs')
    .addColumn('directory_id', 'text', (c) => c.primaryKey().references('directories.id').onDelete('cascade'))
    .addColumn('default_landing_page', 'text', (c) => c.notNull())
    .addColumn('session_duration', 'integer', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['user_provisioning_configs', 'user_provisioning_events', 'user_provisioning_ram_users', 'user_provisionings']) await db.schema.dropTable(t).execute();
}
