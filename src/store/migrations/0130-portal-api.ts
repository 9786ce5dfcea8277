import type { Kysely } from 'kysely';

/**
 * The programmatic portal API (docs/decisions/0136-device-flow.md):
 * - `portal_device_grants`: one device authorization (RFC 8628 with PKCE, CloudSSO's PascalCase
 *   API), keyed by the SHA-256 of its DeviceCode; the UserCode the person types; the PKCE
 *   challenge; `pending` until a signed-in user approves (the user and directory are set) or denies; the
 *   access token it yields will expire with the approving portal session (`token_expire_time`).
 * - `portal_access_tokens`: bearer access tokens, by SHA-256 only, going with their user or directory.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('portal_device_grants')
    .addColumn('device_code_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_code', 'text', (c) => c.notNull().unique())
    .addColumn('code_challenge', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('directory_id', 'text', (c) => c.references('directories.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
    .addColumn('token_expire_time', 'bigint')
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('portal_access_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_access_tokens_user_ix').on('portal_access_tokens').columns(['user_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['portal_access_tokens', 'portal_device_grants']) await db.schema.dropTable(t).execute();
}
