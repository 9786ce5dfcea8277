import type { Kysely } from 'kysely';

/**
 * Sign-in settings that are not a field of the directory's settings document
 * (docs/decisions/0075-sign-in-settings.md):
 * - `saml_idp_certificates`: the external IdP's signing certificates (CloudSSO keeps at most two).
 * - `saml_sp_keys`: the directory's own SP signing key (the private key sealed like AccessKey
 *   secrets) and the opaque ID in its ACS URL, made on first use.
 * - `mfa_devices`: TOTP devices users bound at sign-in (secrets sealed); administrators list and
 *   delete them.
 * - `user_mfa_settings`: the per-user MFA switch, read when the directory's mode is `Byuser`.
 * Rows go with their directory or user through the foreign keys.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saml_idp_certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('pem', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saml_idp_certificates_uq').unique().on('saml_idp_certificates').columns(['directory_id', 'fingerprint']).execute();

  await db.schema
    .createTable('saml_sp_keys')
    .addColumn('directory_id', 'text', (c) => c.primaryKey().references('directories.id').onDelete('cascade'))
    .addColumn('acs_id', 'text', (c) => c.notNull().unique())
    .addColumn('certificate_pem', 'text', (c) => c.notNull())
    .addColumn('private_key_sealed', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('mfa_devices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('effective_time', 'bigint', (c) => c.notNull())
    .addColumn('last_use_time', 'bigint')
    .execute();
  await db.schema.createIndex('mfa_devices_user_ix').on('mfa_devices').columns(['user_id', 'id']).execute();

  await db.schema
    .createTable('user_mfa_settings')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('setting', 'text', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['user_mfa_settings', 'mfa_devices', 'saml_sp_keys', 'saml_idp_certificates']) await db.schema.dropTable(t).execute();
}
