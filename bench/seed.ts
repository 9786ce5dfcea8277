/**
 * Seeds a directory for the benchmark straight through Kysely: multi-row INSERTs in large
 * transactions (the SCIM API would take hours for a million users, and creating them is not what
 * is measured). Rows look like what a SCIM POST stores: SCIM document, its folded twin, keys.
 */
import type { Kysely } from 'kysely';
import { foldKey } from '../src/core/text.js';
import { foldScimDocument } from '../src/store/scim-attributes.js';
import type { Database } from '../src/store/schema.js';

const ROWS_PER_INSERT = 500;
const ROWS_PER_TRANSACTION = 50_000;

export const userId = (i: number) => `u-bench${i.toString(36).padStart(15, '0')}`;
export const userName = (i: number) => `bench-user-${i}@example.com`;

/** User i as an IdP would send it: what the peers are seeded with, and what our rows hold. */
export function userDocument(i: number) {
  const name = userName(i);
  return {
    userName: name,
    externalId: `ext-${i}`,
    name: { givenName: 'Bench', familyName: `User${i}` },
    displayName: `Bench User ${i}`,
    active: true,
    emails: [{ value: name, type: 'work', primary: true }],
  };
}

function userRow(directoryId: string, i: number, now: number) {
  const name = userName(i);
  // The external ID is a column of its own, not part of the stored document.
  const { externalId: _externalId, ...scim } = userDocument(i);
  return {
    id: userId(i),
    directory_id: directoryId,
    user_name: name,
    user_name_key: foldKey(name),
    email: name,
    email_key: foldKey(name),
    display_name: `Bench User ${i}`,
    display_name_key: foldKey(`Bench User ${i}`),
    first_name: 'Bench',
    first_name_key: 'bench',
    last_name: `User${i}`,
    last_name_key: foldKey(`User${i}`),
    status: 'Enabled',
    provision_type: 'Synchronized',
    external_id: `ext-${i}`,
    external_issuer: 'SCIM',
    scim: JSON.stringify(scim),
    scim_key: JSON.stringify(foldScimDocument(scim)),
    version: 1,
    create_time: now,
    update_time: now,
  };
}

async function inTransactions(db: Kysely<Database>, total: number, write: (tx: Kysely<Database>, from: number, to: number) => Promise<void>, label: string) {
  const started = Date.now();
  for (let from = 0; from < total; from += ROWS_PER_TRANSACTION) {
    const to = Math.min(total, from + ROWS_PER_TRANSACTION);
    await db.transaction().execute(async (tx) => {
      for (let i = from; i < to; i += ROWS_PER_INSERT) await write(tx, i, Math.min(to, i + ROWS_PER_INSERT));
    });
    if (to % 200_000 === 0 || to === total) process.stderr.write(`  ${label}: ${to.toLocaleString('en')} rows (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  }
}

export async function seedUsers(db: Kysely<Database>, directoryId: string, count: number): Promise<void> {
  const now = Date.now();
  await inTransactions(
    db,
    count,
    async (tx, from, to) => {
      const rows = [];
      for (let i = from; i < to; i++) rows.push(userRow(directoryId, i, now));
      await tx.insertInto('users').values(rows).execute();
    },
    'users',
  );
}

/** Makes users [0, members) members of the group. */
export async function seedMembers(db: Kysely<Database>, directoryId: string, groupId: string, members: number): Promise<void> {
  const now = Date.now();
  await inTransactions(
    db,
    members,
    async (tx, from, to) => {
      const rows = [];
      for (let i = from; i < to; i++) rows.push({ group_id: groupId, user_id: userId(i), directory_id: directoryId, join_time: now });
      await tx.insertInto('group_members').values(rows).execute();
    },
    'members',
  );
}
