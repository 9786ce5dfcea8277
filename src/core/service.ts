import { recordAudit } from './audit.js';
import type { CoreContext } from './context.js';
import { DomainError } from './errors.js';
import type { Status } from './model.js';
import type { DelegateAccount } from './ports/service.js';
import type { Store } from './ports/store.js';
import type { AuditedBy } from './provenance.js';

/**
 * CloudSSO as a service of the management account, and its delegated administrators
 * (cloudsso-access.md §8.1-8.2; docs/decisions/0150-service-and-delegation.md):
 * - The service is the management account's (CLOUDSSO_ACCOUNT_ID). It reads `Enabled` until
 *   DisableService switches it off, as a self-hosted server exists to run CloudSSO.
 * - DisableService is refused while any directory exists; while disabled, CreateDirectory is
 *   refused, and every directory-scoped action already answers EntityNotExists.Directory.
 * - Any other account reads `Disabled` with PrerequisiteCheckResult `Failed`: only the management
 *   account of the Resource Directory may enable CloudSSO.
 * - A delegated administrator is a member account of the Resource Directory, at most one enabled
 *   at a time. While enabled, its principals manage CloudSSO as the management account's do (their
 *   own RAM policies still apply); every other account is refused (docs/decisions/0153).
 */
export const MAX_DELEGATE_ACCOUNTS = 1;

export interface ServiceCaller extends AuditedBy {
  /** The account the request acts in. */
  readonly accountId: string;
}

export interface ServiceStatus {
  readonly accountId: string;
  readonly status: Status;
  /** Only while disabled: whether the account could enable it (`Success`) or not (`Failed`). */
  readonly prerequisiteCheckResult?: 'Success' | 'Failed';
  readonly regionsInUse: readonly string[];
}

function managementOnly(ctx: CoreContext, accountId: string): void {
  if (accountId !== ctx.settings.accountId) {
    throw new DomainError('ManagementAccountOnly', 'Only the management account of the resource directory may call this operation.');
  }
}

/**
 * The accounts whose principals may manage CloudSSO: the management account, and the enabled
 * delegated administrator. Asked before every CloudSSO action but those that answer any account
 * (GetServiceStatus) or check for the management account themselves (the service switch and the
 * delegate actions: a delegate manages CloudSSO, not who else may).
 */
export async function assertCloudSsoAdministrator(ctx: CoreContext, accountId: string): Promise<void> {
  if (accountId === ctx.settings.accountId) return;
  if ((await ctx.store.service.getDelegate(accountId))?.status === 'Enabled') return;
  throw new DomainError(
    'ManagementAccountOnly',
    'Only the management account of the resource directory, or the account it made the delegated administrator of CloudSSO, may manage CloudSSO.',
  );
}

const audit = (tx: Store, ctx: CoreContext, by: AuditedBy, action: string, resourceType: string, resourceId: string) =>
  recordAudit(tx, ctx, by, { directoryId: null, action, resourceType, resourceId });

/** The management account's switch: `Enabled` when never switched. */
async function storedStatus(store: Store, accountId: string): Promise<Status> {
  return (await store.service.getStatus(accountId)) ?? 'Enabled';
}

export async function getServiceStatus(ctx: CoreContext, accountId: string): Promise<ServiceStatus> {
  if (accountId !== ctx.settings.accountId) return { accountId, status: 'Disabled', prerequisiteCheckResult: 'Failed', regionsInUse: [] };
  const status = await storedStatus(ctx.store, accountId);
  const regions = [...new Set((await ctx.store.directories.list()).map((d) => d.region))].sort();
  return { accountId, status, ...(status === 'Disabled' ? { prerequisiteCheckResult: 'Success' as const } : {}), regionsInUse: regions };
}

/** Idempotent: enabling an enabled service succeeds. */
export async function enableService(ctx: CoreContext, caller: ServiceCaller): Promise<void> {
  managementOnly(ctx, caller.accountId);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.service.lock(caller.accountId, 'Enabled', now);
    await tx.service.setStatus(caller.accountId, 'Enabled', now);
    await audit(tx, ctx, caller, 'EnableService', 'service', caller.accountId);
  });
}

/** Refused while any directory exists (the SDK's remarks); idempotent otherwise. */
export async function disableService(ctx: CoreContext, caller: ServiceCaller): Promise<void> {
  managementOnly(ctx, caller.accountId);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.service.lock(caller.accountId, 'Enabled', now);
    const directories = await tx.directories.count();
    if (directories > 0) {
      throw new DomainError('ServiceInUse', `CloudSSO cannot be disabled while ${directories} directory(ies) exist; delete them first.`);
    }
    await tx.service.setStatus(caller.accountId, 'Disabled', now);
    await audit(tx, ctx, caller, 'DisableService', 'service', caller.accountId);
  });
}

/**
 * Inside CreateDirectory's transaction: the service must be enabled. Locks the service row, so a
 * concurrent DisableService waits for the directory and then sees it.
 */
export async function requireServiceEnabled(tx: Store, ctx: CoreContext): Promise<void> {
  const status = await tx.service.lock(ctx.settings.accountId, 'Enabled', ctx.clock.now());
  if (status !== 'Enabled') throw new DomainError('ServiceDisabled', 'CloudSSO is disabled for this account; call EnableService first.');
}

async function memberAccount(store: Store, ctx: CoreContext, accountId: string): Promise<void> {
  if (accountId === ctx.settings.accountId) {
    throw new DomainError('InvalidParameter', 'The management account cannot be its own delegated administrator; give a member account.', {
      field: 'AccountId',
    });
  }
  if (!(await store.accounts.getAccount(accountId))) {
    throw new DomainError('AccountNotFound', 'The account is not a member of the resource directory.', { id: accountId });
  }
}

/** Idempotent for the account already enabled; a second account while one is enabled is refused. */
export async function enableDelegateAccount(ctx: CoreContext, caller: ServiceCaller, accountId: string): Promise<DelegateAccount> {
  managementOnly(ctx, caller.accountId);
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    await tx.service.lock(ctx.settings.accountId, 'Enabled', now);
    await memberAccount(tx, ctx, accountId);
    const others = (await tx.service.listDelegates()).filter((d) => d.status === 'Enabled' && d.accountId !== accountId);
    if (others.length >= MAX_DELEGATE_ACCOUNTS) {
      throw new DomainError(
        'DelegateAccountQuotaExceeded',
        `CloudSSO has at most ${MAX_DELEGATE_ACCOUNTS} delegated administrator account; disable ${others.map((d) => d.accountId).join(', ')} first.`,
      );
    }
    const existing = await tx.service.getDelegate(accountId);
    const d: DelegateAccount = { accountId, status: 'Enabled', createTime: existing?.createTime ?? now, updateTime: now };
    await tx.service.putDelegate(d);
    await audit(tx, ctx, caller, 'EnableDelegateAccount', 'delegate-account', accountId);
    return d;
  });
}

/** Refused for an account that is not an enabled delegated administrator. */
export async function disableDelegateAccount(ctx: CoreContext, caller: ServiceCaller, accountId: string): Promise<void> {
  managementOnly(ctx, caller.accountId);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.service.lock(ctx.settings.accountId, 'Enabled', now);
    const existing = await tx.service.getDelegate(accountId);
    if (existing?.status !== 'Enabled') {
      throw new DomainError('DelegateAccountNotFound', 'The account is not a delegated administrator of CloudSSO.', { id: accountId });
    }
    await tx.service.putDelegate({ ...existing, status: 'Disabled', updateTime: now });
    await audit(tx, ctx, caller, 'DisableDelegateAccount', 'delegate-account', accountId);
  });
}

/** A member account never delegated reads `Disabled`; an account outside the directory is not found. */
export async function getDelegateAccount(ctx: CoreContext, callerAccountId: string, accountId: string): Promise<DelegateAccount> {
  managementOnly(ctx, callerAccountId);
  const existing = await ctx.store.service.getDelegate(accountId);
  if (existing) return existing;
  await memberAccount(ctx.store, ctx, accountId);
  return { accountId, status: 'Disabled', createTime: 0, updateTime: 0 };
}
