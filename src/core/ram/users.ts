import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { NamePage, RamUser } from '../ports/ram.js';
import { checkLength, checkPrincipalName, ramAudit, type RamProvenance, type RamScope } from './common.js';

/**
 * RAM users: the principals, besides the account's root, that may hold AccessKeys for the
 * management API. Names are unique case-insensitively. As in RAM's DeleteUser, a user is deleted
 * only once it has no AccessKeys, no attached policies and no group memberships.
 */
export async function createRamUser(
  ctx: RamScope,
  input: { name: string; displayName?: string | null },
  p: RamProvenance,
): Promise<RamUser> {
  checkPrincipalName('UserName', input.name);
  checkLength('DisplayName', input.displayName, 128);
  const now = ctx.clock.now();
  const user: RamUser = { id: newId('ram-u', now), accountId: ctx.accountId, name: input.name, displayName: input.displayName || null, createTime: now };
  await ctx.store.transaction(async (tx) => {
    await tx.ram.insertUser(user);
    await ramAudit(tx, ctx, p, 'CreateUser', 'ram-user', user.id);
  });
  return user;
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
