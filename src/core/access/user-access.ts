import type { CoreContext } from '../context.js';
import type { AccessAssignment, AccessConfiguration } from '../ports/access.js';
import type { Account } from '../ports/accounts.js';
import type { Store } from '../ports/store.js';
import { loginPreferenceFrom } from '../sign-in/settings.js';
import { mintRoleSession, type AssumedRole } from '../sts.js';
import { reservedNames } from './provisioning.js';

/**
 * What a directory user may reach (cloudsso-access.md §6.7-6.8; docs/decisions/0135): the
 * accounts and access configurations assigned to the user directly or through a group, and STS
 * credentials for the role `AliyunReservedSSO-<AccessConfigurationName>` that provisioning made.
 */
const PAGE = 500;

/** Why no credentials (or token) were given: an error code of the portal API (docs/errors.md), and its HTTP status. */
export class PortalAccessRefused extends Error {
  override readonly name = 'PortalAccessRefused';
  constructor(
    readonly code: string,
    message: string,
    readonly status: 400 | 401 | 403 | 404 = 403,
  ) {
    super(message);
  }
}

/** Every assignment reaching the user (its own and its groups'), read whole: a user has few. */
export async function assignmentsOfUser(store: Store, directoryId: string, userId: string): Promise<AccessAssignment[]> {
  const [, ...groupIds] = await principalIdsOf(store, directoryId, userId);
  const principals: Array<{ type: 'User' | 'Group'; id: string }> = [{ type: 'User', id: userId }, ...groupIds.map((id) => ({ type: 'Group' as const, id }))];
  const out: AccessAssignment[] = [];
  for (const principal of principals) {
    for (let after: AccessAssignment | undefined; ; ) {
      const rows = await store.access.listAssignments(directoryId, { principal }, after, PAGE);
      out.push(...rows);
      if (rows.length < PAGE) break;
      after = rows[rows.length - 1];
    }
  }
  return out;
}

/** The IDs of the user and of every group it belongs to: the principals its assignments name. */
async function principalIdsOf(store: Store, directoryId: string, userId: string): Promise<string[]> {
  const ids = [userId];
  for (let after: string | undefined; ; ) {
    const groups = await store.groups.listGroupsOfUser(directoryId, userId, { after, limit: PAGE });
    for (const g of groups) ids.push(g.group.id);
    if (groups.length < PAGE) break;
    after = groups[groups.length - 1]?.group.id;
  }
  return ids;
}

export interface AccountAccess {
  readonly account: Account;
  /** The configurations assigned to the user on the account, in ID order. */
  readonly configurations: readonly AccessConfiguration[];
}

/** The most accounts one portal page lists. */
export const ACCOUNTS_PAGE_MAX = 100;

/**
 * A page of the accounts the user reaches (in account ID order, after `after`), paged in the
 * database, each with the access configurations assigned to the user on it; `next` is the
 * `after` of the following page when there is one. Accounts deleted since are skipped.
 */
export async function userAccessPage(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  page: { readonly after?: string | undefined; readonly limit: number },
): Promise<{ readonly accounts: AccountAccess[]; readonly next?: string }> {
  const limit = Math.min(Math.max(1, Math.floor(page.limit)), ACCOUNTS_PAGE_MAX);
  const principals = await principalIdsOf(ctx.store, directoryId, userId);
  const targets = await ctx.store.access.listTargetsOfPrincipals(directoryId, principals, page.after, limit + 1);
  const shown = targets.slice(0, limit);
  const assignments = await ctx.store.access.listAssignmentsOfPrincipalsOn(directoryId, principals, shown);
  const configurations = new Map<string, AccessConfiguration | undefined>();
  const accounts: AccountAccess[] = [];
  for (const id of shown) {
    const account = await ctx.store.accounts.getAccount(id);
    if (!account) continue;
    const acIds = [...new Set(assignments.filter((a) => a.targetId === id).map((a) => a.accessConfigurationId))].sort();
    const acs: AccessConfiguration[] = [];
    for (const acId of acIds) {
      if (!configurations.has(acId)) configurations.set(acId, await ctx.store.access.getConfiguration(directoryId, acId));
      const ac = configurations.get(acId);
      if (ac) acs.push(ac);
    }
    accounts.push({ account, configurations: acs });
  }
  const last = shown[shown.length - 1];
  return { accounts, ...(targets.length > limit && last !== undefined ? { next: last } : {}) };
}

/** The accounts the user has at least one assignment on, in account ID order. */
export async function accountsOfUser(ctx: CoreContext, directoryId: string, userId: string): Promise<Account[]> {
  const ids = [...new Set((await assignmentsOfUser(ctx.store, directoryId, userId)).map((a) => a.targetId))].sort();
  const out: Account[] = [];
  for (const id of ids) {
    const account = await ctx.store.accounts.getAccount(id);
    if (account) out.push(account);
  }
  return out;
}

/** The access configurations assigned to the user on the account, in ID order. */
export async function configurationsOfUser(ctx: CoreContext, directoryId: string, userId: string, accountId: string): Promise<AccessConfiguration[]> {
  const ids = [
    ...new Set((await assignmentsOfUser(ctx.store, directoryId, userId)).filter((a) => a.targetId === accountId).map((a) => a.accessConfigurationId)),
  ].sort();
  const out: AccessConfiguration[] = [];
  for (const id of ids) {
    const ac = await ctx.store.access.getConfiguration(directoryId, id);
    if (ac) out.push(ac);
  }
  return out;
}

/** A session name STS accepts (2-64 of `[A-Za-z0-9.@_-]`) from the user name. */
export function sessionNameOf(userName: string): string {
  const name = userName.replace(/[^A-Za-z0-9.@_-]/g, '_').slice(0, 64);
  return name.length >= 2 ? name : `${name}__`.slice(0, 2);
}

export interface UserCredentialRequest {
  readonly directoryId: string;
  readonly userId: string;
  readonly accountId: string;
  readonly accessConfigurationId: string;
  readonly requestId: string;
}

/**
 * STS credentials for `AliyunReservedSSO-<name>` in the account, for the configuration's
 * SessionDuration, named after the user. Refused (DomainError) unless the directory allows users
 * to get credentials, the user exists and is enabled, an assignment reaches the user, and the
 * configuration is provisioned on the account with its role in place.
 */
export async function issueUserCredentials(ctx: CoreContext, r: UserCredentialRequest): Promise<AssumedRole> {
  const settings = await ctx.store.directories.getSettings(r.directoryId);
  if (!loginPreferenceFrom(settings).allowUserToGetCredentials) {
    throw new PortalAccessRefused('Forbidden.CredentialsNotAllowed', 'The directory does not allow users to get access credentials (AllowUserToGetCredentials is off).');
  }
  const user = await ctx.store.users.get(r.directoryId, r.userId);
  if (!user) throw new PortalAccessRefused('Forbidden.UserNotFound', 'The user does not exist.');
  if (user.status !== 'Enabled') throw new PortalAccessRefused('Forbidden.UserDisabled', 'The user is disabled.');
  const assigned = (await assignmentsOfUser(ctx.store, r.directoryId, r.userId)).some(
    (a) => a.targetId === r.accountId && a.accessConfigurationId === r.accessConfigurationId,
  );
  if (!assigned) {
    throw new PortalAccessRefused('Forbidden.NoAccessAssignment', 'The access configuration is not assigned to you on this account.');
  }
  const ac = await ctx.store.access.getConfiguration(r.directoryId, r.accessConfigurationId);
  const provisioning = await ctx.store.access.getProvisioning(r.accessConfigurationId, r.accountId);
  const role = ac && provisioning ? await ctx.store.ram.getRoleByName(r.accountId, reservedNames(r.directoryId, ac.name).roleName) : undefined;
  if (!ac || !provisioning || !role) {
    throw new PortalAccessRefused('Forbidden.NotProvisioned', 'The access configuration is not provisioned on this account yet. Try again once provisioning has finished.');
  }
  return mintRoleSession(
    ctx,
    role,
    {
      sessionName: sessionNameOf(user.userName),
      durationSeconds: ac.sessionDuration,
      policy: null,
      caller: `acs:cloudsso::${r.directoryId}:user/${user.userName}`,
    },
    { actor: { type: 'system', id: 'AliyunServiceRoleForCloudSSO' }, requestId: r.requestId },
    'cloudsso:GetCloudCredential',
  );
}
