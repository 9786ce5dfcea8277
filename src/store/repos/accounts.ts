import type { Kysely } from 'kysely';
import type { Account, AccountRepository, AccountType } from '../../core/ports/accounts.js';
import type { AccountRow, Database } from '../schema.js';
import { rethrowUnique } from '../unique-violation.js';

const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  resourceDirectoryId: r.resource_directory_id,
  accountName: r.account_name,
  displayName: r.display_name,
  type: r.type as AccountType,
  joinMethod: r.join_method as Account['joinMethod'],
  status: r.status,
  folderId: r.folder_id,
  joinTime: Number(r.join_time),
  modifyTime: Number(r.modify_time),
});

/** RAM tables keyed by account, in the order their rows may be deleted. */
const RAM_TABLES = ['ram_policy_attachments', 'ram_policies', 'ram_saml_providers'] as const;

export function accountRepository(db: Kysely<Database>): AccountRepository {
  return {
    async getDirectory() {
      const r = await db.selectFrom('resource_directories').selectAll().executeTakeFirst();
      return (
        r && {
          id: r.id,
          masterAccountId: r.master_account_id,
          masterAccountName: r.master_account_name,
          rootFolderId: r.root_folder_id,
          createTime: Number(r.create_time),
        }
      );
    },
    async insertDirectory(rd) {
      await db
        .insertInto('resource_directories')
        .values({
          id: rd.id,
          master_account_id: rd.masterAccountId,
          master_account_name: rd.masterAccountName,
          root_folder_id: rd.rootFolderId,
          create_time: rd.createTime,
        })
        .execute();
    },
    async insertAccount(a) {
      await db
        .insertInto('accounts')
        .values({
          id: a.id,
          resource_directory_id: a.resourceDirectoryId,
          account_name: a.accountName,
          display_name: a.displayName,
          type: a.type,
          join_method: a.joinMethod,
          status: a.status,
          folder_id: a.folderId,
          join_time: a.joinTime,
          modify_time: a.modifyTime,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async getAccount(id) {
      const r = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
      return r && toAccount(r);
    },
    async listAccounts(offset, limit) {
      const rows = await db.selectFrom('accounts').selectAll().orderBy('join_time').orderBy('id').limit(limit).offset(offset).execute();
      return rows.map(toAccount);
    },
    async countAccounts() {
      const r = await db.selectFrom('accounts').select((e) => e.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async updateAccount(a) {
      await db.updateTable('accounts').set({ display_name: a.displayName, type: a.type, modify_time: a.modifyTime }).where('id', '=', a.id).execute();
    },
    async deleteAccount(id) {
      const users = db.selectFrom('ram_users').select('id').where('account_id', '=', id);
      const groups = db.selectFrom('ram_groups').select('id').where('account_id', '=', id);
      await db.deleteFrom('sts_credentials').where('account_id', '=', id).execute();
      // CloudSSO forgets the account's assignments and provisionings with it (cloudsso-access.md §3.6).
      await db.deleteFrom('access_assignments').where('target_id', '=', id).execute();
      await db.deleteFrom('access_provisionings').where('target_id', '=', id).execute();
      // And its RAM user provisionings, with their RAM-user links and failed events (docs/decisions/0180).
      await db.deleteFrom('user_provisionings').where('target_id', '=', id).execute();
      await db.deleteFrom('user_provisioning_ram_users').where('account_id', '=', id).execute();
      await db.deleteFrom('user_provisioning_events').where('target_id', '=', id).execute();
      await db.deleteFrom('access_keys').where('ram_user_id', 'in', users).execute();
      await db.deleteFrom('ram_group_members').where('group_id', 'in', groups).execute();
      for (const t of RAM_TABLES) await db.deleteFrom(t).where('account_id', '=', id).execute();
      await db.deleteFrom('ram_roles').where('account_id', '=', id).execute();
      await db.deleteFrom('ram_users').where('account_id', '=', id).execute();
      await db.deleteFrom('ram_groups').where('account_id', '=', id).execute();
      await db.deleteFrom('accounts').where('id', '=', id).execute();
    },
    async adoptUnowned(accountId) {
      let n = 0;
      for (const t of ['ram_users', 'ram_groups', 'ram_policies', 'ram_policy_attachments'] as const) {
        const r = await db.updateTable(t).set({ account_id: accountId }).where('account_id', '=', '').executeTakeFirst();
        n += Number(r.numUpdatedRows);
      }
      return n;
    },
  };
}
