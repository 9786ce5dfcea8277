import type { Kysely } from 'kysely';
import type {
  DeletionStrategy,
  DuplicationStrategy,
  EventSourceType,
  ProvisionedRamUser,
  UserProvisioning,
  UserProvisioningEvent,
  UserProvisioningQuery,
  UserProvisioningRepository,
} from '../../core/ports/user-provisioning.js';
import type { Dialect } from '../db.js';
import type { Database, UserProvisioningEventRow, UserProvisioningRow } from '../schema.js';
import { prepared } from '../prepared.js';
import { rethrowUnique } from '../unique-violation.js';

const toProvisioning = (r: UserProvisioningRow): UserProvisioning => ({
  id: r.id,
  directoryId: r.directory_id,
  principalType: r.principal_type === 'Group' ? 'Group' : 'User',
  principalId: r.principal_id,
  targetType: 'RD-Account',
  targetId: r.target_id,
  description: r.description,
  duplicationStrategy: r.duplication_strategy as DuplicationStrategy,
  deletionStrategy: r.deletion_strategy as DeletionStrategy,
  status: r.status === 'Disabled' ? 'Disabled' : 'Enabled',
  latestAsyncTime: r.latest_async_time === null ? null : Number(r.latest_async_time),
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});

const fromProvisioning = (u: UserProvisioning): UserProvisioningRow => ({
  id: u.id,
  directory_id: u.directoryId,
  principal_type: u.principalType,
  principal_id: u.principalId,
  target_type: u.targetType,
  target_id: u.targetId,
  description: u.description,
  duplication_strategy: u.duplicationStrategy,
  deletion_strategy: u.deletionStrategy,
  status: u.status,
  latest_async_time: u.latestAsyncTime,
  create_time: u.createTime,
  update_time: u.updateTime,
});

const toEvent = (r: UserProvisioningEventRow): UserProvisioningEvent => ({
  id: r.id,
  directoryId: r.directory_id,
  userProvisioningId: r.user_provisioning_id,
  principalType: r.principal_type,
  principalId: r.principal_id,
  principalName: r.principal_name,
  targetType: r.target_type,
  targetId: r.target_id,
  targetName: r.target_name,
  sourceType: r.source_type as EventSourceType,
  errorCount: Number(r.error_count),
  errorInfo: r.error_info,
  latestAsyncTime: Number(r.latest_async_time),
  duplicationStrategy: r.duplication_strategy as DuplicationStrategy,
  deletionStrategy: r.deletion_strategy as DeletionStrategy,
  payload: JSON.parse(r.payload) as unknown,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});

const fromEvent = (e: UserProvisioningEvent): UserProvisioningEventRow => ({
  id: e.id,
  directory_id: e.directoryId,
  user_provisioning_id: e.userProvisioningId,
  principal_type: e.principalType,
  principal_id: e.principalId,
  principal_name: e.principalName,
  target_type: e.targetType,
  target_id: e.targetId,
  target_name: e.targetName,
  source_type: e.sourceType,
  error_count: e.errorCount,
  error_info: e.errorInfo,
  latest_async_time: e.latestAsyncTime,
  duplication_strategy: e.duplicationStrategy,
  deletion_strategy: e.deletionStrategy,
  payload: JSON.stringify(e.payload ?? null),
  create_time: e.createTime,
  update_time: e.updateTime,
});

const toRamUser = (r: Database['user_provisioning_ram_users']): ProvisionedRamUser => ({
  userProvisioningId: r.user_provisioning_id,
  directoryId: r.directory_id,
  userId: r.user_id,
  accountId: r.account_id,
  ramUserId: r.ram_user_id,
  origin: r.origin === 'TakenOver' || r.origin === 'KeptBoth' ? r.origin : 'Created',
});

/**
 * The provisionings that follow a user: those that keep a RAM user for it, and those that
 * provision the user itself (`ofUser`; a one-statement update writes only while there are none).
 * A `UNION`, each half by its index; a mapping whose provisioning is gone finds none.
 */
export function provisioningsOfUser(db: Kysely<Database>, directoryId: string, userId: string) {
  return db
    .selectFrom('user_provisionings')
    .selectAll()
    .where('directory_id', '=', directoryId)
    .where('principal_type', '=', 'User')
    .where('principal_id', '=', userId)
    .union(
      db
        .selectFrom('user_provisioning_ram_users as m')
        .innerJoin('user_provisionings as up', 'up.id', 'm.user_provisioning_id')
        .selectAll('up')
        .where('m.directory_id', '=', directoryId)
        .where('m.user_id', '=', userId),
    );
}

export function userProvisioningRepository(db: Kysely<Database>, dialect: Dialect): UserProvisioningRepository {
  // One principal's provisionings: every change of a group's members or of a user reads them
  // inside the directory's lock, so the statement is compiled once (a named statement on
  // PostgreSQL, decision 0198).
  const byPrincipal = prepared(db, dialect, 'userProvisioning.byPrincipal', (directoryId: string, type: string, id: string) =>
    db.selectFrom('user_provisionings').selectAll().where('directory_id', '=', directoryId).where('principal_type', '=', type).where('principal_id', '=', id).orderBy('id'),
  );
  // A user's change reads the provisionings that keep a RAM user for it or provision it itself:
  // one statement, each half by its index, for what took two reads and one per provisioning.
  const ofUser = prepared(db, dialect, 'userProvisioning.ofUser', (directoryId: string, userId: string) => provisioningsOfUser(db, directoryId, userId).orderBy('id'));
  const filtered = (directoryId: string, q: UserProvisioningQuery) => {
    let b = db.selectFrom('user_provisionings').where('directory_id', '=', directoryId);
    if (q.principal) b = b.where('principal_type', '=', q.principal.type).where('principal_id', '=', q.principal.id);
    if (q.targetId !== undefined) b = b.where('target_id', '=', q.targetId);
    return b;
  };
  return {
    async insert(up) {
      await db.insertInto('user_provisionings').values(fromProvisioning(up)).execute().catch(rethrowUnique);
    },
    async get(directoryId, id) {
      const r = await db.selectFrom('user_provisionings').selectAll().where('directory_id', '=', directoryId).where('id', '=', id).executeTakeFirst();
      return r ? toProvisioning(r) : undefined;
    },
    async find(directoryId, principalType, principalId, targetId) {
      const r = await filtered(directoryId, { principal: { type: principalType, id: principalId }, targetId }).selectAll().executeTakeFirst();
      return r ? toProvisioning(r) : undefined;
    },
    async update(up) {
      const { id: _id, directory_id: _d, create_time: _c, ...rest } = fromProvisioning(up);
      await db.updateTable('user_provisionings').set(rest).where('id', '=', up.id).execute();
    },
    async delete(directoryId, id) {
      await db.deleteFrom('user_provisionings').where('directory_id', '=', directoryId).where('id', '=', id).execute();
    },
    async list(directoryId, q, after, limit) {
      let b = filtered(directoryId, q).selectAll();
      if (after !== undefined) b = b.where('id', '>', after);
      return (await b.orderBy('id').limit(limit).execute()).map(toProvisioning);
    },
    async count(directoryId, q) {
      const r = await filtered(directoryId, q).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async ofPrincipal(directoryId, principal) {
      return (await byPrincipal(directoryId, principal.type, principal.id)).map(toProvisioning);
    },
    async setLatestAsyncTime(id, time) {
      await db.updateTable('user_provisionings').set({ latest_async_time: time }).where('id', '=', id).execute();
    },
    async latestAsyncTimeOnAccount(directoryId, accountId) {
      const a = await db
        .selectFrom('user_provisionings')
        .select((eb) => eb.fn.max('latest_async_time').as('t'))
        .where('directory_id', '=', directoryId)
        .where('target_id', '=', accountId)
        .executeTakeFirst();
      const b = await db
        .selectFrom('user_provisioning_events')
        .select((eb) => eb.fn.max('latest_async_time').as('t'))
        .where('directory_id', '=', directoryId)
        .where('target_id', '=', accountId)
        .executeTakeFirst();
      const times = [a?.t, b?.t].filter((t) => t !== null && t !== undefined).map(Number);
      return times.length > 0 ? Math.max(...times) : null;
    },

    async putRamUser(m) {
      const row = {
        user_provisioning_id: m.userProvisioningId,
        user_id: m.userId,
        directory_id: m.directoryId,
        account_id: m.accountId,
        ram_user_id: m.ramUserId,
        origin: m.origin,
      };
      await db
        .insertInto('user_provisioning_ram_users')
        .values(row)
        .onConflict((oc) => oc.columns(['user_provisioning_id', 'user_id']).doUpdateSet({ ram_user_id: m.ramUserId, origin: m.origin, account_id: m.accountId }))
        .execute();
    },
    async ramUsersOf(userProvisioningId) {
      const rows = await db.selectFrom('user_provisioning_ram_users').selectAll().where('user_provisioning_id', '=', userProvisioningId).orderBy('user_id').execute();
      return rows.map(toRamUser);
    },
    async ramUserOf(userProvisioningId, userId) {
      const r = await db
        .selectFrom('user_provisioning_ram_users')
        .selectAll()
        .where('user_provisioning_id', '=', userProvisioningId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r ? toRamUser(r) : undefined;
    },
    async ofUser(directoryId, userId) {
      return (await ofUser(directoryId, userId)).map(toProvisioning);
    },
    async ramUsersOfUser(directoryId, userId) {
      const rows = await db
        .selectFrom('user_provisioning_ram_users')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .where('user_id', '=', userId)
        .orderBy('user_provisioning_id')
        .execute();
      return rows.map(toRamUser);
    },
    async mappingsOfRamUser(ramUserId) {
      const rows = await db.selectFrom('user_provisioning_ram_users').selectAll().where('ram_user_id', '=', ramUserId).orderBy('user_provisioning_id').execute();
      return rows.map(toRamUser);
    },
    async deleteRamUser(userProvisioningId, userId) {
      await db.deleteFrom('user_provisioning_ram_users').where('user_provisioning_id', '=', userProvisioningId).where('user_id', '=', userId).execute();
    },

    async insertEvent(e) {
      await db.insertInto('user_provisioning_events').values(fromEvent(e)).execute();
    },
    async getEvent(directoryId, id) {
      const r = await db.selectFrom('user_provisioning_events').selectAll().where('directory_id', '=', directoryId).where('id', '=', id).executeTakeFirst();
      return r ? toEvent(r) : undefined;
    },
    async updateEvent(e) {
      const { id: _id, directory_id: _d, create_time: _c, ...rest } = fromEvent(e);
      await db.updateTable('user_provisioning_events').set(rest).where('id', '=', e.id).execute();
    },
    async deleteEvent(directoryId, id) {
      await db.deleteFrom('user_provisioning_events').where('directory_id', '=', directoryId).where('id', '=', id).execute();
    },
    async listEvents(directoryId, userProvisioningId, after, limit) {
      let b = db.selectFrom('user_provisioning_events').selectAll().where('directory_id', '=', directoryId);
      if (userProvisioningId !== undefined) b = b.where('user_provisioning_id', '=', userProvisioningId);
      if (after !== undefined) b = b.where('id', '>', after);
      return (await b.orderBy('id').limit(limit).execute()).map(toEvent);
    },
    async countEvents(directoryId, filter) {
      let b = db.selectFrom('user_provisioning_events').where('directory_id', '=', directoryId);
      if (filter.userProvisioningId !== undefined) b = b.where('user_provisioning_id', '=', filter.userProvisioningId);
      if (filter.targetId !== undefined) b = b.where('target_id', '=', filter.targetId);
      const r = await b.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async getConfiguration(directoryId) {
      const r = await db.selectFrom('user_provisioning_configs').selectAll().where('directory_id', '=', directoryId).executeTakeFirst();
      return r
        ? {
            directoryId: r.directory_id,
            defaultLandingPage: r.default_landing_page,
            sessionDuration: Number(r.session_duration),
            createTime: Number(r.create_time),
            updateTime: Number(r.update_time),
          }
        : undefined;
    },
    async putConfiguration(c) {
      const row = {
        directory_id: c.directoryId,
        default_landing_page: c.defaultLandingPage,
        session_duration: c.sessionDuration,
        create_time: c.createTime,
        update_time: c.updateTime,
      };
      await db
        .insertInto('user_provisioning_configs')
        .values(row)
        .onConflict((oc) => oc.column('directory_id').doUpdateSet({ default_landing_page: c.defaultLandingPage, session_duration: c.sessionDuration, update_time: c.updateTime }))
        .execute();
    },
  };
}
