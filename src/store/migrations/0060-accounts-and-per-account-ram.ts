import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * Accounts (docs/decisions/0060-accounts-and-per-account-ram.md): the Resource Directory and its
 * member accounts, and an account dimension on every RAM entity, so each account has its own RAM
 * namespace (users, groups, policies, roles, SAML providers). Rows that existed before belong to
 * the management account; the migration cannot know its ID (CLOUDSSO_ACCOUNT_ID is configuration),
 * so they get the empty account ID here and the runtime hands them to the configured management
 * account on start (`accounts.adoptUnowned`).
 *
 * `policies` had the name as primary key and `policy_attachments` a foreign key to it: a name is
 * now unique per account, and an attachment may name a System policy (which has no row), so both
 * are rebuilt as `ram_policies` / `ram_policy_attachments` with their rows copied.
 *
 * Also: RAM roles, SAML providers, and STS temporary credentials (revoked with their role by the
 * foreign key).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const key = (c: ColumnDefinitionBuilder) => (pg ? c.modifyEnd(sql`collate "C"`) : c);

  await db.schema
    .createTable('resource_directories')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('master_account_id', 'text', (c) => c.notNull().unique())
    .addColumn('master_account_name', 'text', (c) => c.notNull())
    .addColumn('root_folder_id', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('resource_directory_id', 'text', (c) => c.notNull().references('resource_directories.id'))
    .addColumn('account_name', 'text', (c) => key(c.notNull()))
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('join_method', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('folder_id', 'text', (c) => c.notNull())
    .addColumn('join_time', 'bigint', (c) => c.notNull())
    .addColumn('modify_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_name_uq').unique().on('accounts').column('account_name').execute();
  await db.schema.createIndex('accounts_rd_ix').on('accounts').columns(['resource_directory_id', 'join_time']).execute();

  // Users and groups: unique names per account.
  for (const t of ['ram_users', 'ram_groups']) {
    await db.schema.alterTable(t).addColumn('account_id', 'text', (c) => c.notNull().defaultTo('')).execute();
    await db.schema.dropIndex(`${t}_name_uq`).execute();
    await db.schema.createIndex(`${t}_name_uq`).unique().on(t).columns(['account_id', 'name_key']).execute();
  }

  await db.schema
    .createTable('ram_policies')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => key(c.notNull()))
    .addColumn('description', 'text')
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ram_policies_name_uq').unique().on('ram_policies').columns(['account_id', 'name']).execute();
  await sql`insert into ram_policies (account_id, name, description, document, create_time, update_time)
            select '', name, description, document, create_time, update_time from policies`.execute(db);

  await db.schema
    .createTable('ram_policy_attachments')
    .addColumn('account_id', 'text', (c) => c.notNull())
    // 'Custom' (a row of ram_policies in the same account) or 'System' (the built-in catalogue).
    .addColumn('policy_type', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => key(c.notNull()))
    // 'user', 'group' or 'role'.
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('attach_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ram_policy_attachments_pk', ['principal_type', 'principal_id', 'policy_type', 'policy_name'])
    .execute();
  await db.schema
    .createIndex('ram_policy_attachments_policy_ix')
    .on('ram_policy_attachments')
    .columns(['account_id', 'policy_type', 'policy_name'])
    .execute();
  await sql`insert into ram_policy_attachments (account_id, policy_type, policy_name, principal_type, principal_id, attach_time)
            select '', 'Custom', policy_name, principal_type, principal_id, attach_time from policy_attachments`.execute(db);
  await db.schema.dropTable('policy_attachments').execute();
  await db.schema.dropTable('policies').execute();

  await db.schema
    .createTable('ram_roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => key(c.notNull()))
    .addColumn('description', 'text')
    .addColumn('trust_policy', 'text', (c) => c.notNull())
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ram_roles_name_uq').unique().on('ram_roles').columns(['account_id', 'name_key']).execute();

  await db.schema
    .createTable('ram_saml_providers')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => key(c.notNull()))
    .addColumn('description', 'text')
    .addColumn('metadata', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ram_saml_providers_name_uq').unique().on('ram_saml_providers').columns(['account_id', 'name_key']).execute();

  // STS credentials: the secret sealed (HMAC needs it back), the token only as a SHA-256 hash.
  await db.schema
    .createTable('sts_credentials')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('secret_enc', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('role_id', 'text', (c) => c.notNull().references('ram_roles.id').onDelete('cascade'))
    .addColumn('session_name', 'text', (c) => c.notNull())
    .addColumn('session_policy', 'text')
    .addColumn('caller', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sts_credentials_role_ix').on('sts_credentials').column('role_id').execute();
  await db.schema.createIndex('sts_credentials_expire_ix').on('sts_credentials').column('expire_time').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['sts_credentials', 'ram_saml_providers', 'ram_roles', 'accounts', 'resource_directories']) await db.schema.dropTable(t).execute();
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
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => c.notNull())
    .addColumn('attach_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('policy_attachments_pk', ['principal_type', 'principal_id', 'policy_name'])
    .execute();
  await db.schema.dropTable('ram_policy_attachments').execute();
  await db.schema.dropTable('ram_policies').execute();
  for (const t of ['ram_users', 'ram_groups']) {
    await db.schema.dropIndex(`${t}_name_uq`).execute();
    await db.schema.alterTable(t).dropColumn('account_id').execute();
    await db.schema.createIndex(`${t}_name_uq`).unique().on(t).column('name_key').execute();
  }
}
