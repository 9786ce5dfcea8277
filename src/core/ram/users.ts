import type { CoreContext } from '../context.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { NamePage, RamUser } from '../ports/ram.js';
import type { Store } from '../ports/store.js';
import { checkContact, checkLength, checkPrincipalName, ramAudit, type RamProvenance, type RamScope } from './common.js';

/**
 * RAM users: the principals, besides the account's root, that may hold AccessKeys for the
 * management API. Names are unique case-insensitively. As in RAM's DeleteUser, a user is deleted
 * only once it has no AccessKeys, no attached policies and no group memberships.
 */
/** What CreateUser and UpdateUser set besides the name (RAM's request models). */
export interface RamUserProfile {
  readonly displayName?: string | null | undefined;
  readonly comments?: string | null | undefined;
  readonly email?: string | null | undefined;
  readonly mobilePhone?: string | null | undefined;
}

function checkProfile(fields: { displayName: string; comments: string; email: string; mobilePhone: string }, p: RamUserProfile): void {
  checkLength(fields.displayName, p.displayName, 128);
  checkLength(fields.comments, p.comments, 128);
  checkContact(fields.email, 'email', p.email);
  checkContact(fields.mobilePhone, 'mobile', p.mobilePhone);
}

export async function createRamUser(ctx: RamScope, input: { name: string } & RamUserProfile, p: RamProvenance): Promise<RamUser> {
  checkPrincipalName('UserName', input.name);
  checkProfile({ displayName: 'DisplayName', comments: 'Comments', email: 'Email', mobilePhone: 'MobilePhone' }, input);
  const now = ctx.clock.now();
  const user: RamUser = {
    id: newId('ram-u', now),
    accountId: ctx.accountId,
    name: input.name,
    displayName: input.displayName || null,
    comments: input.comments || null,
    email: input.email || null,
    mobilePhone: input.mobilePhone || null,
    createTime: now,
    updateTime: now,
    lastLoginTime: null,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.ram.insertUser(user);
    await ramAudit(tx, ctx, p, 'CreateUser', 'ram-user', user.id);
  });
  return user;
}

/**
 * UpdateUser: each `New*` given replaces the field (an empty string clears it; a new name is
 * checked like CreateUser's and must be free, case-insensitively, in the account). Nothing given
 * changes nothing.
 */
export async function updateRamUser(ctx: RamScope, name: string, changes: { name?: string | undefined } & RamUserProfile, p: RamProvenance): Promise<RamUser> {
  if (changes.name !== undefined) checkPrincipalName('NewUserName', changes.name);
  checkProfile({ displayName: 'NewDisplayName', comments: 'NewComments', email: 'NewEmail', mobilePhone: 'NewMobilePhone' }, changes);
  return ctx.store.transaction(async (tx) => {
    const user = await tx.ram.getUserByName(ctx.accountId, name);
    if (!user) throw new DomainError('RamUserNotFound', `The RAM user "${name}" does not exist.`, { field: 'UserName' });
    await tx.ram.lockUser(user.id);
    const set = <K extends keyof RamUserProfile>(k: K) => (changes[k] === undefined ? {} : { [k]: changes[k] || null });
    const c = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...set('displayName'),
      ...set('comments'),
      ...set('email'),
      ...set('mobilePhone'),
      updateTime: ctx.clock.now(),
    };
    await tx.ram.updateUser(user.id, c);
    await ramAudit(tx, ctx, p, 'UpdateUser', 'ram-user', user.id);
    return { ...user, ...c };
  });
}

/** GetUser's LastLoginDate moves at most once a minute (decision 0048). */
const LOGIN_GRANULARITY_MS = 60_000;

/** Past this many users remembered, those whose write is older than the granularity are forgotten. */
const LOGINS_REMEMBERED = 10_000;

/**
 * The time of the last login this process wrote for each RAM user, per store. Within the
 * granularity of that write the store's own condition would write nothing, so no statement is
 * sent: a RAM user's signed calls cost no write round trip but one a minute. Only this process's
 * writes are remembered; a node whose update found the row already fresh (another node wrote)
 * asks again on the next call, as before.
 */
const loginsWritten = new WeakMap<Store, Map<string, number>>();

/**
 * A RAM user's AccessKey signed an accepted request: GetUser's LastLoginDate (decision 0048).
 * User IDs are unique across accounts, so the ID alone names the user of the key's account.
 */
export async function recordRamUserLogin(ctx: CoreContext, userId: string): Promise<void> {
  const now = ctx.clock.now();
  let written = loginsWritten.get(ctx.store);
  const last = written?.get(userId);
  // The store's condition, `last <= now - granularity`, checked here first (a clock that went
  // back writes nothing there either).
  if (last !== undefined && last > now - LOGIN_GRANULARITY_MS) return;
  if (!(await ctx.store.ram.recordLogin(userId, now, LOGIN_GRANULARITY_MS))) return;
  if (!written) loginsWritten.set(ctx.store, (written = new Map()));
  if (written.size >= LOGINS_REMEMBERED) {
    for (const [id, at] of written) if (at <= now - LOGIN_GRANULARITY_MS) written.delete(id);
    if (written.size >= LOGINS_REMEMBERED) written.clear();
  }
  written.set(userId, now);
}

export async function getRamUser(ctx: RamScope, name: string): Promise<RamUser> {
  const user = await ctx.store.ram.getUserByName(ctx.accountId, name);
  if (!user) throw new DomainError('RamUserNotFound', `The RAM user "${name}" does not exist.`, { field: 'UserName' });
  return user;
}

export const MAX_ITEMS = { default: 100, max: 1000 } as const;

export async function listRamUsers(ctx: RamScope, marker: string | undefined, maxItems: number | undefined): Promise<NamePage<RamUser>> {
  return ctx.store.ram.listUsers(ctx.accountId, marker || undefined, maxItems ?? MAX_ITEMS.default);
}

export async function deleteRamUser(ctx: RamScope, name: string, p: RamProvenance): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    const user = await tx.ram.getUserByName(ctx.accountId, name);
    if (!user) throw new DomainError('RamUserNotFound', `The RAM user "${name}" does not exist.`, { field: 'UserName' });
    await tx.ram.lockUser(user.id);
    if ((await tx.accessKeys.listForUser(user.id)).length > 0) {
      throw new DomainError('RamUserHasAccessKeys', 'The RAM user still has AccessKeys; delete them before deleting the user.');
    }
    if ((await tx.ram.policiesOf('user', user.id)).length > 0) {
      throw new DomainError('RamUserHasPolicies', 'The RAM user still has attached policies; detach them before deleting the user.');
    }
    if ((await tx.ram.groupsOfUser(user.id)).length > 0) {
      throw new DomainError('RamUserInGroups', 'The RAM user is still a member of groups; remove it from them before deleting the user.');
    }
    await tx.ram.deleteUser(user.id);
    await ramAudit(tx, ctx, p, 'DeleteUser', 'ram-user', user.id);
  });
}
