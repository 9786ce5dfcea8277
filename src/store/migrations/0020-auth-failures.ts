import type { Kysely } from 'kysely';

/**
 * Failed authentications per subject (`ip:<address>`, `key:<AccessKeyId>`) in the current fixed
 * window, for the throttle of docs/decisions/0042-authentication-throttling.md. In the database so
 * that every PostgreSQL node counts the same failures; rows expire with their window.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('auth_failures')
    .addColumn('subject', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('auth_failures_expire_ix').on('auth_failures').column('expire_time').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('auth_failures').execute();
}
