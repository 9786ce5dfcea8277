import type { Kysely } from 'kysely';
import type { NamePage, Policy, PolicyPrincipalType, RamGroup, RamRepository, RamUser } from '../../core/ports/ram.js';
import { foldKey } from '../../core/text.js';
import type { Dialect } from '../db.js';
import type { Database } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';

type UserRow = Database['ram_users'];
type GroupRow = Database['ram_groups'];
type PolicyRow = Database['policies'];

const toUser = (r: UserRow): RamUser => ({
  id: r.id,
  name: r.name,
  displayName: r.display_name,
  comments: r.comments,
  email: r.email,
  mobilePhone: r.mobile_phone,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time ?? r.create_time),
  lastLoginTime: r.last_login_time === null ? null : Number(r.last_login_time),
});
const toGroup = (r: GroupRow): RamGroup => ({
  id: r.id,
  name: r.name,
  comments: r.comments,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time ?? r.create_time),
});
const joinTime = (v: number | string | null) => (v === null ? null : Number(v));
const toPolicy = (r: PolicyRow): Policy => ({
  name: r.name,
  description: r.description,
  document: r.document,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});

/** Reads one row more than asked, to know whether the list goes on. */
function page<T>(rows: T[], limit: number): NamePage<T> {
  return { items: rows.slice(0, limit), truncated: rows.length > limit };
}

export function ramRepository(db: Kysely<Database>, dialect: Dialect): RamRepository {
  return {
    async insertUser(u) {
      await db
        .insertInto('ram_users')
        .values({
          id: u.id,
          name: u.name,
          name_key: foldKey(u.name),
          display_name: u.displayName,
          comments: u.comments,
          email: u.email,
          mobile_phone: u.mobilePhone,
          create_time: u.createTime,
          update_time: u.updateTime,
          last_login_time: u.lastLoginTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async getUser(id) {
      const r = await db.selectFrom('ram_users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toUser(r);
    },
    async getUserByName(name) {
      const r = await db.selectFrom('ram_users').selectAll().where('name_key', '=', foldKey(name)).executeTakeFirst();
      return r && toUser(r);
    },
    async listUsers(after, limit) {
      let q = db.selectFrom('ram_users').selectAll().orderBy('name_key').limit(limit + 1);
      if (after !== undefined) q = q.where('name_key', '>', foldKey(after));
      return page((await q.execute()).map(toUser), limit);
    },
    async updateUser(id, c) {
      await db
        .updateTable('ram_users')
        .set({
          ...(c.name !== undefined ? { name: c.name, name_key: foldKey(c.name) } : {}),
          ...(c.displayName !== undefined ? { display_name: c.displayName } : {}),
          ...(c.comments !== undefined ? { comments: c.comments } : {}),
          ...(c.email !== undefined ? { email: c.email } : {}),
          ...(c.mobilePhone !== undefined ? { mobile_phone: c.mobilePhone } : {}),
          update_time: c.updateTime,
        })
        .where('id', '=', id)
        .execute()
        .catch(rethrowUnique);
    },
    async recordLogin(id, time, granularityMs) {
      await db
        .updateTable('ram_users')
        .set({ last_login_time: time })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_login_time', 'is', null), eb('last_login_time', '<=', time - granularityMs)]))
        .execute();
    },
    async deleteUser(id) {
      await db.deleteFrom('ram_users').where('id', '=', id).execute();
    },
    async lockUser(id) {
      if (dialect === 'postgres') await db.selectFrom('ram_users').select('id').where('id', '=', id).forUpdate().execute();
    },

    async insertGroup(g) {
      await db
        .insertInto('ram_groups')
        .values({ id: g.id, name: g.name, name_key: foldKey(g.name), comments: g.comments, create_time: g.createTime, update_time: g.updateTime })
        .execute()
        .catch(rethrowUnique);
    },
    async getGroup(id) {
      const r = await db.selectFrom('ram_groups').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toGroup(r);
    },
    async getGroupByName(name) {
      const r = await db.selectFrom('ram_groups').selectAll().where('name_key', '=', foldKey(name)).executeTakeFirst();
      return r && toGroup(r);
    },
    async listGroups(after, limit) {
      let q = db.selectFrom('ram_groups').selectAll().orderBy('name_key').limit(limit + 1);
      if (after !== undefined) q = q.where('name_key', '>', foldKey(after));
      return page((await q.execute()).map(toGroup), limit);
    },
    async updateGroup(id, c) {
      await db
        .updateTable('ram_groups')
        .set({
          ...(c.name !== undefined ? { name: c.name, name_key: foldKey(c.name) } : {}),
          ...(c.comments !== undefined ? { comments: c.comments } : {}),
          update_time: c.updateTime,
        })
        .where('id', '=', id)
        .execute()
        .catch(rethrowUnique);
    },
    async deleteGroup(id) {
      await db.deleteFrom('ram_groups').where('id', '=', id).execute();
    },

    async addMember(groupId, userId, joinTime) {
      const r = await db
        .insertInto('ram_group_members')
        .values({ group_id: groupId, user_id: userId, join_time: joinTime })
        .onConflict((oc) => oc.columns(['group_id', 'user_id']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async removeMember(groupId, userId) {
      const r = await db.deleteFrom('ram_group_members').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async groupsOfUser(userId) {
      const rows = await db
        .selectFrom('ram_group_members as m')
        .innerJoin('ram_groups as g', 'g.id', 'm.group_id')
        .selectAll('g')
        .select('m.join_time')
        .where('m.user_id', '=', userId)
        .orderBy('g.name_key')
        .execute();
      return rows.map((r) => ({ ...toGroup(r), joinTime: joinTime(r.join_time) }));
    },
    async membersOfGroup(groupId) {
      const rows = await db
        .selectFrom('ram_group_members as m')
        .innerJoin('ram_users as u', 'u.id', 'm.user_id')
        .selectAll('u')
        .select('m.join_time')
        .where('m.group_id', '=', groupId)
        .orderBy('u.name_key')
        .execute();
      return rows.map((r) => ({ ...toUser(r), joinTime: joinTime(r.join_time) }));
    },

    async insertPolicy(p) {
      await db
        .insertInto('policies')
        .values({ name: p.name, description: p.description, document: p.document, create_time: p.createTime, update_time: p.updateTime })
        .execute()
        .catch(rethrowUnique);
    },
    async getPolicy(name) {
      const r = await db.selectFrom('policies').selectAll().where('name', '=', name).executeTakeFirst();
      return r && toPolicy(r);
    },
    async listPolicies(after, limit) {
      let q = db
        .selectFrom('policies as p')
        .selectAll('p')
        .select((eb) =>
          eb
            .selectFrom('policy_attachments as a')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('a.policy_name', '=', 'p.name')
            .as('attachment_count'),
        )
        .orderBy('p.name')
        .limit(limit + 1);
      if (after !== undefined) q = q.where('p.name', '>', after);
      const rows = await q.execute();
      return page(
        rows.map((r) => ({ ...toPolicy(r), attachmentCount: Number(r.attachment_count ?? 0) })),
        limit,
      );
    },
    async deletePolicy(name) {
      await db.deleteFrom('policies').where('name', '=', name).execute();
    },

    async attach(a) {
      const r = await db
        .insertInto('policy_attachments')
        .values({ policy_name: a.policyName, principal_type: a.principalType, principal_id: a.principalId, attach_time: a.attachTime })
        .onConflict((oc) => oc.columns(['principal_type', 'principal_id', 'policy_name']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async detach(policyName, principalType, principalId) {
      const r = await db
        .deleteFrom('policy_attachments')
        .where('policy_name', '=', policyName)
        .where('principal_type', '=', principalType)
        .where('principal_id', '=', principalId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async policiesOf(principalType, principalId) {
      const rows = await db
        .selectFrom('policy_attachments as a')
        .innerJoin('policies as p', 'p.name', 'a.policy_name')
        .selectAll('p')
        .select('a.attach_time')
        .where('a.principal_type', '=', principalType)
        .where('a.principal_id', '=', principalId)
        .orderBy('a.attach_time')
        .orderBy('p.name')
        .execute();
      return rows.map((r) => ({ ...toPolicy(r), attachTime: Number(r.attach_time) }));
    },
    async attachmentsOfPolicy(policyName) {
      const rows = await db.selectFrom('policy_attachments').selectAll().where('policy_name', '=', policyName).orderBy('attach_time').execute();
      return rows.map((r) => ({
        policyName: r.policy_name,
        principalType: r.principal_type as PolicyPrincipalType,
        principalId: r.principal_id,
        attachTime: Number(r.attach_time),
      }));
    },
    async effectivePolicies(userId) {
      const rows = await db
        .selectFrom('policy_attachments as a')
        .innerJoin('policies as p', 'p.name', 'a.policy_name')
        .selectAll('p')
        .select(['a.principal_type', 'a.attach_time'])
        .where((eb) =>
          eb.or([
            eb.and([eb('a.principal_type', '=', 'user'), eb('a.principal_id', '=', userId)]),
            eb.and([
              eb('a.principal_type', '=', 'group'),
              eb('a.principal_id', 'in', eb.selectFrom('ram_group_members').select('group_id').where('user_id', '=', userId)),
            ]),
          ]),
        )
        .orderBy('a.principal_type', 'desc') // 'user' before 'group'
        .orderBy('a.attach_time')
        .orderBy('p.name')
        .execute();
      return rows.map((r) => ({
        policy: toPolicy(r),
        via: r.principal_type as PolicyPrincipalType,
        attachTime: Number(r.attach_time),
      }));
    },
  };
}
