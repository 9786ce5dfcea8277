import { PostgresAdapter, sql, type ColumnDefinitionBuilder, type Kysely } from 'kysely';

/**
 * CloudSSO access (docs/decisions/0105-access-configurations.md, 0106-assignments-and-provisioning.md):
 * access configurations with their permission policies (System by name, one Inline document),
 * access assignments of users and groups to Resource Directory accounts, and provisionings: an
 * access configuration materialised in a member account's RAM, with its state
 * (Provisioned / ReprovisionRequired / DeprovisionFailed) and the RAM names it created there.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const pg = db.getExecutor().adapter instanceof PostgresAdapter;
  const key = (c: ColumnDefinitionBuilder) => (pg ? c.modifyEnd(sql`collate "C"`) : c);

  await db.schema
    .createTable('access_configurations')
    .addColumn('id', 'text', (c) => key(c.primaryKey()))
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    // Folded name: unique per directory case-insensitively, as the RAM role it becomes is.
    .addColumn('name_key', 'text', (c) => key(c.notNull()))
    .addColumn('description', 'text')
    .addColumn('relay_state', 'text')
    .addColumn('session_duration', 'integer', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('access_configurations_name_uq')
    .unique()
    .on('access_configurations')
    .columns(['directory_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('access_configuration_policies')
    .addColumn('access_configuration_id', 'text', (c) => c.notNull().references('access_configurations.id').onDelete('cascade'))
    // 'System' (a name of the catalogue) or 'Inline' (the document is kept here).
    .addColumn('policy_type', 'text', (c) => c.notNull())
    .addColumn('policy_name', 'text', (c) => key(c.notNull()))
    .addColumn('document', 'text')
    .addColumn('add_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_configuration_policies_pk', ['access_configuration_id', 'policy_type', 'policy_name'])
    .execute();

  await db.schema
    .createTable('access_assignments')
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('access_configuration_id', 'text', (c) => key(c.notNull().references('access_configurations.id')))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => key(c.notNull()))
    // 'User' or 'Group'.
    .addColumn('principal_type', 'text', (c) => c.notNull())
    .addColumn('principal_id', 'text', (c) => key(c.notNull()))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_assignments_pk', ['access_configuration_id', 'target_id', 'principal_type', 'principal_id'])
    .execute();
  await db.schema.createIndex('access_assignments_directory_ix').on('access_assignments').columns(['directory_id', 'create_time']).execute();
  await db.schema.createIndex('access_assignments_principal_ix').on('access_assignments').columns(['principal_id']).execute();

  await db.schema
    .createTable('access_provisionings')
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('access_configuration_id', 'text', (c) => key(c.notNull().references('access_configurations.id')))
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => key(c.notNull()))
    // 'Provisioned', 'ReprovisionRequired' or 'DeprovisionFailed'.
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('ram_role_name', 'text', (c) => c.notNull())
    // JSON array of the custom policy names made in the account.
    .addColumn('ram_policy_names', 'text', (c) => c.notNull())
    .addColumn('saml_provider_name', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('access_provisionings_pk', ['access_configuration_id', 'target_id'])
    .execute();
  await db.schema.createIndex('access_provisionings_directory_ix').on('access_provisionings').columns(['directory_id', 'target_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['access_provisionings', 'access_assignments', 'access_configuration_policies', 'access_configurations']) {
    await db.schema.dropTable(t).execute();
  }
}
