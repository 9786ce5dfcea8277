import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * The whole initial schema, for SQLite and PostgreSQL alike (docs/decisions/0001-one-migration-set.md).
 * Written against Kysely<any> so it never depends on today's types; never edit it once merged:
 * later changes are new migrations.
 *
 * Conventions: times are epoch milliseconds (BIGINT), booleans are 0/1 integers, JSON is TEXT.
 * Case-insensitive uniqueness uses `*_key` columns holding a Unicode-folded value computed in
 * the application, with a bytewise collation so that range scans (`sw`) use the index in both
 * databases.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const key = (c: ColumnDefinitionBuilder) => (pg ? c.modifyEnd(sql`collate "C"`) : c);

  await db.schema
    .createTable('meta')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('directories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => key(c.notNull()))
    .addColumn('region', 'text', (c) => c.notNull())
    .addColumn('scim_sync_enabled', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('settings', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('directories_name_uq').unique().on('directories').column('name').execute();

  await db.schema
    .createTable('scim_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id'))
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .addColumn('last_used_time', 'bigint')
    .execute();
  await db.schema.createIndex('scim_credentials_secret_uq').unique().on('scim_credentials').column('secret_hash').execute();
  await db.schema.createIndex('scim_credentials_directory_ix').on('scim_credentials').columns(['directory_id', 'id']).execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id'))
    .addColumn('user_name', 'text', (c) => c.notNull())
    .addColumn('user_name_key', 'text', (c) => key(c.notNull()))
    .addColumn('email', 'text')
    .addColumn('email_key', 'text', (c) => key(c))
    .addColumn('display_name', 'text')
    .addColumn('display_name_key', 'text', (c) => key(c))
    .addColumn('first_name', 'text')
    .addColumn('first_name_key', 'text', (c) => key(c))
    .addColumn('last_name', 'text')
    .addColumn('last_name_key', 'text', (c) => key(c))
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('provision_type', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('external_issuer', 'text')
    // The SCIM representation the IdP sent, kept so attributes CloudSSO's model lacks round-trip.
    .addColumn('scim', 'text')
    .addColumn('password_hash', 'text')
    .addColumn('password_reset_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_name_uq').unique().on('users').columns(['directory_id', 'user_name_key']).execute();
  // Not unique in the database: the core enforces Email uniqueness for management API writes,
  // while IdPs may provision users that share an address (docs/decisions/0005-email-uniqueness.md).
  await db.schema.createIndex('users_email_ix').on('users').columns(['directory_id', 'email_key']).execute();
  await db.schema.createIndex('users_external_ix').on('users').columns(['directory_id', 'external_id']).execute();
  await db.schema.createIndex('users_directory_ix').on('users').columns(['directory_id', 'id']).execute();

  await db.schema
    .createTable('groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => key(c.notNull()))
    .addColumn('description', 'text')
    .addColumn('provision_type', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text')
    .addColumn('scim', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('groups_name_uq').unique().on('groups').columns(['directory_id', 'name_key']).execute();
  await db.schema.createIndex('groups_external_ix').on('groups').columns(['directory_id', 'external_id']).execute();
  await db.schema.createIndex('groups_directory_ix').on('groups').columns(['directory_id', 'id']).execute();

  await db.schema
    .createTable('group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('groups.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('join_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('group_members_pk', ['group_id', 'user_id'])
    .execute();
  await db.schema.createIndex('group_members_user_ix').on('group_members').columns(['user_id', 'group_id']).execute();

  await db.schema
    .createTable('tags')
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text', (c) => c.notNull())
    .addColumn('tag_key', 'text', (c) => c.notNull())
    .addColumn('tag_value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tags_pk', ['resource_id', 'tag_key'])
    .execute();
  await db.schema.createIndex('tags_key_ix').on('tags').columns(['directory_id', 'tag_key', 'tag_value']).execute();

  // RAM: principals that call the management API, their keys and policies.
  await db.schema
    .createTable('ram_users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => key(c.notNull()))
    .addColumn('display_name', 'text')
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ram_users_name_uq').unique().on('ram_users').column('name_key').execute();

  await db.schema
    .createTable('ram_groups')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => key(c.notNull()))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ram_groups_name_uq').unique().on('ram_groups').column('name_key').execute();

  await db.schema
    .createTable('ram_group_members')
    .addColumn('group_id', 'text', (c) => c.notNull().references('ram_groups.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('ram_users.id'))
    .addPrimaryKeyConstraint('ram_group_members_pk', ['group_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('access_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // 'root' for the account's own key, 'user' for a RAM user's.
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('ram_user_id', 'text', (c) => c.references('ram_users.id'))
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('last_used_time', 'bigint')
    .execute();
  await db.schema.createIndex('access_keys_user_ix').on('access_keys').column('ram_user_id').execute();

  await db.schema
    .createTable('policies')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('policy_attachments')
    .addColumn('policy_name', 'text', (c) => c.notNull().references('policies.name'))
    // 'user' or 'group' (a RAM user or RAM group).
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('attach_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_attachments_pk', ['principal_type', 'principal_id', 'policy_name'])
    .execute();

  // Signature nonces seen within the accepted clock skew; any node sees every other node's.
  await db.schema
    .createTable('signature_nonces')
    .addColumn('nonce', 'text', (c) => c.primaryKey())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('signature_nonces_expire_ix').on('signature_nonces').column('expire_time').execute();

  // Who changed what: every SCIM write names the credential that made it.
  await db.schema
    .createTable('audit_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text')
    .addColumn('time', 'bigint', (c) => c.notNull())
    .addColumn('actor_type', 'text', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_id', 'text')
    .addColumn('request_id', 'text')
    .execute();
  await db.schema.createIndex('audit_events_directory_ix').on('audit_events').columns(['directory_id', 'time']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'audit_events', 'signature_nonces', 'policy_attachments', 'policies', 'access_keys',
    'ram_group_members', 'ram_groups', 'ram_users', 'tags', 'group_members', 'groups', 'users',
    'scim_credentials', 'directories', 'meta',
  ]) {
    await db.schema.dropTable(t).execute();
  }
}
