import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient } from '../support/clients.js';
import { policyDocument, Ram, ramClient, ramUserWith, rejection, type RamClient } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { TIME } from '../support/wire.js';

/**
 * Issue 9, item 13: every field the RAM SDK's models have for users, groups and memberships is
 * stored and returned (decision 0048), read through @alicloud/ram20150501's typed models.
 */
async function fails(p: Promise<unknown>, code: string, status: number): Promise<void> {
  const e = await rejection(p);
  expect({ code: e.code, status: e.statusCode }).toEqual({ code, status });
}

describe.each(DIALECTS)('RAM user and group fields on %s', (dialect) => {
  let node: TestServer;
  let ram: RamClient;
  beforeAll(async () => {
    node = await startTestServer(dialect);
    ram = ramClient(node.endpoint, node.rootKey);
  });
  afterAll(() => node?.close());

  it('CreateUser keeps Comments, Email and MobilePhone; GetUser, ListUsers and UpdateUser return them', async () => {
    const profile = { displayName: 'Carol C.', email: 'carol@example.com', mobilePhone: '86-18600008888', comments: 'on call' };
    const created = (await ram.createUser(new Ram.CreateUserRequest({ userName: 'carol', ...profile }))).body.user;
    expect(created).toMatchObject({ userName: 'carol', ...profile });
    expect(created.updateDate).toBeUndefined();

    const got = (await ram.getUser(new Ram.GetUserRequest({ userName: 'carol' }))).body.user;
    expect(got).toMatchObject({ userId: created.userId, ...profile, createDate: created.createDate, updateDate: created.createDate });
    expect(got.lastLoginDate).toBeUndefined();
    const listed = (await ram.listUsers(new Ram.ListUsersRequest({}))).body.users.user.find((u: any) => u.userName === 'carol');
    expect(listed).toMatchObject(profile);

    await new Promise((r) => setTimeout(r, 1100));
    const updated = (await ram.updateUser(new Ram.UpdateUserRequest({ userName: 'CAROL', newUserName: 'carol2', newEmail: 'c2@example.com', newComments: '' }))).body.user;
    expect(updated).toMatchObject({ userId: created.userId, userName: 'carol2', email: 'c2@example.com', mobilePhone: profile.mobilePhone, displayName: profile.displayName });
    expect(updated.comments).toBeUndefined();
    expect(updated.updateDate).toMatch(TIME);
    expect(updated.updateDate > created.createDate).toBe(true);
    const again = (await ram.getUser(new Ram.GetUserRequest({ userName: 'carol2' }))).body.user;
    expect(again).toMatchObject({ userName: 'carol2', email: 'c2@example.com', updateDate: updated.updateDate });
    expect(again.comments).toBeUndefined();
    await fails(ram.getUser(new Ram.GetUserRequest({ userName: 'carol' })), 'EntityNotExist.User', 404);

    await ram.createUser(new Ram.CreateUserRequest({ userName: 'dave' }));
    await fails(ram.updateUser(new Ram.UpdateUserRequest({ userName: 'dave', newUserName: 'Carol2' })), 'EntityAlreadyExists.User', 409);
    await fails(ram.updateUser(new Ram.UpdateUserRequest({ userName: 'nobody', newComments: 'x' })), 'EntityNotExist.User', 404);
  });

  it('bad Email, MobilePhone, Comments and names are InvalidParameter.<field>', async () => {
    await fails(ram.createUser(new Ram.CreateUserRequest({ userName: 'e1', email: 'not-an-email' })), 'InvalidParameter.Email', 400);
    await fails(ram.createUser(new Ram.CreateUserRequest({ userName: 'e2', mobilePhone: '18600008888' })), 'InvalidParameter.MobilePhone', 400);
    await fails(ram.createUser(new Ram.CreateUserRequest({ userName: 'e3', comments: 'x'.repeat(129) })), 'InvalidParameter.Comments', 400);
    await fails(ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'g-e', comments: 'x'.repeat(129) })), 'InvalidParameter.Comments', 400);
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'e4' }));
    await fails(ram.updateUser(new Ram.UpdateUserRequest({ userName: 'e4', newEmail: 'a@b' })), 'InvalidParameter.NewEmail', 400);
    await fails(ram.updateUser(new Ram.UpdateUserRequest({ userName: 'e4', newUserName: 'has space' })), 'InvalidParameter.NewUserName', 400);
    for (const name of ['e1', 'e2', 'e3']) await fails(ram.getUser(new Ram.GetUserRequest({ userName: name })), 'EntityNotExist.User', 404);
  });

  it('CreateGroup keeps Comments; GetGroup, ListGroups, UpdateGroup and ListGroupsForUser return it', async () => {
    const created = (await ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'ops', comments: 'operators' }))).body.group;
    expect(created).toMatchObject({ groupName: 'ops', comments: 'operators' });
    expect((await ram.getGroup(new Ram.GetGroupRequest({ groupName: 'OPS' }))).body.group).toMatchObject({ comments: 'operators', updateDate: created.createDate });
    expect((await ram.listGroups(new Ram.ListGroupsRequest({}))).body.groups.group.find((g: any) => g.groupName === 'ops')).toMatchObject({ comments: 'operators' });

    const updated = (await ram.updateGroup(new Ram.UpdateGroupRequest({ groupName: 'ops', newGroupName: 'ops2', newComments: 'on call' }))).body.group;
    expect(updated).toMatchObject({ groupId: created.groupId, groupName: 'ops2', comments: 'on call' });
    expect((await ram.getGroup(new Ram.GetGroupRequest({ groupName: 'ops2' }))).body.group).toMatchObject({ groupName: 'ops2', comments: 'on call' });
    await ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'devs' }));
    await fails(ram.updateGroup(new Ram.UpdateGroupRequest({ groupName: 'devs', newGroupName: 'OPS2' })), 'EntityAlreadyExists.Group', 409);
  });

  it('memberships carry JoinDate both ways', async () => {
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'erin', displayName: 'Erin' }));
    await ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'readers', comments: 'read only' }));
    await ram.addUserToGroup(new Ram.AddUserToGroupRequest({ userName: 'erin', groupName: 'readers' }));
    const users = (await ram.listUsersForGroup(new Ram.ListUsersForGroupRequest({ groupName: 'readers' }))).body.users.user;
    expect(users).toEqual([{ userName: 'erin', displayName: 'Erin', joinDate: expect.stringMatching(TIME) }]);
    const groups = (await ram.listGroupsForUser(new Ram.ListGroupsForUserRequest({ userName: 'erin' }))).body.groups.group;
    expect(groups).toEqual([{ groupId: expect.any(String), groupName: 'readers', comments: 'read only', joinDate: users[0].joinDate }]);
  });

  it('GetUser.LastLoginDate is when one of the user\'s AccessKeys last signed an accepted request', async () => {
    const key = await ramUserWith(ram, 'frank', { 'frank-read': policyDocument({ Effect: 'Allow', Action: 'cloudsso:ListDirectories', Resource: '*' }) });
    expect((await ram.getUser(new Ram.GetUserRequest({ userName: 'frank' }))).body.user.lastLoginDate).toBeUndefined();
    await makeClient('openapi-client ACS3', { endpoint: node.endpoint, key }).call('ListDirectories');
    const user = (await ram.getUser(new Ram.GetUserRequest({ userName: 'frank' }))).body.user;
    expect(user.lastLoginDate).toMatch(TIME);
    expect(user.lastLoginDate >= user.createDate).toBe(true);
    // Not on ListUsers (the SDK's ListUsers model has no LastLoginDate).
    expect((await ram.listUsers(new Ram.ListUsersRequest({}))).body.users.user.find((u: any) => u.userName === 'frank').lastLoginDate).toBeUndefined();
  });
});
