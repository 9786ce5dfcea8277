import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Group, SCIMServerCredential, Status, User } from '../../core/model.js';
import type { GroupRepository, UserRepository } from '../../core/ports/directory-entities.js';
import type { AuthFailureRepository, ResourceKey, SCIMCredentialRepository } from '../../core/ports/store.js';
import { foldKey } from '../../core/text.js';
import type { Dialect } from '../db.js';
import { prepared } from '../prepared.js';
import type { Database, ScimCredentialRow } from '../schema.js';
import { GROUP_COLUMNS, toGroup } from './groups.js';
import { toUser, USER_COLUMNS } from './users.js';

export const toCredential = (r: Omit<ScimCredentialRow, 'secret_hash'>): SCIMServerCredential => ({
  id: r.id,
  directoryId: r.directory_id,
  status: r.status as Status,
  createTime: Number(r.create_time),
  expireTime: Number(r.expire_time),
  lastUsedTime: r.last_used_time === null ? null : Number(r.last_used_time),
});

/** The subject of a lookup without a throttle: no address is counted under it. */
const NO_SUBJECT = '';

/** A credential's columns but its secret's hash. */
export const CREDENTIAL_COLUMNS = ['id', 'directory_id', 'status', 'create_time', 'expire_time', 'last_used_time'] as const;

export function scimCredentialRepository(
  db: Kysely<Database>,
  dialect: Dialect,
  authFailures: AuthFailureRepository,
  users: Pick<UserRepository, 'get' | 'findByUserName'>,
  groups: Pick<GroupRepository, 'get' | 'findByName'>,
): SCIMCredentialRepository {
  // Every SCIM request runs this: compiled once (prepared.ts). One table in FROM and the directory's
  // flag as a scalar subquery by primary key, not a join: for a join SQLite's planner weighs costs,
  // and after ANALYZE of a small credentials table it scanned both tables instead of using the
  // unique index on secret_hash. A single-table equality on a unique index is always a lookup.
  // test/store/hot-query-plans.test.ts asserts the plans on both dialects.
  const credentialColumns = CREDENTIAL_COLUMNS.map((c) => `c.${c}` as const);
  const syncEnabled = (eb: ExpressionBuilder<Database & { c: ScimCredentialRow }, 'c'>) =>
    eb.selectFrom('directories as d').select('d.scim_sync_enabled').whereRef('d.id', '=', 'c.directory_id').as('scim_sync_enabled');
  // The window start goes in as its decimal text (prepared() arguments are strings), compared with a
  // BIGINT column: both databases convert it exactly.
  const failures = (subject: string, windowStart: string) =>
    db
      .selectFrom('auth_failures as f').select('f.failures').where('f.subject', '=', subject).where('f.window_start', '=', sql<number>`${windowStart}`);
  const matching = (secretHash: string) =>
    db.selectFrom('scim_credentials as c').select(credentialColumns).select(syncEnabled).where('c.secret_hash', '=', secretHash);
  const bySecretHash = prepared(db, dialect, 'scimCredentials.bySecretHash', matching);
  // The throttle's count of the client's address rides along as another scalar subquery
  // (auth_failures by its primary key), so a good request's guard is one statement.
  // PostgreSQL: the count is needed when no credential matches too (an unknown token from a blocked
  // address gets 429), so the credential is left-joined to a one-row table: the statement always
  // returns one row, one round trip, and takes as long for a wrong token as for a right one.
  // SQLite plans that left join as a scan of a small credentials table after ANALYZE, so it keeps
  // one table in FROM and reads the count by itself only when no credential matched: a statement
  // there costs the file's lock and unlock, not a round trip.
  const withFailures = prepared(db, dialect, 'scimCredentials.withFailures', (secretHash: string, subject: string, windowStart: string) =>
    db
      .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('o'))
      .leftJoin('scim_credentials as c', (join) => join.on('c.secret_hash', '=', secretHash))
      .select(credentialColumns)
      .select(syncEnabled)
      .select(failures(subject, windowStart).as('failures')),
  );
  const matchWithFailures = prepared(db, dialect, 'scimCredentials.matchWithFailures', (secretHash: string, subject: string, windowStart: string) =>
    matching(secretHash).select(failures(subject, windowStart).as('failures')),
  );
  type FoundRow = Omit<ScimCredentialRow, 'secret_hash'> & { scim_sync_enabled: number | null };
  const credentialOf = (row: FoundRow) => ({
    credential: toCredential(row),
    scimSyncEnabled: Number(row.scim_sync_enabled) === 1,
  });
  const lookUp = async (secretHash: string, subject: string | null, windowStart: number): Promise<{ row: FoundRow | undefined; failures: unknown }> => {
    if (subject === null) {
      const [row] = await bySecretHash(secretHash);
      return { row, failures: undefined };
    }
    if (dialect === 'postgres') {
      const [r] = await withFailures(secretHash, subject, String(windowStart));
      // The one-row table's left join: a row without a credential is no credential.
      return { row: r?.id == null ? undefined : (r as FoundRow), failures: r?.failures };
    }
    const [row] = await matchWithFailures(secretHash, subject, String(windowStart));
    if (row) return { row, failures: row.failures };
    const counted = await authFailures.counts([subject], windowStart);
    return { row: undefined, failures: counted.get(subject) };
  };

  // The same lookups with one user or group of the credential's directory, by its ID (a SCIM GET
  // by id) or its unique name (an IdP's `userName eq` or `displayName eq` lookup). PostgreSQL: the
  // resource is left-joined by its key on the directory the credential belongs to, so a token can
  // only ever read its own directory's resources, in the same one statement and round trip (issue
  // 16). The credential's columns are renamed, as the resource's have the same names.
  // SQLite: the token's statement, then the resource's. There a statement is no round trip, and
  // the join measured slower than the two (62 against 38 µs a read, decision 0196).
  const credentialAs = [
    'c.id as credential_id',
    'c.directory_id as credential_directory_id',
    'c.status as credential_status',
    'c.create_time as credential_create_time',
    'c.expire_time as credential_expire_time',
    'c.last_used_time as credential_last_used_time',
  ] as const;
  // The address's count rides along in every one of these statements; without a throttle (no
  // subject) it is asked for a subject no address has, and reads nothing.
  const credentialRow = (secretHash: string, subject: string, windowStart: string) =>
    db
      .selectFrom(sql<{ one: number }>`(select 1 as one)`.as('o'))
      .leftJoin('scim_credentials as c', (join) => join.on('c.secret_hash', '=', secretHash))
      .select(credentialAs)
      .select(syncEnabled)
      .select(failures(subject, windowStart).as('failures'));
  const withUser = (column: 'id' | 'user_name_key') => (secretHash: string, value: string, subject: string, windowStart: string) =>
    credentialRow(secretHash, subject, windowStart)
      .leftJoin('users as r', (join) => join.onRef('r.directory_id', '=', 'c.directory_id').on(`r.${column}`, '=', value))
      .select(USER_COLUMNS.map((col) => `r.${col}` as const));
  const withGroup = (column: 'id' | 'name_key') => (secretHash: string, value: string, subject: string, windowStart: string) =>
    credentialRow(secretHash, subject, windowStart)
      .leftJoin('groups as r', (join) => join.onRef('r.directory_id', '=', 'c.directory_id').on(`r.${column}`, '=', value))
      .select(GROUP_COLUMNS.map((col) => `r.${col}` as const));
  // Each compiled once per process (prepared.ts).
  const pg = {
    'user:id': prepared(db, dialect, 'scimCredentials.withUser:id', withUser('id')),
    'user:name': prepared(db, dialect, 'scimCredentials.withUser:user_name_key', withUser('user_name_key')),
    'group:id': prepared(db, dialect, 'scimCredentials.withGroup:id', withGroup('id')),
    'group:name': prepared(db, dialect, 'scimCredentials.withGroup:name_key', withGroup('name_key')),
  };
  const keyOf = (key: ResourceKey): [keyof typeof pg, string] => {
    if ('id' in key) return [`${key.type}:id`, key.id];
    return key.type === 'user' ? ['user:name', foldKey(key.userName)] : ['group:name', foldKey(key.displayName)];
  };
  const lookUpReading = async (secretHash: string, key: ResourceKey, subject: string | null, windowStart: number) => {
    if (dialect === 'sqlite') {
      const { row, failures: counted } = await lookUp(secretHash, subject, windowStart);
      const resource = row && (await readOne(row.directory_id, key));
      return { found: row && { ...credentialOf(row), resource }, failures: Number(counted ?? 0) };
    }
    const [which, value] = keyOf(key);
    const [r] = await pg[which](secretHash, value, subject ?? NO_SUBJECT, String(windowStart));
    const counted = subject === null ? 0 : Number(r?.failures ?? 0);
    // The one-row table's left joins: a row without a credential is no credential; without a resource, none.
    if (!r || r.credential_id === null) return { found: undefined, failures: counted };
    // A credential's row has every column: the join's nulls are only those of a missing credential.
    const c = r as typeof r & { credential_directory_id: string; credential_status: string; credential_create_time: number; credential_expire_time: number };
    const credential = {
      id: r.credential_id,
      directory_id: c.credential_directory_id,
      status: c.credential_status,
      create_time: c.credential_create_time,
      expire_time: c.credential_expire_time,
      last_used_time: r.credential_last_used_time,
      scim_sync_enabled: r.scim_sync_enabled,
    };
    const resource = r.id === null ? undefined : key.type === 'user' ? toUser(r as Parameters<typeof toUser>[0]) : toGroup(r as unknown as Parameters<typeof toGroup>[0]);
    return { found: { ...credentialOf(credential), resource }, failures: counted };
  };
  const readOne = (directoryId: string, key: ResourceKey): Promise<User | Group | undefined> => {
    if (key.type === 'user') return 'id' in key ? users.get(directoryId, key.id) : users.findByUserName(directoryId, key.userName);
    return 'id' in key ? groups.get(directoryId, key.id) : groups.findByName(directoryId, key.displayName);
  };
  return {
    async insert(c, secretHash) {
      await db
        .insertInto('scim_credentials')
        .values({
          id: c.id,
          directory_id: c.directoryId,
          secret_hash: secretHash,
          status: c.status,
          create_time: c.createTime,
          expire_time: c.expireTime,
          last_used_time: null,
        })
        .execute();
    },
    async get(directoryId, id) {
      const r = await db
        .selectFrom('scim_credentials')
        .select(CREDENTIAL_COLUMNS)
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toCredential(r);
    },
    async list(directoryId) {
      const rows = await db
        .selectFrom('scim_credentials')
        .select(CREDENTIAL_COLUMNS)
        .where('directory_id', '=', directoryId)
        .orderBy('id')
        .execute();
      return rows.map(toCredential);
    },
    async count(directoryId) {
      const r = await db
        .selectFrom('scim_credentials')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('directory_id', '=', directoryId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async setStatus(directoryId, id, status) {
      const r = await db
        .updateTable('scim_credentials')
        .set({ status })
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .returning(CREDENTIAL_COLUMNS)
        .executeTakeFirst();
      return r && toCredential(r);
    },
    async delete(directoryId, id) {
      const r = await db.deleteFrom('scim_credentials').where('directory_id', '=', directoryId).where('id', '=', id).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async findBySecretHash(secretHash, { subject, windowStart }) {
      const { row, failures } = await lookUp(secretHash, subject, windowStart);
      return { found: row && credentialOf(row), failures: Number(failures ?? 0) };
    },
    async findBySecretHashReading(secretHash, failuresOf, key) {
      const { found, failures } = await lookUpReading(secretHash, key, failuresOf.subject, failuresOf.windowStart);
      // The resource's type is the key's: the statement read the table the key names.
      return { found: found as typeof found & { resource: never }, failures };
    },
    async touch(id, time) {
      await db.updateTable('scim_credentials').set({ last_used_time: time }).where('id', '=', id).execute();
    },
  };
}
