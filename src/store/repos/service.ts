import type { Kysely } from 'kysely';
import type { Status } from '../../core/model.js';
import type { DelegateAccount, ServiceRepository } from '../../core/ports/service.js';
import type { Dialect } from '../db.js';
import type { Database } from '../schema.js';

const status = (s: string): Status => (s === 'Disabled' ? 'Disabled' : 'Enabled');

const delegate = (r: { account_id: string; status: string; create_time: number; update_time: number }): DelegateAccount => ({
  accountId: r.account_id,
  status: status(r.status),
  createTime: Number(r.create_time),
  updateTime: Number(r.update_time),
});

export function serviceRepository(db: Kysely<Database>, dialect: Dialect): ServiceRepository {
  return {
    async getStatus(accountId) {
      const r = await db.selectFrom('cloudsso_service').select('status').where('account_id', '=', accountId).executeTakeFirst();
      return r ? status(r.status) : undefined;
    },
    async setStatus(accountId, s, time) {
      await db
        .insertInto('cloudsso_service')
        .values({ account_id: accountId, status: s, update_time: time })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ status: s, update_time: time }))
        .execute();
    },
    async lock(accountId, initial, time) {
      await db
        .insertInto('cloudsso_service')
        .values({ account_id: accountId, status: initial, update_time: time })
        .onConflict((oc) => oc.column('account_id').doNothing())
        .execute();
      const q = db.selectFrom('cloudsso_service').select('status').where('account_id', '=', accountId);
      const r = await (dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirstOrThrow();
      return status(r.status);
    },
    async getDelegate(accountId) {
      const r = await db.selectFrom('cloudsso_delegate_accounts').selectAll().where('account_id', '=', accountId).executeTakeFirst();
      return r ? delegate(r) : undefined;
    },
    async putDelegate(d) {
      const row = { account_id: d.accountId, status: d.status, create_time: d.createTime, update_time: d.updateTime };
      await db
        .insertInto('cloudsso_delegate_accounts')
        .values(row)
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ status: d.status, update_time: d.updateTime }))
        .execute();
    },
    async listDelegates() {
      return (await db.selectFrom('cloudsso_delegate_accounts').selectAll().orderBy('account_id').execute()).map(delegate);
    },
  };
}
