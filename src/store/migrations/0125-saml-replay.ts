import type { Kysely } from 'kysely';

/**
 * State of SAML SP-initiated sign-in that every node must see (docs/decisions/0125-saml-sign-in.md):
 * - `saml_requests`: each AuthnRequest issued, until its Response arrives (one-time) or it expires.
 *   The RelayState sent with it and the hash of the browser-binding cookie set with it are kept, so
 *   the Response is accepted only beside the RelayState and in the browser that started the sign-in.
 * - `saml_assertions`: the ID of each assertion accepted, until its validity ends, so an assertion
 *   is used once (the primary key makes the claim atomic on both dialects).
 * Rows go with their directory.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('saml_requests')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('relay_state', 'text', (c) => c.notNull())
    .addColumn('browser_hash', 'text', (c) => c.notNull())
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('saml_requests_expire_ix').on('saml_requests').column('expire_time').execute();

  await db.schema
    .createTable('saml_assertions')
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('assertion_id', 'text', (c) => c.notNull())
    .addColumn('expire_time', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('saml_assertions_pk', ['directory_id', 'assertion_id'])
    .execute();
  await db.schema.createIndex('saml_assertions_expire_ix').on('saml_assertions').column('expire_time').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['saml_assertions', 'saml_requests']) await db.schema.dropTable(t).execute();
}
