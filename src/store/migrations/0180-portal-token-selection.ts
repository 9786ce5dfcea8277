import type { Kysely } from 'kysely';

/**
 * The account and access configuration an access token of the portal API has chosen
 * (docs/decisions/0165-token-selection.md): set by the first `POST /cloud-credentials` that names
 * them and succeeds; `selection_ambiguous` = 1 once the token has been used for a second, different
 * choice. A body-less request (as @alicloud/credentials' CloudSSO provider sends it) uses the choice
 * while it is the only one. An index on `expire_time` of both tables keeps periodic pruning cheap.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('portal_access_tokens').addColumn('selected_account_id', 'text').execute();
  await db.schema.alterTable('portal_access_tokens').addColumn('selected_access_configuration_id', 'text').execute();
  await db.schema
    .alterTable('portal_access_tokens')
    .addColumn('selection_ambiguous', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('portal_access_tokens_expire_ix').on('portal_access_tokens').columns(['expire_time']).execute();
  await db.schema.createIndex('portal_device_grants_expire_ix').on('portal_device_grants').columns(['expire_time']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('portal_device_grants_expire_ix').execute();
  await db.schema.dropIndex('portal_access_tokens_expire_ix').execute();
  for (const c of ['selection_ambiguous', 'selected_access_configuration_id', 'selected_account_id']) {
    await db.schema.alterTable('portal_access_tokens').dropColumn(c).execute();
  }
}
