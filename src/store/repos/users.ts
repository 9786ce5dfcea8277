import type { Kysely, Selectable } from 'kysely';
import type { ProvisionType, Status, User } from '../../core/model.js';
import type { SortKey, UserRepository } from '../../core/ports/directory-entities.js';
import { foldKeyOrNull } from '../../core/text.js';
import type { Dialect } from '../db.js';
import { compileFilter, type AttributeMap } from '../filter-sql.js';
import type { Database, UserRow } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';

export const USER_ATTRIBUTES: AttributeMap = {
  id: { column: 'id', type: 'exact' },
  username: { column: 'user_name_key', type: 'key' },
  externalid: { column: 'external_id', type: 'exact' },
  displayname: { column: 'display_name_key', type: 'key' },
  'name.givenname': { column: 'first_name_key', type: 'key' },
  'name.familyname': { column: 'last_name_key', type: 'key' },
  active: { column: 'status', type: 'status' },
  'meta.created': { column: 'create_time', type: 'time' },
  'meta.lastmodified': { column: 'update_time', type: 'time' },
};

export const USER_CORE_SCHEMAS = ['urn:ietf:params:scim:schemas:core:2.0:user'];

const SORT_COLUMNS: Record<SortKey, keyof UserRow> = {
  id: 'id',
  userName: 'user_name_key',
  displayName: 'display_name_key',
  created: 'create_time',
  lastModified: 'update_time',
  externalId: 'external_id',
};

export function toUser(r: Selectable<UserRow>): User {
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

/** The row columns for a user's values, with their case-folded keys. */
export function userColumns(u: Omit<User, 'id' | 'directoryId' | 'createTime' | 'version'>) {
  return {
    user_name: u.userName,
    user_name_key: foldKeyOrNull(u.userName)!,
    email: u.email,
    email_key: foldKeyOrNull(u.email),
    display_name: u.displayName,
    display_name_key: foldKeyOrNull(u.displayName),
    first_name: u.firstName,
    first_name_key: foldKeyOrNull(u.firstName),
    last_name: u.lastName,
    last_name_key: foldKeyOrNull(u.lastName),
    description: u.description,
    status: u.status,
    provision_type: u.provisionType,
    external_id: u.externalId?.id ?? null,
    external_issuer: u.externalId?.issuer ?? null,
    scim: u.scim === null ? null : JSON.stringify(u.scim),
    update_time: u.updateTime,
  };
}

export function userRepository(db: Kysely<Database>, dialect: Dialect): UserRepository {
  return {
    async insert(u, extra) {
      await db
        .insertInto('users')
        .values({
          id: u.id,
          directory_id: u.directoryId,
          ...userColumns(u),
          password_hash: extra?.passwordHash ?? null,
          version: u.version,
          create_time: u.createTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async get(directoryId, id) {
      const r = await db
        .selectFrom('users')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && toUser(r);
    },
    async count(directoryId) {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('directory_id', '=', directoryId)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async listByOffset(q, page) {
      let base = db.selectFrom('users').where('users.directory_id', '=', q.directoryId);
      if (q.filter) {
        const filter = q.filter;
        base = base.where((eb) =>
          compileFilter(eb, filter, { dialect, table: 'users', attributes: USER_ATTRIBUTES, coreSchemas: USER_CORE_SCHEMAS }),
        );
      }
      const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const dir = page.descending ? 'desc' : 'asc';
      const sortColumn = SORT_COLUMNS[page.sortBy ?? 'id'];
      let rows = base.selectAll('users');
      if (sortColumn !== 'id') rows = rows.orderBy(`users.${sortColumn}`, dir);
      const items = await rows.orderBy('users.id', dir).limit(page.limit).offset(page.offset).execute();
      return { items: items.map(toUser), total: Number(total.n) };
    },
  };
}
