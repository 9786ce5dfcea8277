import { Type } from '@sinclair/typebox';
import type { Account, ResourceDirectory } from '../../core/ports/accounts.js';
import type { RdCaller } from '../../core/resource-directory.js';
import { toCloudSSOTime } from '../../core/time.js';
import type { ActionContext } from '../../rpc/action.js';

/**
 * Wire shapes of ResourceManager 2020-03-31 (field names as in @alicloud/resourcemanager20200331's
 * models). Lists are wrapped the XML way: `Accounts: { Account: [...] }`.
 */
export const rdTime = toCloudSSOTime;

export const caller = (ctx: ActionContext): RdCaller => ({
  accountId: ctx.principal.accountId,
  actor: ctx.actor,
  requestId: ctx.requestId,
  ...(ctx.request ? { request: ctx.request } : {}),
});

export const ResourceDirectorySchema = Type.Object({
  ResourceDirectoryId: Type.String(),
  MasterAccountId: Type.String(),
  MasterAccountName: Type.String(),
  RootFolderId: Type.String(),
  CreateTime: Type.String(),
  ControlPolicyStatus: Type.Optional(Type.String()),
  MemberDeletionStatus: Type.Optional(Type.String()),
});

export const toWireDirectory = (rd: ResourceDirectory, full = false) => ({
  ResourceDirectoryId: rd.id,
  MasterAccountId: rd.masterAccountId,
  MasterAccountName: rd.masterAccountName,
  RootFolderId: rd.rootFolderId,
  CreateTime: rdTime(rd.createTime),
  ...(full ? { ControlPolicyStatus: 'Disabled', MemberDeletionStatus: 'Enabled' } : {}),
});

export const AccountSchema = Type.Object({
  AccountId: Type.String(),
  AccountName: Type.Optional(Type.String()),
  DisplayName: Type.String(),
  FolderId: Type.String(),
  JoinMethod: Type.String(),
  JoinTime: Type.String(),
  ModifyTime: Type.String(),
  ResourceDirectoryId: Type.String(),
  ResourceDirectoryPath: Type.Optional(Type.String()),
  Status: Type.String(),
  Type: Type.String(),
});

export const toWireAccount = (a: Account, opts: { name?: boolean; path?: boolean } = {}) => ({
  AccountId: a.id,
  ...(opts.name !== false ? { AccountName: a.accountName } : {}),
  DisplayName: a.displayName,
  FolderId: a.folderId,
  JoinMethod: a.joinMethod,
  JoinTime: rdTime(a.joinTime),
  ModifyTime: rdTime(a.modifyTime),
  ResourceDirectoryId: a.resourceDirectoryId,
  ...(opts.path ? { ResourceDirectoryPath: `${a.resourceDirectoryId}/${a.folderId}/${a.id}` } : {}),
  Status: a.status,
  Type: a.type,
});

export const AccountIdParam = Type.String({ minLength: 1, maxLength: 64 });
