import type { Kysely } from 'kysely';

/**
 * The user portal's sign-in state (docs/decisions/0115-portal-sign-in.md):
 * - `portal_sessions`: one row per browser session, keyed by the SHA-256 of its cookie value (the
 *   value itself is never stored). `stage` is `active` once signed in, or the step still owed
 *   (`mfa-verify`, `mfa-bind`, `password-change`) with a short expiry. A TOTP secret offered for
 *   binding waits here, sealed. Rows go with their user or directory through the foreign keys, so
 *   deleting a user ends its sessions on every node at once.
 * - `portal_login_state`: per user, the consecutive failed passwords, the lock's end, and where
 *   and when the last successful sign-in came from (the risk notion of OnlyRiskyLogin).
 * - `mfa_device_steps`: per TOTP device, the last time step accepted, so a code is used once.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('portal_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('auth_method', 'text', (c) => c.notNull())
    .addColumn('source_ip', 'text')
    .addColumn('pending_secret_sealed', 'text')
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('portal_sessions_user_ix').on('portal_sessions').columns(['user_id']).execute();
  await db.schema.createIndex('portal_sessions_expire_ix').on('portal_sessions').columns(['expire_time']).execute();

  await db.schema
    .createTable('portal_login_state')
    .addColumn('user_id', 'text', (c) => c.primaryKey().references('users.id').onDelete('cascade'))
    .addColumn('directory_id', 'text', (c) => c.notNull())
    .addColumn('failed_attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'bigint')
    .addColumn('last_success_time', 'bigint')
    .addColumn('last_success_source', 'text')
    .execute();

  await db.schema
    .createTable('mfa_device_steps')
    .addColumn('device_id', 'text', (c) => c.primaryKey().references('mfa_devices.id').onDelete('cascade'))
    .addColumn('last_step', 'bigint', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['mfa_device_steps', 'portal_login_state', 'portal_sessions']) await db.schema.dropTable(t).execute();
}
