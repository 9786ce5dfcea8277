import { sql, type Kysely } from 'kysely';
import type { PortalLoginState, PortalRepository, PortalSessionStage, PortalAuthMethod, StoredPortalSession } from '../../core/ports/portal.js';
import type { Database } from '../schema.js';

const toState = (r: { failed_attempts: number; locked_until: number | null; last_success_time: number | null; last_success_source: string | null }): PortalLoginState => ({
  failedAttempts: Number(r.failed_attempts),
  lockedUntil: r.locked_until === null ? null : Number(r.locked_until),
  lastSuccessTime: r.last_success_time === null ? null : Number(r.last_success_time),
  lastSuccessSource: r.last_success_source,
});

export function portalRepository(db: Kysely<Database>): PortalRepository {
  return {
    async insertSession(s: StoredPortalSession) {
      await db
        .insertInto('portal_sessions')
        .values({
          id_hash: s.idHash,
          directory_id: s.directoryId,
          user_id: s.userId,
          stage: s.stage,
          auth_method: s.authMethod,
          source_ip: s.sourceIp,
          pending_secret_sealed: s.pendingSecretSealed,
          create_time: s.createTime,
          expire_time: s.expireTime,
        })
        .execute();
    },
    async getSession(idHash) {
      const r = await db
        .selectFrom('portal_sessions as s')
        .innerJoin('users as u', (j) => j.onRef('u.id', '=', 's.user_id').onRef('u.directory_id', '=', 's.directory_id'))
        .innerJoin('directories as d', 'd.id', 's.directory_id')
        .select([
          's.id_hash',
          's.directory_id',
          's.user_id',
          's.stage',
          's.auth_method',
          's.source_ip',
          's.pending_secret_sealed',
          's.create_time',
          's.expire_time',
          'u.user_name',
          'u.display_name',
          'u.status',
          'd.name as directory_name',
        ])
        .where('s.id_hash', '=', idHash)
        .executeTakeFirst();
      return (
        r && {
          idHash: r.id_hash,
          directoryId: r.directory_id,
          userId: r.user_id,
          stage: r.stage as PortalSessionStage,
          authMethod: r.auth_method as PortalAuthMethod,
          sourceIp: r.source_ip,
          pendingSecretSealed: r.pending_secret_sealed,
          createTime: Number(r.create_time),
          expireTime: Number(r.expire_time),
          userName: r.user_name,
          displayName: r.display_name,
          userStatus: r.status,
          directoryName: r.directory_name,
        }
      );
    },
    async updateSession(idHash, c) {
      const r = await db
        .updateTable('portal_sessions')
        .set({ stage: c.stage, expire_time: c.expireTime, pending_secret_sealed: c.pendingSecretSealed })
        .where('id_hash', '=', idHash)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async deleteSession(idHash) {
      const r = await db.deleteFrom('portal_sessions').where('id_hash', '=', idHash).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async deleteUserSessions(directoryId, userId) {
      const r = await db.deleteFrom('portal_sessions').where('directory_id', '=', directoryId).where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async prune(now) {
      const r = await db.deleteFrom('portal_sessions').where('expire_time', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async getCredentials(directoryId, userId) {
      const u = await db
        .selectFrom('users')
        .select(['password_hash', 'password_reset_required'])
        .where('directory_id', '=', directoryId)
        .where('id', '=', userId)
        .executeTakeFirst();
      if (!u) return undefined;
      const h = await db
        .selectFrom('password_history')
        .select((eb) => eb.fn.max('create_time').as('t'))
        .where('directory_id', '=', directoryId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      const t = h?.t;
      return { passwordHash: u.password_hash, resetRequired: Number(u.password_reset_required) === 1, passwordTime: t === null || t === undefined ? null : Number(t) };
    },
    async getLoginState(userId) {
      const r = await db
        .selectFrom('portal_login_state')
        .select(['failed_attempts', 'locked_until', 'last_success_time', 'last_success_source'])
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r && toState(r);
    },
    async recordFailure(directoryId, userId, lockAfter, lockUntil) {
      const locksNow = lockAfter === 1;
      // One statement: failures counted on several nodes at once all count.
      const r = await db
        .insertInto('portal_login_state')
        .values({ user_id: userId, directory_id: directoryId, failed_attempts: locksNow ? 0 : 1, locked_until: locksNow ? lockUntil : null })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            failed_attempts: sql<number>`case when ${lockAfter} > 0 and portal_login_state.failed_attempts + 1 >= ${lockAfter} then 0 else portal_login_state.failed_attempts + 1 end`,
            locked_until: sql<number>`case when ${lockAfter} > 0 and portal_login_state.failed_attempts + 1 >= ${lockAfter} then cast(${lockUntil} as bigint) else portal_login_state.locked_until end`,
          }),
        )
        .returning(['failed_attempts', 'locked_until', 'last_success_time', 'last_success_source'])
        .executeTakeFirstOrThrow();
      return toState(r);
    },
    async recordSuccess(directoryId, userId, time, source) {
      await db
        .insertInto('portal_login_state')
        .values({ user_id: userId, directory_id: directoryId, failed_attempts: 0, locked_until: null, last_success_time: time, last_success_source: source })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ failed_attempts: 0, locked_until: null, last_success_time: time, last_success_source: source }))
        .execute();
    },
    async claimTotpStep(deviceId, step) {
      const r = await db
        .insertInto('mfa_device_steps')
        .values({ device_id: deviceId, last_step: step })
        .onConflict((oc) => oc.column('device_id').doUpdateSet({ last_step: step }).where('mfa_device_steps.last_step', '<', step))
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0n) > 0;
    },
    async touchMfaDevice(deviceId, time) {
      await db.updateTable('mfa_devices').set({ last_use_time: time }).where('id', '=', deviceId).execute();
    },
  };
}
