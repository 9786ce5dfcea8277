import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { Joined, NamePage, RamGroup, RamUser } from '../ports/ram.js';
import { MAX_ITEMS, getRamUser } from './users.js';
import { checkLength, checkPrincipalName, ramAudit, type RamProvenance, type RamScope } from './common.js';

/** RAM groups: policies attached to a group apply to every RAM user in it. */
export async function createRamGroup(ctx: RamScope, name: string, p: RamProvenance, comments?: string | null): Promise<RamGroup> {
  checkPrincipalName('GroupName', name);
  checkLength('Comments', comments, 128);
  const now = ctx.clock.now();
  const group: RamGroup = { id: newId('ram-g', now), accountId: ctx.accountId, name, comments: comments || null, createTime: now, updateTime: now };
  await ctx.store.transaction(async (tx) => {
    await tx.ram.insertGroup(group);
    await ramAudit(tx, ctx, p, 'CreateGroup', 'ram-group', group.id);
  });
  return group;
}

/** UpdateGroup: NewGroupName (free, case-insensitively, in the account) and NewComments (empty clears). */
export async function updateRamGroup(
  ctx: RamScope,
  name: string,
  changes: { name?: string | undefined; comments?: string | undefined },
  p: RamProvenance,
): Promise<RamGroup> {
  if (changes.name !== undefined) checkPrincipalName('NewGroupName', changes.name);
  checkLength('NewComments', changes.comments, 128);
  return ctx.store.transaction(async (tx) => {
    const group = await tx.ram.getGroupByName(ctx.accountId, name);
    if (!group) throw new DomainError('RamGroupNotFound', `The RAM group "${name}" does not exist.`, { field: 'GroupName' });
    const c = {
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.comments !== undefined ? { comments: changes.comments || null } : {}),
      updateTime: ctx.clock.now(),
    };
    await tx.ram.updateGroup(group.id, c);
    await ramAudit(tx, ctx, p, 'UpdateGroup', 'ram-group', group.id);
    return { ...group, ...c };
  });
}

export async function getRamGroup(ctx: RamScope, name: string): Promise<RamGroup> {
  const group = await ctx.store.ram.getGroupByName(ctx.accountId, name);
  if (!group) throw new DomainError('RamGroupNotFound', `The RAM group "${name}" does not exist.`, { field: 'GroupName' });
  return group;
}

export async function listRamGroups(ctx: RamScope, marker: string | undefined, maxItems: number | undefined): Promise<NamePage<RamGroup>> {
  return ctx.store.ram.listGroups(ctx.accountId, marker || undefined, maxItems ?? MAX_ITEMS.default);
}

export async function deleteRamGroup(ctx: RamScope, name: string, p: RamProvenance): Promise<void> {
  const group = await getRamGroup(ctx, name);
  await ctx.store.transaction(async (tx) => {
    if ((await tx.ram.membersOfGroup(group.id)).length > 0) {
      throw new DomainError('RamGroupHasMembers', 'The RAM group still has members; remove them before deleting the group.');
    }
    if ((await tx.ram.policiesOf('group', group.id)).length > 0) {
      throw new DomainError('RamGroupHasPolicies', 'The RAM group still has attached policies; detach them before deleting the group.');
    }
    await tx.ram.deleteGroup(group.id);
    await ramAudit(tx, ctx, p, 'DeleteGroup', 'ram-group', group.id);
  });
}

export async function addRamUserToGroup(ctx: RamScope, groupName: string, userName: string, p: RamProvenance): Promise<void> {
  const group = await getRamGroup(ctx, groupName);
  const user = await getRamUser(ctx, userName);
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.ram.addMember(group.id, user.id, ctx.clock.now()))) {
      throw new DomainError('RamUserAlreadyInGroup', `The RAM user "${user.name}" is already a member of the group "${group.name}".`);
    }
    await ramAudit(tx, ctx, p, 'AddUserToGroup', 'ram-group', group.id);
  });
}

export async function removeRamUserFromGroup(ctx: RamScope, groupName: string, userName: string, p: RamProvenance): Promise<void> {
  const group = await getRamGroup(ctx, groupName);
  const user = await getRamUser(ctx, userName);
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.ram.removeMember(group.id, user.id))) {
      throw new DomainError('RamUserNotInGroup', `The RAM user "${user.name}" is not a member of the group "${group.name}".`);
    }
    await ramAudit(tx, ctx, p, 'RemoveUserFromGroup', 'ram-group', group.id);
  });
}

export async function listRamGroupsForUser(ctx: RamScope, userName: string): Promise<Joined<RamGroup>[]> {
  const user = await getRamUser(ctx, userName);
  return ctx.store.ram.groupsOfUser(user.id);
}

export async function listRamUsersForGroup(ctx: RamScope, groupName: string): Promise<Joined<RamUser>[]> {
  const group = await getRamGroup(ctx, groupName);
  return ctx.store.ram.membersOfGroup(group.id);
}
