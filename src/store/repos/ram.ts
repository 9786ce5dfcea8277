import type { Kysely } from 'kysely';
import type {
  AttachedPolicyRef,
  NamePage,
  Policy,
  PolicyAttachment,
  PolicyKind,
  PolicyPrincipalType,
  RamGroup,
  RamRepository,
  RamRole,
  RamUser,
  SamlProvider,
} from '../../core/ports/ram.js';
import { foldKey } from '../../core/text.js';
import type { Dialect } from '../db.js';
import { prepared } from '../prepared.js';
import type { Database, RamRoleRow } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';

type UserRow = Database['ram_users'];
type GroupRow = Database['ram_groups'];
type PolicyRow = Database['ram_policies'];
type SamlRow = Database['ram_saml_providers'];
type AttachmentRow = Database['ram_policy_attachments'];

const toUser = (r: UserRow): RamUser => ({
  id: r.id,
  accountId: r.account_id,
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
  accountId: r.account_id,
  name: r.name,
  comments: r.comments,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time ?? r.create_time),
});
const joinTime = (v: number | string | null) => (v === null ? null : Number(v));
const toPolicy = (r: PolicyRow): Policy => ({
  accountId: r.account_id,
  name: r.name,
  description: r.description,
  document: r.document,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});
const toRole = (r: RamRoleRow): RamRole => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  description: r.description,
  trustPolicy: r.trust_policy,
  maxSessionDuration: Number(r.max_session_duration),
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});
const toSaml = (r: SamlRow): SamlProvider => ({
  accountId: r.account_id,
  name: r.name,
  description: r.description,
  metadata: r.metadata,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});
const toAttachment = (r: AttachmentRow): PolicyAttachment => ({
  accountId: r.account_id,
  policyType: r.policy_type as PolicyKind,
  policyName: r.policy_name,
  principalType: r.principal_type as PolicyPrincipalType,
  principalId: r.principal_id,
  attachTime: Number(r.attach_time),
});

/** Reads one row more than asked, to know whether the list goes on. */
function page<T>(rows: T[], limit: number): NamePage<T> {
  return { items: rows.slice(0, limit), truncated: rows.length > limit };
}

const USER_COLUMNS = [
  'id',
  'account_id',
  'name',
  'name_key',
  'display_name',
  'comments',
  'email',
  'mobile_phone',
  'create_time',
  'update_time',
  'last_login_time',
] as const satisfies ReadonlyArray<keyof UserRow>;
const ROLE_COLUMNS = [
  'id',
  'account_id',
  'name',
  'name_key',
  'description',
  'trust_policy',
  'max_session_duration',
  'create_time',
  'update_time',
] as const satisfies ReadonlyArray<keyof RamRoleRow>;
const ATTACHMENT_COLUMNS = ['account_id', 'policy_type', 'policy_name', 'principal_type', 'principal_id', 'attach_time'] as const satisfies ReadonlyArray<keyof AttachmentRow>;

type RefRow = AttachmentRow & { c_name: string | null; c_description: string | null; c_document: string | null; c_create: number | null; c_update: number | null };

const toRef = (r: RefRow): AttachedPolicyRef => ({
  policyType: r.policy_type as PolicyKind,
  policyName: r.policy_name,
  attachTime: Number(r.attach_time),
  via: r.principal_type as PolicyPrincipalType,
  custom:
    r.policy_type === 'Custom' && r.c_name !== null
      ? {
          accountId: r.account_id,
          name: r.c_name,
          description: r.c_description,
          // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a joined policy row (c_name set) has its document: the column is NOT NULL
          document: r.c_document!,
          createTime: Number(r.c_create),
          updateTime: Number(r.c_update),
        }
      : null,
});

export function ramRepository(db: Kysely<Database>, dialect: Dialect): RamRepository {
  /** Attachments with their Custom policy's row (none for System ones). */
  const refs = () =>
    db
      .selectFrom('ram_policy_attachments as a')
      .leftJoin('ram_policies as p', (j) =>
        j.onRef('p.account_id', '=', 'a.account_id').onRef('p.name', '=', 'a.policy_name').on('a.policy_type', '=', 'Custom'),
      )
      .select(ATTACHMENT_COLUMNS.map((c) => `a.${c}` as const))
      .select([
        'p.name as c_name',
        'p.description as c_description',
        'p.document as c_document',
        'p.create_time as c_create',
        'p.update_time as c_update',
      ]);

  // What every signed call of a RAM user or an STS session reads to authorize it (the key's user
  // or the session's role, the policies that apply): compiled once and named on PostgreSQL
  // (prepared.ts), naming their columns as every named statement does (decisions 0192, 0206).
  const userById = prepared(db, dialect, 'ram.userById', (id: string) => db.selectFrom('ram_users').select(USER_COLUMNS).where('id', '=', id));
  const roleById = prepared(db, dialect, 'ram.roleById', (id: string) => db.selectFrom('ram_roles').select(ROLE_COLUMNS).where('id', '=', id));
  const policiesOfPrincipal = prepared(db, dialect, 'ram.policiesOf', (principalType: string, principalId: string) =>
    refs().where('a.principal_type', '=', principalType).where('a.principal_id', '=', principalId).orderBy('a.attach_time').orderBy('a.policy_name'),
  );
  // The user's own attachments, then its groups' (through the groups of the user, by the index of
  // migration 0190): two halves, each read by its index. As one OR, PostgreSQL read both tables
  // whole. The user's ID is an argument twice, as each argument of a prepared query appears once.
  const policiesOfUser = prepared(db, dialect, 'ram.effectivePolicies', (userId: string, memberId: string) =>
    refs()
      .where('a.principal_type', '=', 'user')
      .where('a.principal_id', '=', userId)
      .unionAll(
        refs()
          .where('a.principal_type', '=', 'group')
          .where('a.principal_id', 'in', (eb) => eb.selectFrom('ram_group_members').select('group_id').where('user_id', '=', memberId)),
      )
      .orderBy('principal_type', 'desc') // 'user' before 'group'
      .orderBy('attach_time')
      .orderBy('policy_name'),
  );

  return {
    async insertUser(u) {
      await db
        .insertInto('ram_users')
        .values({
          id: u.id,
          account_id: u.accountId,
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
      const [r] = await userById(id);
      return r && toUser(r);
    },
    async getUserByName(accountId, name) {
      const r = await db.selectFrom('ram_users').selectAll().where('account_id', '=', accountId).where('name_key', '=', foldKey(name)).executeTakeFirst();
      return r && toUser(r);
    },
    async listUsers(accountId, after, limit) {
      let q = db.selectFrom('ram_users').selectAll().where('account_id', '=', accountId).orderBy('name_key').limit(limit + 1);
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
      const r = await db
        .updateTable('ram_users')
        .set({ last_login_time: time })
        .where('id', '=', id)
        .where((eb) => eb.or([eb('last_login_time', 'is', null), eb('last_login_time', '<=', time - granularityMs)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
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
        .values({ id: g.id, account_id: g.accountId, name: g.name, name_key: foldKey(g.name), comments: g.comments, create_time: g.createTime, update_time: g.updateTime })
        .execute()
        .catch(rethrowUnique);
    },
    async getGroup(id) {
      const r = await db.selectFrom('ram_groups').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toGroup(r);
    },
    async getGroupByName(accountId, name) {
      const r = await db.selectFrom('ram_groups').selectAll().where('account_id', '=', accountId).where('name_key', '=', foldKey(name)).executeTakeFirst();
      return r && toGroup(r);
    },
    async listGroups(accountId, after, limit) {
      let q = db.selectFrom('ram_groups').selectAll().where('account_id', '=', accountId).orderBy('name_key').limit(limit + 1);
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

    async insertRole(r) {
      await db
        .insertInto('ram_roles')
        .values({
          id: r.id,
          account_id: r.accountId,
          name: r.name,
          name_key: foldKey(r.name),
          description: r.description,
          trust_policy: r.trustPolicy,
          max_session_duration: r.maxSessionDuration,
          create_time: r.createTime,
          update_time: r.updateTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async getRole(id) {
      const [r] = await roleById(id);
      return r && toRole(r);
    },
    async getRoleByName(accountId, name) {
      const r = await db.selectFrom('ram_roles').selectAll().where('account_id', '=', accountId).where('name_key', '=', foldKey(name)).executeTakeFirst();
      return r && toRole(r);
    },
    async listRoles(accountId, after, limit) {
      let q = db.selectFrom('ram_roles').selectAll().where('account_id', '=', accountId).orderBy('name_key').limit(limit + 1);
      if (after !== undefined) q = q.where('name_key', '>', foldKey(after));
      return page((await q.execute()).map(toRole), limit);
    },
    async updateRole(r) {
      await db
        .updateTable('ram_roles')
        .set({ description: r.description, trust_policy: r.trustPolicy, max_session_duration: r.maxSessionDuration, update_time: r.updateTime })
        .where('id', '=', r.id)
        .execute();
    },
    async deleteRole(id) {
      // The foreign key would cascade; deleting explicitly keeps SQLite without it just as right.
      await db.deleteFrom('sts_credentials').where('role_id', '=', id).execute();
      await db.deleteFrom('ram_roles').where('id', '=', id).execute();
    },

    async insertSamlProvider(s) {
      await db
        .insertInto('ram_saml_providers')
        .values({
          account_id: s.accountId,
          name: s.name,
          name_key: foldKey(s.name),
          description: s.description,
          metadata: s.metadata,
          create_time: s.createTime,
          update_time: s.updateTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async getSamlProvider(accountId, name) {
      const r = await db
        .selectFrom('ram_saml_providers')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('name_key', '=', foldKey(name))
        .executeTakeFirst();
      return r && toSaml(r);
    },
    async listSamlProviders(accountId, after, limit) {
      let q = db.selectFrom('ram_saml_providers').selectAll().where('account_id', '=', accountId).orderBy('name_key').limit(limit + 1);
      if (after !== undefined) q = q.where('name_key', '>', foldKey(after));
      return page((await q.execute()).map(toSaml), limit);
    },
    async deleteSamlProvider(accountId, name) {
      await db.deleteFrom('ram_saml_providers').where('account_id', '=', accountId).where('name_key', '=', foldKey(name)).execute();
    },

    async insertPolicy(p) {
      await db
        .insertInto('ram_policies')
        .values({
          account_id: p.accountId,
          name: p.name,
          description: p.description,
          document: p.document,
          create_time: p.createTime,
          update_time: p.updateTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async getPolicy(accountId, name) {
      const r = await db.selectFrom('ram_policies').selectAll().where('account_id', '=', accountId).where('name', '=', name).executeTakeFirst();
      return r && toPolicy(r);
    },
    async listPolicies(accountId, after, limit) {
      let q = db
        .selectFrom('ram_policies as p')
        .selectAll('p')
        .select((eb) =>
          eb
            .selectFrom('ram_policy_attachments as a')
            .select((e) => e.fn.countAll<number>().as('n'))
            .whereRef('a.account_id', '=', 'p.account_id')
            .where('a.policy_type', '=', 'Custom')
            .whereRef('a.policy_name', '=', 'p.name')
            .as('attachment_count'),
        )
        .where('p.account_id', '=', accountId)
        .orderBy('p.name')
        .limit(limit + 1);
      if (after !== undefined) q = q.where('p.name', '>', after);
      const rows = await q.execute();
      return page(
        rows.map((r) => ({ ...toPolicy(r), attachmentCount: Number(r.attachment_count ?? 0) })),
        limit,
      );
    },
    async deletePolicy(accountId, name) {
      await db.deleteFrom('ram_policies').where('account_id', '=', accountId).where('name', '=', name).execute();
    },

    async attach(a) {
      const r = await db
        .insertInto('ram_policy_attachments')
        .values({
          account_id: a.accountId,
          policy_type: a.policyType,
          policy_name: a.policyName,
          principal_type: a.principalType,
          principal_id: a.principalId,
          attach_time: a.attachTime,
        })
        .onConflict((oc) => oc.columns(['principal_type', 'principal_id', 'policy_type', 'policy_name']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async detach(policyType, policyName, principalType, principalId) {
      const r = await db
        .deleteFrom('ram_policy_attachments')
        .where('policy_type', '=', policyType)
        .where('policy_name', '=', policyName)
        .where('principal_type', '=', principalType)
        .where('principal_id', '=', principalId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async policiesOf(principalType, principalId) {
      return (await policiesOfPrincipal(principalType, principalId)).map((r) => toRef(r as RefRow));
    },
    async attachmentsOfPolicy(accountId, policyType, policyName) {
      const rows = await db
        .selectFrom('ram_policy_attachments')
        .selectAll()
        .where('account_id', '=', accountId)
        .where('policy_type', '=', policyType)
        .where('policy_name', '=', policyName)
        .orderBy('attach_time')
        .execute();
      return rows.map(toAttachment);
    },
    async effectivePolicies(userId) {
      return (await policiesOfUser(userId, userId)).map((r) => toRef(r as RefRow));
    },
  };
}
