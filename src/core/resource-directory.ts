import type { CoreContext } from './context.js';
import { DomainError } from './errors.js';
import { randomBase62, randomDigits } from './ids.js';
import type { Account, ResourceDirectory } from './ports/accounts.js';
import { accountAudit, type RamProvenance } from './ram/common.js';
import { insertRole, newRole } from './ram/roles.js';

/**
 * The Resource Directory (ResourceManager 2020-03-31; docs/decisions/0060): the management account
 * (this server's own, CLOUDSSO_ACCOUNT_ID) enables it once and creates member accounts in it. Each
 * member account has its own RAM namespace, and is created with the role
 * `ResourceDirectoryAccountAccessRole`, trusting the management account and holding
 * AdministratorAccess, as Alibaba creates it: the management account reaches into a member with
 * STS AssumeRole. There are no folders here besides the root folder, and no invited accounts.
 */
export const ACCESS_ROLE_NAME = 'ResourceDirectoryAccountAccessRole';
const DISPLAY_NAME = { min: 2, max: 50 } as const;
const PREFIX = /^[A-Za-z0-9][A-Za-z0-9._-]{1,49}$/;

export interface RdCaller extends RamProvenance {
  /** The account the request acts in. */
  readonly accountId: string;
}

function managementOnly(ctx: CoreContext, caller: RdCaller): void {
  if (caller.accountId !== ctx.settings.accountId) {
    throw new DomainError('ManagementAccountOnly', 'Only the management account of the resource directory may call this operation.');
  }
}

async function directory(ctx: CoreContext): Promise<ResourceDirectory> {
  const rd = await ctx.store.accounts.getDirectory();
  if (!rd) throw new DomainError('ResourceDirectoryNotFound', 'The resource directory is not enabled; call EnableResourceDirectory first.');
  return rd;
}

export async function enableResourceDirectory(ctx: CoreContext, caller: RdCaller, masterAccountName?: string): Promise<ResourceDirectory> {
  managementOnly(ctx, caller);
  if (masterAccountName !== undefined && (masterAccountName.length < DISPLAY_NAME.min || masterAccountName.length > DISPLAY_NAME.max)) {
    throw new DomainError('InvalidParameter', `MAName must be ${DISPLAY_NAME.min} to ${DISPLAY_NAME.max} characters.`, { field: 'MAName' });
  }
  const now = ctx.clock.now();
  const rd: ResourceDirectory = {
    id: `rd-${randomBase62(6)}`,
    masterAccountId: ctx.settings.accountId,
    masterAccountName: masterAccountName ?? `management-${ctx.settings.accountId}`,
    rootFolderId: `r-${randomBase62(6)}`,
    createTime: now,
  };
  await ctx.store.transaction(async (tx) => {
    if (await tx.accounts.getDirectory()) throw new DomainError('ResourceDirectoryExists', 'The resource directory is already enabled.');
    await tx.accounts.insertDirectory(rd);
    // The management account is an account of its own directory, as ListAccounts shows it.
    await tx.accounts.insertAccount({
      id: rd.masterAccountId,
      resourceDirectoryId: rd.id,
      accountName: `${rd.masterAccountName}@${rd.id}.aliyunid.com`,
      displayName: rd.masterAccountName,
      type: 'CloudAccount',
      joinMethod: 'created',
      status: 'CreateSuccess',
      folderId: rd.rootFolderId,
      joinTime: now,
      modifyTime: now,
    });
    await accountAudit(tx, ctx, caller, 'resourcemanager:EnableResourceDirectory', 'resource-directory', rd.id);
  });
  return rd;
}

export async function getResourceDirectory(ctx: CoreContext, caller: RdCaller): Promise<ResourceDirectory> {
  const rd = await directory(ctx);
  // A member account sees the directory it belongs to; an account outside it sees none.
  if (caller.accountId !== rd.masterAccountId && !(await ctx.store.accounts.getAccount(caller.accountId))) {
    throw new DomainError('ResourceDirectoryNotFound', 'The account does not belong to a resource directory.');
  }
  return rd;
}

export interface NewResourceAccount {
  readonly displayName: string;
  readonly accountNamePrefix?: string;
  readonly parentFolderId?: string;
}

export function accessRoleTrustPolicy(managementAccountId: string): string {
  return JSON.stringify({
    Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { RAM: [`acs:ram::${managementAccountId}:root`] } }],
    Version: '1',
  });
}

export async function createResourceAccount(ctx: CoreContext, caller: RdCaller, input: NewResourceAccount): Promise<Account> {
  managementOnly(ctx, caller);
  const rd = await directory(ctx);
  const displayLength = [...input.displayName].length;
  if (displayLength < DISPLAY_NAME.min || displayLength > DISPLAY_NAME.max) {
    throw new DomainError('InvalidParameter', `DisplayName must be ${DISPLAY_NAME.min} to ${DISPLAY_NAME.max} characters.`, { field: 'DisplayName' });
  }
  if (input.accountNamePrefix !== undefined && !PREFIX.test(input.accountNamePrefix)) {
    throw new DomainError(
      'InvalidParameter',
      'AccountNamePrefix must be 2 to 50 characters: letters, digits, ".", "_" and "-", starting with a letter or digit.',
      { field: 'AccountNamePrefix' },
    );
  }
  if (input.parentFolderId !== undefined && input.parentFolderId !== rd.rootFolderId) {
    throw new DomainError('InvalidParameter', `ParentFolderId must be the root folder ${rd.rootFolderId}: this server has no other folders.`, {
      field: 'ParentFolderId',
    });
  }
  const now = ctx.clock.now();
  const id = randomDigits(16);
  const prefix = (input.accountNamePrefix ?? `account-${id}`).toLowerCase();
  const account: Account = {
    id,
    resourceDirectoryId: rd.id,
    accountName: `${prefix}@${rd.id.toLowerCase()}.aliyunid.com`,
    displayName: input.displayName,
    type: 'ResourceAccount',
    joinMethod: 'created',
    status: 'CreateSuccess',
    folderId: rd.rootFolderId,
    joinTime: now,
    modifyTime: now,
  };
  const role = newRole(
    id,
    { name: ACCESS_ROLE_NAME, trustPolicy: accessRoleTrustPolicy(rd.masterAccountId), description: 'Resource Directory Account Access Role' },
    now,
  );
  await ctx.store.transaction(async (tx) => {
    await tx.accounts.insertAccount(account);
    await insertRole(tx, role, ['AdministratorAccess']);
    await accountAudit(tx, ctx, caller, 'resourcemanager:CreateResourceAccount', 'account', id);
  });
  return account;
}

export async function getAccount(ctx: CoreContext, caller: RdCaller, accountId: string): Promise<Account> {
  if (caller.accountId !== accountId) managementOnly(ctx, caller);
  await directory(ctx);
  const account = await ctx.store.accounts.getAccount(accountId);
  if (!account) throw new DomainError('AccountNotFound', `The account "${accountId}" does not exist in the resource directory.`, { field: 'AccountId' });
  return account;
}

export async function listAccounts(
  ctx: CoreContext,
  caller: RdCaller,
  pageNumber: number,
  pageSize: number,
): Promise<{ accounts: Account[]; totalCount: number }> {
  managementOnly(ctx, caller);
  await directory(ctx);
  const [accounts, totalCount] = await Promise.all([
    ctx.store.accounts.listAccounts((pageNumber - 1) * pageSize, pageSize),
    ctx.store.accounts.countAccounts(),
  ]);
  return { accounts, totalCount };
}

export async function updateAccount(
  ctx: CoreContext,
  caller: RdCaller,
  accountId: string,
  changes: { displayName?: string; accountType?: string },
): Promise<Account> {
  managementOnly(ctx, caller);
  const account = await getAccount(ctx, caller, accountId);
  if (changes.displayName !== undefined) {
    const n = [...changes.displayName].length;
    if (n < DISPLAY_NAME.min || n > DISPLAY_NAME.max) {
      throw new DomainError('InvalidParameter', `NewDisplayName must be ${DISPLAY_NAME.min} to ${DISPLAY_NAME.max} characters.`, { field: 'NewDisplayName' });
    }
  }
  if (changes.accountType !== undefined && changes.accountType !== account.type) {
    throw new DomainError('InvalidParameter', 'NewAccountType: changing the type of an account is not supported by this server.', {
      field: 'NewAccountType',
    });
  }
  const updated: Account = { ...account, displayName: changes.displayName ?? account.displayName, modifyTime: ctx.clock.now() };
  await ctx.store.transaction(async (tx) => {
    await tx.accounts.updateAccount(updated);
    await accountAudit(tx, ctx, caller, 'resourcemanager:UpdateAccount', 'account', accountId);
  });
  return updated;
}

/** Deletes a member account at once, with its whole RAM namespace (its STS sessions end with it). */
export async function deleteAccount(ctx: CoreContext, caller: RdCaller, accountId: string): Promise<void> {
  managementOnly(ctx, caller);
  const account = await getAccount(ctx, caller, accountId);
  if (account.id === ctx.settings.accountId) {
    throw new DomainError('AccountNotDeletable', 'The management account cannot be deleted from its resource directory.', { field: 'AccountId' });
  }
  await ctx.store.transaction(async (tx) => {
    await tx.accounts.deleteAccount(account.id);
    await accountAudit(tx, ctx, caller, 'resourcemanager:DeleteAccount', 'account', accountId);
  });
}
