import type { Kysely } from 'kysely';

/**
 * SCIM storage (docs/decisions/0010-scim-storage-and-filters.md):
 * - `users.scim_key`: the SCIM document with every string value case-folded (src/core/text.ts
 *   foldKey), kept beside `users.scim`. Filters on attributes that live only in the document
 *   (`emails[type eq "work"].value`, `title`, enterprise `department`) compare folded values with
 *   plain byte comparisons, so SQLite and PostgreSQL give identical, Unicode-aware results
 *   without lower(), which folds ASCII only in SQLite and depends on the locale in PostgreSQL.
 * - `group_members.display`: the `display` an IdP sent with a member (RFC 7643 §4.2), returned
 *   with the group. Kept per membership row so that adding one member to a 100,000-member group
 *   stays one row's work.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('scim_key', 'text').execute();
  await db.schema.alterTable('group_members').addColumn('display', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('group_members').dropColumn('display').execute();
  await db.schema.alterTable('users').dropColumn('scim_key').execute();
}
