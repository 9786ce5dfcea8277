import type { Insertable, Kysely, Selectable } from 'kysely';
import type { ProvisionType, Status, User } from '../../core/model.js';
import type { ListQuery, UserChanges, UserRepository } from '../../core/ports/directory-entities.js';
import { foldKey, foldKeyOrNull } from '../../core/text.js';
import type { Dialect } from '../db.js';
import type { AttributeMap, ColumnAttribute, SpecialAttributeCompiler } from '../filter-sql.js';
import { lookupPage } from '../../core/paging.js';
import { listWhere, totalFromPage, uniqueKeyLookup } from '../list-query.js';
import { USER_SCHEMA_ID, USER_STORAGE, type UserField } from '../../scim-model/index.js';
import { columnMap, foldScimDocument, sortColumns } from '../scim-attributes.js';
import { prepared } from '../prepared.js';
import { versionedUpdate } from '../versioned-update.js';
import { withDirectory } from '../with-directory.js';
import type { Database, UserRow } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';

/**
 * The column of each user field the SCIM catalogue keeps in one (src/scim-model/storage.ts), with
 * its comparison type: `*_key` columns hold foldKey values of the case-insensitive attributes.
 */
const USER_FIELD_COLUMNS: Readonly<Record<UserField, ColumnAttribute & { readonly column: keyof UserRow }>> = {
  id: { column: 'id', type: 'exact' },
  userName: { column: 'user_name_key', type: 'key' },
  externalId: { column: 'external_id', type: 'exact' },
  displayName: { column: 'display_name_key', type: 'key' },
  firstName: { column: 'first_name_key', type: 'key' },
  lastName: { column: 'last_name_key', type: 'key' },
  status: { column: 'status', type: 'status' },
  createTime: { column: 'create_time', type: 'time' },
  updateTime: { column: 'update_time', type: 'time' },
};

/** SCIM User attributes that are columns (lower-cased paths), for the filter compiler. */
export const USER_ATTRIBUTES: AttributeMap = columnMap(USER_STORAGE, USER_FIELD_COLUMNS);

export const USER_CORE_SCHEMAS = [USER_SCHEMA_ID.toLowerCase()];

const SORT_COLUMNS = sortColumns(USER_STORAGE, USER_FIELD_COLUMNS);

/**
 * The columns `toUser` reads: a read selects only these, not the `*_key` columns, the folded
 * `scim_key` document or the password hash, which no response needs (issue 16: `select *`
 * materialised both JSON documents on every SCIM read).
 */
export const USER_COLUMNS = [
  'id',
  'directory_id',
  'user_name',
  'display_name',
  'first_name',
  'last_name',
  'email',
  'description',
  'status',
  'provision_type',
  'external_id',
  'external_issuer',
  'scim',
  'version',
  'create_time',
  'update_time',
] as const satisfies ReadonlyArray<keyof UserRow>;

/** The same columns, qualified, for queries that join users to other tables. */
const USER_COLUMNS_QUALIFIED = USER_COLUMNS.map((c) => `users.${c}` as const);

export function toUser(r: Pick<Selectable<UserRow>, (typeof USER_COLUMNS)[number]>): User {
  return {
    id: r.id,
    directoryId: r.directory_id,
    userName: r.user_name,
    displayName: r.display_name,
    firstName: r.first_name,
    lastName: r.last_name,
    email: r.email,
    description: r.description,
    status: r.status as Status,
    provisionType: r.provision_type as ProvisionType,
    externalId: r.external_id === null ? null : { id: r.external_id, issuer: r.external_issuer ?? 'SCIM' },
    scim: r.scim === null ? null : (JSON.parse(r.scim) as Record<string, unknown>),
    version: Number(r.version),
    createTime: Number(r.create_time),
    updateTime: Number(r.update_time),
  };
}

/** Row columns for the given changes, each value with its case-folded key column. */
export function changeColumns(c: UserChanges): Partial<Selectable<UserRow>> {
  const out: Record<string, unknown> = {};
  const withKey = (value: string | null | undefined, col: string) => {
    if (value === undefined) return;
    out[col] = value;
    out[`${col}_key`] = foldKeyOrNull(value);
  };
  withKey(c.userName, 'user_name');
  withKey(c.email, 'email');
  withKey(c.displayName, 'display_name');
  withKey(c.firstName, 'first_name');
  withKey(c.lastName, 'last_name');
  if (c.description !== undefined) out['description'] = c.description;
  if (c.status !== undefined) out['status'] = c.status;
  if (c.provisionType !== undefined) out['provision_type'] = c.provisionType;
  if (c.externalId !== undefined) {
    out['external_id'] = c.externalId?.id ?? null;
    out['external_issuer'] = c.externalId?.issuer ?? null;
  }
  if (c.scim !== undefined) {
    out['scim'] = c.scim === null ? null : JSON.stringify(c.scim);
    // The folded twin that SCIM filters compare against (migration 0002, scim-attributes.ts).
    out['scim_key'] = c.scim === null ? null : JSON.stringify(foldScimDocument(c.scim));
  }
  return out as Partial<Selectable<UserRow>>;
}

/**
 * The row a new user is stored as (`users.insert`). Exported for bulk loads outside the API
 * (test seeding, benchmarks), so they store exactly what an insert would.
 */
export function userInsertRow(u: User, extra?: { readonly passwordHash?: string | null }): Insertable<UserRow> {
  const { userName, email, displayName, firstName, lastName, description, status, provisionType, externalId, scim } = u;
  return {
    id: u.id,
    directory_id: u.directoryId,
    ...(changeColumns({ userName, email, displayName, firstName, lastName, description, status, provisionType, externalId, scim }) as {
      user_name: string;
      user_name_key: string;
      status: string;
      provision_type: string;
    }),
    password_hash: extra?.passwordHash ?? null,
    version: u.version,
    create_time: u.createTime,
    update_time: u.updateTime,
  };
}

/** The columns of a new user's row: every column `userInsertRow` fills. */
export const INSERT_COLUMNS = [
  'id',
  'directory_id',
  'user_name',
  'user_name_key',
  'email',
  'email_key',
  'display_name',
  'display_name_key',
  'first_name',
  'first_name_key',
  'last_name',
  'last_name_key',
  'description',
  'status',
  'provision_type',
  'external_id',
  'external_issuer',
  'scim',
  'scim_key',
  'password_hash',
  'version',
  'create_time',
  'update_time',
] as const satisfies ReadonlyArray<keyof UserRow>;
/** The same without `directory_id`, which the quota-checked insert takes from the directory's row. */
export const VALUE_COLUMNS = INSERT_COLUMNS.filter((c) => c !== 'directory_id');

type InsertValue = string | number | null;

/** The values of a new user's row but its directory, in VALUE_COLUMNS' order. */
export function userValues(u: User, extra?: { readonly passwordHash?: string | null }): InsertValue[] {
  const row = userInsertRow(u, extra) as Record<string, InsertValue | undefined>;
  return VALUE_COLUMNS.map((c) => row[c] ?? null);
}

/**
 * `insert into users (...) select <values>, d.id from directories d where d.id = <directory> and
 * d.user_count < <quota>`: the new row, only while its directory counts fewer users than the
 * quota, locking the directory's row on PostgreSQL (see insertWithinQuota). `values` stand in
 * for `userValues`. With `unlessWebhooks`, only while no webhook endpoint is enabled either.
 */
export function userInsertWithinQuota(
  db: Kysely<Database>,
  dialect: Dialect,
  directoryId: string,
  quota: number,
  values: readonly InsertValue[],
  opts: { readonly unlessWebhooks?: boolean } = {},
) {
  let source = db.selectFrom('directories as d').where('d.id', '=', directoryId).where('d.user_count', '<', quota);
  if (opts.unlessWebhooks) {
    source = source.where((eb) => eb.not(eb.exists(eb.selectFrom('webhook_endpoints as w').select('w.endpoint_id').where('w.status', '=', 'Enabled'))));
  }
  const selected = source.select((eb) =>
    INSERT_COLUMNS.map((c) => (c === 'directory_id' ? eb.ref('d.id').as(c) : eb.val(values[VALUE_COLUMNS.indexOf(c)]).as(c))),
  );
  return db
    .insertInto('users')
    .columns([...INSERT_COLUMNS])
    .expression(dialect === 'postgres' ? selected.forNoKeyUpdate('d') : selected)
    .returning('id');
}

export interface UserRepositoryOptions {
  /** Compiles filter attributes that are not plain columns (emails, groups, extensions). */
  readonly special?: (dialect: Dialect) => SpecialAttributeCompiler;
}

export function userRepository(db: Kysely<Database>, dialect: Dialect, opts: UserRepositoryOptions = {}): UserRepository {
  const special = opts.special?.(dialect);
  const where = (q: ListQuery) => (eb: Parameters<typeof listWhere>[0]) =>
    listWhere(eb, q, { table: 'users', dialect, attributes: USER_ATTRIBUTES, coreSchemas: USER_CORE_SCHEMAS, ...(special ? { special } : {}) });
  const byId = (directoryId: string, id: string) =>
    db.selectFrom('users').select(USER_COLUMNS).where('directory_id', '=', directoryId).where('id', '=', id);
  // The read behind every SCIM GET/PUT/PATCH of a user: compiled once (prepared.ts).
  const getById = prepared(db, dialect, 'users.byId', (directoryId: string, id: string) => byId(directoryId, id));
  // The first statement of a PUT or PATCH, inside the directory's lock: compiled once (decision 0198).
  const lockWith = withDirectory(db, 'users', USER_COLUMNS, dialect);
  // The uniqueness check of every create (and IdPs' `userName eq` lookups): compiled once.
  const byUserNameKey = prepared(db, dialect, 'users.byUserNameKey', (directoryId: string, key: string) =>
    db.selectFrom('users').select(USER_COLUMNS).where('directory_id', '=', directoryId).where('user_name_key', '=', key),
  );

  // Every SCIM create: the insert and the quota check in one statement, compiled once. The new
  // row's values are selected from its directory's row while that row counts fewer users than
  // the quota. On PostgreSQL the select locks that row (FOR NO KEY UPDATE, the lock the counter
  // trigger's update takes anyway, migration 0004), and a create that waited for the lock
  // re-reads the count its predecessor committed, so concurrent creates cannot pass the quota
  // together. On SQLite writes are serial. One statement fewer than an insert then a count.
  const insertCapped = prepared(db, dialect, 'users.insertCapped', (directoryId: string, quota: number, ...values: InsertValue[]) =>
    userInsertWithinQuota(db, dialect, directoryId, quota, values),
  );

  return {
    async insert(u, extra) {
      await db.insertInto('users').values(userInsertRow(u, extra)).execute().catch(rethrowUnique);
    },
    async insertWithinQuota(u, quota, extra) {
      const inserted = await insertCapped(u.directoryId, quota, ...userValues(u, extra)).catch(rethrowUnique);
      return inserted.length === 1;
    },
    async get(directoryId, id) {
      const [r] = await getById(directoryId, id);
      return r && toUser(r);
    },
    async getMany(directoryId, ids) {
      if (ids.length === 0) return [];
      const rows = await db.selectFrom('users').select(USER_COLUMNS).where('directory_id', '=', directoryId).where('id', 'in', [...ids]).execute();
      return rows.map(toUser);
    },
    async count(directoryId) {
      // Kept by triggers (migration 0004): O(1) whatever the directory's size.
      const r = await db.selectFrom('directories').select('user_count').where('id', '=', directoryId).executeTakeFirst();
      return Number(r?.user_count ?? 0);
    },
    async findByUserName(directoryId, userName) {
      const [r] = await byUserNameKey(directoryId, foldKey(userName));
      return r && toUser(r);
    },
    async findByEmail(directoryId, email, exceptId) {
      let q = db.selectFrom('users').select(USER_COLUMNS).where('directory_id', '=', directoryId).where('email_key', '=', foldKey(email));
      if (exceptId) q = q.where('id', '<>', exceptId);
      const r = await q.limit(1).executeTakeFirst();
      return r && toUser(r);
    },
    async findByExternalId(directoryId, externalId, issuer) {
      const r = await db
        .selectFrom('users')
        .select(USER_COLUMNS)
        .where('directory_id', '=', directoryId)
        .where('external_id', '=', externalId)
        .where('external_issuer', '=', issuer)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      return r && toUser(r);
    },
    async getForUpdate(directoryId, id) {
      // The row lock of the core's read-modify-write (read-modify-write.ts); SQLite writes are serial.
      const [r] = dialect === 'postgres' ? [await byId(directoryId, id).forNoKeyUpdate().executeTakeFirst()] : await getById(directoryId, id);
      return r && toUser(r);
    },
    async lockWithDirectory(directoryId, id) {
      const r = await lockWith(directoryId, id);
      return r && toUser(r);
    },
    async update(directoryId, id, changes, updateTime, expectedVersion) {
      const r = await versionedUpdate(db, dialect, 'users', USER_COLUMNS, { directoryId, id }, changeColumns(changes), updateTime, expectedVersion);
      return r && toUser(r);
    },
    async delete(directoryId, id) {
      await db.deleteFrom('tags').where('directory_id', '=', directoryId).where('resource_id', '=', id).execute();
      await db.deleteFrom('users').where('directory_id', '=', directoryId).where('id', '=', id).execute();
    },
    async setPassword(directoryId, id, passwordHash, resetRequired, updateTime) {
      await db
        .updateTable('users')
        .set({ password_hash: passwordHash, password_reset_required: resetRequired ? 1 : 0, update_time: updateTime })
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .execute();
    },
    async listByOffset(q, page) {
      const userName = uniqueKeyLookup(q, 'username', USER_CORE_SCHEMAS);
      if (userName !== undefined) return lookupPage((await byUserNameKey(q.directoryId, foldKey(userName))).map(toUser), page);
      const base = db.selectFrom('users').where(where(q));
      const count = async () => Number((await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      if (page.limit === 0) return { items: [], total: await count() };
      const dir = page.descending ? 'desc' : 'asc';
      const sortColumn = SORT_COLUMNS.get(page.sortBy ?? 'id') ?? 'id';
      let rows = base.select(USER_COLUMNS_QUALIFIED);
      if (sortColumn !== 'id') rows = rows.orderBy(`users.${sortColumn}`, dir);
      const items = await rows.orderBy('users.id', dir).limit(page.limit).offset(page.offset).execute();
      return { items: items.map(toUser), total: totalFromPage(page.offset, page.limit, items.length) ?? (await count()) };
    },
    async listByKeyset(q, page) {
      let rows = db.selectFrom('users').where(where(q)).select(USER_COLUMNS_QUALIFIED);
      if (page.after !== undefined) rows = rows.where('users.id', '>', page.after);
      const items = await rows.orderBy('users.id').limit(page.limit).execute();
      return items.map(toUser);
    },
    async countMatching(q) {
      const r = await db.selectFrom('users').where(where(q)).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}
