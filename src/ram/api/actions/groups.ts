import { Type } from '@sinclair/typebox';
import {
  addRamUserToGroup,
  createRamGroup,
  deleteRamGroup,
  getRamGroup,
  listRamGroups,
  listRamGroupsForUser,
  listRamUsersForGroup,
  removeRamUserFromGroup,
} from '../../../core/ram-groups.js';
import { defineRamAction } from '../error-map.js';
import { GroupNameParam, MarkerParam, MaxItemsParam, RamGroupSchema, toWireRamGroup, truncation, UserNameParam } from '../wire.js';
import { by } from './provenance.js';

/**
 * RAM groups and membership (RAM API: CreateGroup, GetGroup, ListGroups, DeleteGroup,
 * AddUserToGroup, RemoveUserFromGroup, ListGroupsForUser, ListUsersForGroup).
 */
export const createGroup = defineRamAction({
  name: 'CreateGroup',
  params: Type.Object({ GroupName: GroupNameParam }),
  response: Type.Object({ Group: RamGroupSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`group/${p.GroupName}`)] },
  async handler(ctx, p) {
    return { Group: toWireRamGroup(await createRamGroup(ctx.core, p.GroupName, by(ctx)), false) };
  },
});

export const getGroup = defineRamAction({
  name: 'GetGroup',
  params: Type.Object({ GroupName: GroupNameParam }),
  response: Type.Object({ Group: RamGroupSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`group/${p.GroupName}`)] },
  async handler(ctx, p) {
    return { Group: toWireRamGroup(await getRamGroup(ctx.core, p.GroupName)) };
  },
});

export const listGroups = defineRamAction({
  name: 'ListGroups',
  params: Type.Object({ Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    Groups: Type.Object({ Group: Type.Array(RamGroupSchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('group/*')] },
  async handler(ctx, p) {
    const page = await listRamGroups(ctx.core, p.Marker, p.MaxItems);
    return { ...truncation(page, (g) => g.name), Groups: { Group: page.items.map((g) => toWireRamGroup(g)) } };
  },
});

export const deleteGroup = defineRamAction({
  name: 'DeleteGroup',
  params: Type.Object({ GroupName: GroupNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`group/${p.GroupName}`)] },
  async handler(ctx, p) {
    await deleteRamGroup(ctx.core, p.GroupName, by(ctx));
    return {};
  },
});

export const addUserToGroup = defineRamAction({
  name: 'AddUserToGroup',
  params: Type.Object({ GroupName: GroupNameParam, UserName: UserNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`group/${p.GroupName}`), arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await addRamUserToGroup(ctx.core, p.GroupName, p.UserName, by(ctx));
    return {};
  },
});

export const removeUserFromGroup = defineRamAction({
  name: 'RemoveUserFromGroup',
  params: Type.Object({ GroupName: GroupNameParam, UserName: UserNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`group/${p.GroupName}`), arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await removeRamUserFromGroup(ctx.core, p.GroupName, p.UserName, by(ctx));
    return {};
  },
});

export const listGroupsForUser = defineRamAction({
  name: 'ListGroupsForUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({ Groups: Type.Object({ Group: Type.Array(Type.Object({ GroupId: Type.String(), GroupName: Type.String() })) }) }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    const groups = await listRamGroupsForUser(ctx.core, p.UserName);
    return { Groups: { Group: groups.map((g) => ({ GroupId: g.id, GroupName: g.name })) } };
  },
});

export const listUsersForGroup = defineRamAction({
  name: 'ListUsersForGroup',
  params: Type.Object({ GroupName: GroupNameParam, Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Users: Type.Object({ User: Type.Array(Type.Object({ UserName: Type.String(), DisplayName: Type.Optional(Type.String()) })) }),
  }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`group/${p.GroupName}`)] },
  async handler(ctx, p) {
    // Group membership here is small (RAM caps it); the whole list is one page.
    const users = await listRamUsersForGroup(ctx.core, p.GroupName);
    return { IsTruncated: false, Users: { User: users.map((u) => ({ UserName: u.name, ...(u.displayName ? { DisplayName: u.displayName } : {}) })) } };
  },
});
