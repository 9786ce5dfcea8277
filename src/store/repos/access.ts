import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type {
  AccessAssignment,
  AccessConfiguration,
  AccessProvisioning,
  AccessRepository,
  AssignmentQuery,
  ConfigurationQuery,
  PermissionPolicy,
  PermissionPolicyType,
  PrincipalType,
  ProvisioningQuery,
  ProvisioningStatus,
} from '../../core/ports/access.js';
import { foldKey } from '../../core/text.js';
import type { AccessAssignmentRow, AccessConfigurationRow, AccessProvisioningRow, Database } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';

const toConfiguration = (r: AccessConfigurationRow): AccessConfiguration => ({
  id: r.id,
  directoryId: r.directory_id,
  name: r.name,
  description: r.description,
  relayState: r.relay_state,
  sessionDuration: Number(r.session_duration),
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});

const toAssignment = (r: AccessAssignmentRow): AccessAssignment => ({
  directoryId: r.directory_id,
  accessConfigurationId: r.access_configuration_id,
  targetType: 'RD-Account',
  targetId: r.target_id,
  principalType: r.principal_type as PrincipalType,
  principalId: r.principal_id,
  createTime: Number(r.create_time),
});

const toProvisioning = (r: AccessProvisioningRow): AccessProvisioning => ({
  directoryId: r.directory_id,
  accessConfigurationId: r.access_configuration_id,
  targetType: 'RD-Account',
  targetId: r.target_id,
  status: r.status as ProvisioningStatus,
  ramRoleName: r.ram_role_name,
  ramPolicyNames: JSON.parse(r.ram_policy_names) as string[],
  samlProviderName: r.saml_provider_name,
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});

type ConfigEB = ExpressionBuilder<Database, 'access_configurations'>;

function configurationWhere(eb: ConfigEB, directoryId: string, q: ConfigurationQuery) {
  const conds = [eb('access_configurations.directory_id', '=', directoryId)];
  if (q.name) {
    const v = foldKey(q.name.value);
    conds.push(
      q.name.op === 'eq'
        ? eb('access_configurations.name_key', '=', v)
        : eb(sql<string>`substr(access_configurations.name_key, 1, ${v.length})`, '=', v),
    );
  }
  if (q.reprovisionRequired) {
    conds.push(
      eb.exists(
        eb
          .selectFrom('access_provisionings')
          .select('access_provisionings.target_id')
          .whereRef('access_provisionings.access_configuration_id', '=', 'access_configurations.id')
          .where('access_provisionings.status', '=', 'ReprovisionRequired'),
      ),
    );
  }
  for (const tag of q.tags ?? []) {
    conds.push(
      eb.exists(
        eb
          .selectFrom('tags')
          .select('tags.resource_id')
          .whereRef('tags.resource_id', '=', 'access_configurations.id')
          .where('tags.tag_key', '=', tag.key)
          .where('tags.tag_value', '=', tag.value),
      ),
    );
  }
  return eb.and(conds);
}

type AssignmentEB = ExpressionBuilder<Database, 'access_assignments'>;

function assignmentWhere(eb: AssignmentEB, directoryId: string, q: AssignmentQuery) {
  const conds = [eb('directory_id', '=', directoryId)];
  if (q.accessConfigurationId !== undefined) conds.push(eb('access_configuration_id', '=', q.accessConfigurationId));
  if (q.targetId !== undefined) conds.push(eb('target_id', '=', q.targetId));
  if (q.principal) conds.push(eb('principal_type', '=', q.principal.type), eb('principal_id', '=', q.principal.id));
  return eb.and(conds);
}

type ProvisioningEB = ExpressionBuilder<Database, 'access_provisionings'>;

function provisioningWhere(eb: ProvisioningEB, directoryId: string, q: ProvisioningQuery) {
  const conds = [eb('directory_id', '=', directoryId)];
  if (q.accessConfigurationId !== undefined) conds.push(eb('access_configuration_id', '=', q.accessConfigurationId));
  if (q.targetId !== undefined) conds.push(eb('target_id', '=', q.targetId));
  if (q.status !== undefined) conds.push(eb('status', '=', q.status));
  return eb.and(conds);
}

const count = (r: { n: number | string | bigint } | undefined) => Number(r?.n ?? 0);

export function accessRepository(db: Kysely<Database>): AccessRepository {
  return {
    async insertConfiguration(c) {
      await db
        .insertInto('access_configurations')
        .values({
          id: c.id,
          directory_id: c.directoryId,
          name: c.name,
          name_key: foldKey(c.name),
          description: c.description,
          relay_state: c.relayState,
          session_duration: c.sessionDuration,
          create_time: c.createTime,
          update_time: c.updateTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async getConfiguration(directoryId, id) {
      const r = await db.selectFrom('access_configurations').selectAll().where('directory_id', '=', directoryId).where('id', '=', id).executeTakeFirst();
      return r && toConfiguration(r);
    },
    async getConfigurationByName(directoryId, name) {
      const r = await db
        .selectFrom('access_configurations')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .where('name_key', '=', foldKey(name))
        .executeTakeFirst();
      return r && toConfiguration(r);
    },
    async updateConfiguration(c) {
      await db
        .updateTable('access_configurations')
        .set({ description: c.description, relay_state: c.relayState, session_duration: c.sessionDuration, update_time: c.updateTime })
        .where('id', '=', c.id)
        .execute();
    },
    async deleteConfiguration(id) {
      await db.deleteFrom('access_configuration_policies').where('access_configuration_id', '=', id).execute();
      await db.deleteFrom('access_configurations').where('id', '=', id).execute();
    },
    async listConfigurations(directoryId, q, after, limit) {
      let query = db
        .selectFrom('access_configurations')
        .selectAll()
        .where((eb) => configurationWhere(eb, directoryId, q));
      if (after !== undefined) query = query.where('access_configurations.id', '>', after);
      const rows = await query.orderBy('access_configurations.id').limit(limit).execute();
      return rows.map(toConfiguration);
    },
    async countConfigurations(directoryId, q = {}) {
      return count(
        await db
          .selectFrom('access_configurations')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where((eb) => configurationWhere(eb, directoryId, q))
          .executeTakeFirst(),
      );
    },
    async needingReprovision(ids) {
      if (ids.length === 0) return new Set();
      const rows = await db
        .selectFrom('access_provisionings')
        .select('access_configuration_id')
        .distinct()
        .where('access_configuration_id', 'in', [...ids])
        .where('status', '=', 'ReprovisionRequired')
        .execute();
      return new Set(rows.map((r) => r.access_configuration_id));
    },

    async policiesOf(accessConfigurationId) {
      const rows = await db
        .selectFrom('access_configuration_policies')
        .selectAll()
        .where('access_configuration_id', '=', accessConfigurationId)
        .orderBy('add_time')
        .orderBy('policy_type')
        .orderBy('policy_name')
        .execute();
      return rows.map(
        (r): PermissionPolicy => ({
          accessConfigurationId: r.access_configuration_id,
          type: r.policy_type as PermissionPolicyType,
          name: r.policy_name,
          document: r.document,
          addTime: Number(r.add_time),
        }),
      );
    },
    async insertPolicy(p) {
      await db
        .insertInto('access_configuration_policies')
        .values({ access_configuration_id: p.accessConfigurationId, policy_type: p.type, policy_name: p.name, document: p.document, add_time: p.addTime })
        .execute();
    },
    async deletePolicy(accessConfigurationId, type, name) {
      const r = await db
        .deleteFrom('access_configuration_policies')
        .where('access_configuration_id', '=', accessConfigurationId)
        .where('policy_type', '=', type)
        .where('policy_name', '=', name)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async updateInlineDocument(accessConfigurationId, name, document) {
      const r = await db
        .updateTable('access_configuration_policies')
        .set({ document })
        .where('access_configuration_id', '=', accessConfigurationId)
        .where('policy_type', '=', 'Inline')
        .where('policy_name', '=', name)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },

    async insertAssignment(a) {
      await db
        .insertInto('access_assignments')
        .values({
          directory_id: a.directoryId,
          access_configuration_id: a.accessConfigurationId,
          target_type: a.targetType,
          target_id: a.targetId,
          principal_type: a.principalType,
          principal_id: a.principalId,
          create_time: a.createTime,
        })
        .execute();
    },
    async getAssignment(k) {
      const r = await db
        .selectFrom('access_assignments')
        .selectAll()
        .where('access_configuration_id', '=', k.accessConfigurationId)
        .where('target_id', '=', k.targetId)
        .where('principal_type', '=', k.principalType)
        .where('principal_id', '=', k.principalId)
        .executeTakeFirst();
      return r && toAssignment(r);
    },
    async deleteAssignment(k) {
      const r = await db
        .deleteFrom('access_assignments')
        .where('access_configuration_id', '=', k.accessConfigurationId)
        .where('target_id', '=', k.targetId)
        .where('principal_type', '=', k.principalType)
        .where('principal_id', '=', k.principalId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listAssignments(directoryId, q, after, limit) {
      let query = db
        .selectFrom('access_assignments')
        .selectAll()
        .where((eb) => assignmentWhere(eb, directoryId, q));
      if (after) {
        query = query.where((eb) =>
          eb(eb.refTuple('access_configuration_id', 'target_id', 'principal_type', 'principal_id'), '>', eb.tuple(after.accessConfigurationId, after.targetId, after.principalType, after.principalId)),
        );
      }
      const rows = await query.orderBy('access_configuration_id').orderBy('target_id').orderBy('principal_type').orderBy('principal_id').limit(limit).execute();
      return rows.map(toAssignment);
    },
    async countAssignments(directoryId, q = {}) {
      return count(
        await db
          .selectFrom('access_assignments')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where((eb) => assignmentWhere(eb, directoryId, q))
          .executeTakeFirst(),
      );
    },
    async listTargetsOfPrincipals(directoryId, principalIds, after, limit) {
      if (principalIds.length === 0) return [];
      let query = db
        .selectFrom('access_assignments')
        .select('target_id')
        .distinct()
        .where('directory_id', '=', directoryId)
        .where('principal_id', 'in', [...principalIds]);
      if (after !== undefined) query = query.where('target_id', '>', after);
      const rows = await query.orderBy('target_id').limit(limit).execute();
      return rows.map((r) => r.target_id);
    },
    async listAssignmentsOfPrincipalsOn(directoryId, principalIds, targetIds) {
      if (principalIds.length === 0 || targetIds.length === 0) return [];
      const rows = await db
        .selectFrom('access_assignments')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .where('principal_id', 'in', [...principalIds])
        .where('target_id', 'in', [...targetIds])
        .orderBy('target_id')
        .orderBy('access_configuration_id')
        .execute();
      return rows.map(toAssignment);
    },
    async deleteAssignmentsOfPrincipal(directoryId, type, id) {
      const r = await db
        .deleteFrom('access_assignments')
        .where('directory_id', '=', directoryId)
        .where('principal_type', '=', type)
        .where('principal_id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async getProvisioning(accessConfigurationId, targetId) {
      const r = await db
        .selectFrom('access_provisionings')
        .selectAll()
        .where('access_configuration_id', '=', accessConfigurationId)
        .where('target_id', '=', targetId)
        .executeTakeFirst();
      return r && toProvisioning(r);
    },
    async putProvisioning(p) {
      const values = {
        directory_id: p.directoryId,
        access_configuration_id: p.accessConfigurationId,
        target_type: p.targetType,
        target_id: p.targetId,
        status: p.status,
        ram_role_name: p.ramRoleName,
        ram_policy_names: JSON.stringify(p.ramPolicyNames),
        saml_provider_name: p.samlProviderName,
        create_time: p.createTime,
        update_time: p.updateTime,
      };
      await db
        .insertInto('access_provisionings')
        .values(values)
        .onConflict((oc) =>
          oc.columns(['access_configuration_id', 'target_id']).doUpdateSet({
            status: values.status,
            ram_role_name: values.ram_role_name,
            ram_policy_names: values.ram_policy_names,
            saml_provider_name: values.saml_provider_name,
            update_time: values.update_time,
          }),
        )
        .execute();
    },
    async deleteProvisioning(accessConfigurationId, targetId) {
      const r = await db
        .deleteFrom('access_provisionings')
        .where('access_configuration_id', '=', accessConfigurationId)
        .where('target_id', '=', targetId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async listProvisionings(directoryId, q, after, limit) {
      let query = db
        .selectFrom('access_provisionings')
        .selectAll()
        .where((eb) => provisioningWhere(eb, directoryId, q));
      if (after) {
        query = query.where((eb) => eb(eb.refTuple('access_configuration_id', 'target_id'), '>', eb.tuple(after.accessConfigurationId, after.targetId)));
      }
      const rows = await query.orderBy('access_configuration_id').orderBy('target_id').limit(limit).execute();
      return rows.map(toProvisioning);
    },
    async countProvisionings(directoryId, q = {}) {
      return count(
        await db
          .selectFrom('access_provisionings')
          .select((e) => e.fn.countAll<number>().as('n'))
          .where((eb) => provisioningWhere(eb, directoryId, q))
          .executeTakeFirst(),
      );
    },
    async markReprovisionRequired(accessConfigurationId, time) {
      const r = await db
        .updateTable('access_provisionings')
        .set({ status: 'ReprovisionRequired', update_time: time })
        .where('access_configuration_id', '=', accessConfigurationId)
        .where('status', '=', 'Provisioned')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
  };
}
