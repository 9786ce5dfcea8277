import { sql, type Kysely } from 'kysely';
import type { DeviceGrant, DeviceGrantStatus, PortalApiRepository } from '../../core/ports/portal-api.js';
import type { Database } from '../schema.js';

type GrantRow = Database['portal_device_grants'];

const toGrant = (r: GrantRow): DeviceGrant => ({
  deviceCodeHash: r.device_code_hash,
  userCode: r.user_code,
  codeChallenge: r.code_challenge,
  status: r.status as DeviceGrantStatus,
  directoryId: r.directory_id,
  userId: r.user_id,
  tokenExpireTime: r.token_expire_time === null ? null : Number(r.token_expire_time),
  createTime: Number(r.create_time),
  expireTime: Number(r.expire_time),
});

export function portalApiRepository(db: Kysely<Database>): PortalApiRepository {
  return {
    async insertGrant(g) {
      await db
        .insertInto('portal_device_grants')
        .values({
          device_code_hash: g.deviceCodeHash,
          user_code: g.userCode,
          code_challenge: g.codeChallenge,
          status: g.status,
          directory_id: g.directoryId,
          user_id: g.userId,
          token_expire_time: g.tokenExpireTime,
          create_time: g.createTime,
          expire_time: g.expireTime,
        })
        .execute();
    },
    async getGrant(hash) {
      const r = await db.selectFrom('portal_device_grants').selectAll().where('device_code_hash', '=', hash).executeTakeFirst();
      return r && toGrant(r);
    },
    async getGrantByUserCode(userCode) {
      const r = await db.selectFrom('portal_device_grants').selectAll().where('user_code', '=', userCode).executeTakeFirst();
      return r && toGrant(r);
    },
    async decideGrant(userCode, status, d) {
      const r = await db
        .updateTable('portal_device_grants')
        .set({ status, directory_id: d.directoryId, user_id: d.userId, token_expire_time: d.tokenExpireTime })
        .where('user_code', '=', userCode)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async deleteGrant(hash) {
      const r = await db.deleteFrom('portal_device_grants').where('device_code_hash', '=', hash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async insertToken(hash, t) {
      await db
        .insertInto('portal_access_tokens')
        .values({ token_hash: hash, directory_id: t.directoryId, user_id: t.userId, create_time: t.createTime, expire_time: t.expireTime })
        .execute();
    },
    async getToken(hash) {
      const r = await db
        .selectFrom('portal_access_tokens as t')
        .innerJoin('users as u', (j) => j.onRef('u.id', '=', 't.user_id').onRef('u.directory_id', '=', 't.directory_id'))
        .select(['t.directory_id', 't.user_id', 't.create_time', 't.expire_time', 't.selected_account_id', 't.selected_access_configuration_id', 't.selection_ambiguous', 'u.user_name', 'u.status'])
        .where('t.token_hash', '=', hash)
        .executeTakeFirst();
      return (
        r && {
          directoryId: r.directory_id,
          userId: r.user_id,
          userName: r.user_name,
          userStatus: r.status,
          createTime: Number(r.create_time),
          expireTime: Number(r.expire_time),
          selection:
            r.selected_account_id !== null && r.selected_access_configuration_id !== null && Number(r.selection_ambiguous) === 0
              ? { accountId: r.selected_account_id, accessConfigurationId: r.selected_access_configuration_id }
              : undefined,
        }
      );
    },
    async deleteUserTokens(userId) {
      const r = await db.deleteFrom('portal_access_tokens').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async recordSelection(hash, accountId, accessConfigurationId) {
      // One statement, so two racing requests cannot both take the empty slot with different choices.
      await db
        .updateTable('portal_access_tokens')
        .set({
          selection_ambiguous: sql<number>`case when selected_account_id is null or (selected_account_id = ${accountId} and selected_access_configuration_id = ${accessConfigurationId}) then selection_ambiguous else 1 end`,
          selected_account_id: sql<string>`coalesce(selected_account_id, ${accountId})`,
          selected_access_configuration_id: sql<string>`coalesce(selected_access_configuration_id, ${accessConfigurationId})`,
        })
        .where('token_hash', '=', hash)
        .execute();
    },
    async prune(now, batch) {
      const grants = db.selectFrom('portal_device_grants').select('device_code_hash').where('expire_time', '<', now).limit(batch);
      const a = await db.deleteFrom('portal_device_grants').where('device_code_hash', 'in', grants).executeTakeFirst();
      const tokens = db.selectFrom('portal_access_tokens').select('token_hash').where('expire_time', '<', now).limit(batch);
      const b = await db.deleteFrom('portal_access_tokens').where('token_hash', 'in', tokens).executeTakeFirst();
      return Number(a.numDeletedRows) + Number(b.numDeletedRows);
    },
  };
}
