import type { Kysely } from 'kysely';

/**
 * CloudSSO as a service of an account (docs/decisions/0150-service-and-delegation.md):
 * - `cloudsso_service`: one row per account that has switched the service on or off; no row reads
 *   as `Enabled` for the management account, so servers started before this migration keep
 *   working as they did.
 * - `cloudsso_delegate_accounts`: the member accounts the management account made delegated
 *   administrators of CloudSSO, with `Enabled` / `Disabled` (a disabled row is kept: Terraform
 *   reads `DelegateStatus=Disabled` as gone).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('cloudsso_service')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('cloudsso_delegate_accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('update_time', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['cloudsso_delegate_accounts', 'cloudsso_service']) await db.schema.dropTable(t).execute();
}
