import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient } from '../support/clients.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { TIME } from '../support/wire.js';
import { policyDocument, Ram, ramClient, rejection, type RamClient } from '../support/ram.js';

/**
 * The RAM API subset (ram 2015-05-01) through the typed SDK @alicloud/ram20150501: response
 * shapes as its models read them, RAM's error codes, and RAM's deletion prerequisites.
 */
async function fails(p: Promise<unknown>, code: string, status: number): Promise<any> {
  const e = await rejection(p);
  expect({ code: e.code, status: e.statusCode }).toEqual({ code, status });
  return e;
}

const ALLOW_ALL = policyDocument({ Effect: 'Allow', Action: 'cloudsso:Get*', Resource: '*' });

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let ram: RamClient;
  beforeAll(async () => {
    node = await startTestServer(dialect);
    ram = ramClient(node.endpoint, node.rootKey);
  });
  afterAll(() => node?.close());

  it('users: create, get, list with Marker paging, names unique case-insensitively', async () => {
    const created = (await ram.createUser(new Ram.CreateUserRequest({ userName: 'alice', displayName: 'Alice A.' }))).body;
    expect(created.requestId).toMatch(/^[0-9A-F-]{36}$/);
    expect(created.user).toMatchObject({ userName: 'alice', displayName: 'Alice A.' });
    expect(created.user.userId).toMatch(/^ram-u-[0-9a-z]{20}$/);
    expect(created.user.createDate).toMatch(TIME);
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'bob' }));
    await fails(ram.createUser(new Ram.CreateUserRequest({ userName: 'ALICE' })), 'EntityAlreadyExists.User', 409);
    await fails(ram.createUser(new Ram.CreateUserRequest({ userName: 'has space' })), 'InvalidParameter.UserName', 400);

    const got = (await ram.getUser(new Ram.GetUserRequest({ userName: 'Alice' }))).body.user;
    expect(got).toMatchObject({ userId: created.user.userId, userName: 'alice', createDate: created.user.createDate, updateDate: created.user.createDate });
    await fails(ram.getUser(new Ram.GetUserRequest({ userName: 'nobody' })), 'EntityNotExist.User', 404);

    const page1 = (await ram.listUsers(new Ram.ListUsersRequest({ maxItems: 1 }))).body;
    expect(page1.isTruncated).toBe(true);
    expect(page1.users.user.map((u: any) => u.userName)).toEqual(['alice']);
    const page2 = (await ram.listUsers(new Ram.ListUsersRequest({ maxItems: 1, marker: page1.marker }))).body;
    expect(page2.isTruncated).toBe(false);
    expect(page2.users.user.map((u: any) => u.userName)).toEqual(['bob']);

    // The raw body is exactly RAM's shape (pop-core returns it as sent).
    const raw = await makeClient('pop-core POST', { endpoint: node.endpoint, key: node.rootKey, version: '2015-05-01' }).call('ListUsers');
    expect(Object.keys(raw).sort()).toEqual(['IsTruncated', 'RequestId', 'Users']);
    expect(Object.keys(raw.Users)).toEqual(['User']);
  });

  it('AccessKeys: at most two, the secret only in the create response, Active/Inactive, and DeleteUser refused while any exist', async () => {
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'ci' }));
    const k1 = (await ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'ci' }))).body.accessKey;
    expect(k1.accessKeyId).toMatch(/^LTAI[A-Za-z0-9]{20}$/);
    expect(k1.accessKeySecret).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(k1).toMatchObject({ status: 'Active' });
    expect(k1.createDate).toMatch(TIME);
    const k2 = (await ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'ci' }))).body.accessKey;
    await fails(ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'ci' })), 'LimitExceeded.User.AccessKey', 409);

    const listed = await ram.listAccessKeys(new Ram.ListAccessKeysRequest({ userName: 'ci' }));
    expect(listed.body.accessKeys.accessKey.map((k: any) => k.accessKeyId).sort()).toEqual([k1.accessKeyId, k2.accessKeyId].sort());
    expect(JSON.stringify(listed.body)).not.toContain(k1.accessKeySecret);

    await ram.updateAccessKey(new Ram.UpdateAccessKeyRequest({ userName: 'ci', userAccessKeyId: k1.accessKeyId, status: 'Inactive' }));
    const after = (await ram.listAccessKeys(new Ram.ListAccessKeysRequest({ userName: 'ci' }))).body.accessKeys.accessKey;
    expect(after.find((k: any) => k.accessKeyId === k1.accessKeyId).status).toBe('Inactive');
    await fails(ram.updateAccessKey(new Ram.UpdateAccessKeyRequest({ userName: 'ci', userAccessKeyId: k1.accessKeyId, status: 'Disabled' })), 'InvalidParameter.Status', 400);
    await fails(ram.updateAccessKey(new Ram.UpdateAccessKeyRequest({ userName: 'ci', userAccessKeyId: node.rootKey.id, status: 'Inactive' })), 'EntityNotExist.User.AccessKey', 404);

    await fails(ram.deleteUser(new Ram.DeleteUserRequest({ userName: 'ci' })), 'DeleteConflict.User.AccessKey', 409);
    await ram.deleteAccessKey(new Ram.DeleteAccessKeyRequest({ userName: 'ci', userAccessKeyId: k1.accessKeyId }));
    await ram.deleteAccessKey(new Ram.DeleteAccessKeyRequest({ userName: 'ci', userAccessKeyId: k2.accessKeyId }));
    await ram.deleteUser(new Ram.DeleteUserRequest({ userName: 'ci' }));
    await fails(ram.getUser(new Ram.GetUserRequest({ userName: 'ci' })), 'EntityNotExist.User', 404);
  });

  it('policies: documents validated with a precise reason, attachments, and deletion prerequisites on both sides', async () => {
    const bad = await fails(
      ram.createPolicy(
        new Ram.CreatePolicyRequest({
          policyName: 'bad',
          policyDocument: policyDocument({ Effect: 'Allow', Action: 'cloudsso:*', Resource: '*', Condition: { IpAddres: { 'acs:SourceIp': '10.0.0.0/8' } } }),
        }),
      ),
      'InvalidParameter.PolicyDocument',
      400,
    );
    expect(bad.message).toContain('Statement[0].Condition');
    expect(bad.message).toContain('IpAddres');
    const long = await fails(
      ram.createPolicy(new Ram.CreatePolicyRequest({ policyName: 'long', policyDocument: `${ALLOW_ALL}${' '.repeat(6145 - ALLOW_ALL.length)}` })),
      'InvalidParameter.PolicyDocument',
      400,
    );
    expect(long.message).toContain('6,144');
    const arn = await fails(
      ram.createPolicy(new Ram.CreatePolicyRequest({ policyName: 'arn', policyDocument: policyDocument({ Effect: 'Allow', Action: 'cloudsso:*', Resource: 'acs:cloudsso' }) })),
      'InvalidParameter.PolicyDocument',
      400,
    );
    expect(arn.message).toContain('Statement[0].Resource');

    const created = (await ram.createPolicy(new Ram.CreatePolicyRequest({ policyName: 'readers', policyDocument: ALLOW_ALL, description: 'Read directories' }))).body.policy;
    expect(created).toMatchObject({ policyName: 'readers', policyType: 'Custom', description: 'Read directories', defaultVersion: 'v1' });
    expect(created.createDate).toMatch(TIME);
    await fails(ram.createPolicy(new Ram.CreatePolicyRequest({ policyName: 'readers', policyDocument: ALLOW_ALL })), 'EntityAlreadyExists.Policy', 409);

    await ram.createUser(new Ram.CreateUserRequest({ userName: 'carol' }));
    await ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'readers-group' }));
    await ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'readers', userName: 'carol' }));
    await fails(ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'readers', userName: 'carol' })), 'EntityAlreadyExists.User.Policy', 409);
    await ram.attachPolicyToGroup(new Ram.AttachPolicyToGroupRequest({ policyType: 'Custom', policyName: 'readers', groupName: 'readers-group' }));
    await fails(ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'nope', userName: 'carol' })), 'EntityNotExist.Policy', 404);
    await fails(ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'readers', userName: 'carol' })), 'EntityNotExist.Policy', 404);

    const got = (await ram.getPolicy(new Ram.GetPolicyRequest({ policyName: 'readers', policyType: 'Custom' }))).body;
    expect(got.policy).toMatchObject({ policyName: 'readers', attachmentCount: 2, policyDocument: ALLOW_ALL });
    expect(got.defaultPolicyVersion).toMatchObject({ versionId: 'v1', isDefaultVersion: true, policyDocument: ALLOW_ALL });
    const listed = (await ram.listPolicies(new Ram.ListPoliciesRequest({ policyType: 'Custom' }))).body;
    expect(listed.policies.policy.map((p: any) => [p.policyName, p.attachmentCount])).toEqual([['readers', 2]]);
    const forUser = (await ram.listPoliciesForUser(new Ram.ListPoliciesForUserRequest({ userName: 'carol' }))).body.policies.policy;
    expect(forUser).toEqual([expect.objectContaining({ policyName: 'readers', policyType: 'Custom', defaultVersion: 'v1' })]);
    expect(forUser[0].attachDate).toMatch(TIME);
    const entities = (await ram.listEntitiesForPolicy(new Ram.ListEntitiesForPolicyRequest({ policyName: 'readers', policyType: 'Custom' }))).body;
    expect(entities.users.user.map((u: any) => u.userName)).toEqual(['carol']);
    expect(entities.groups.group.map((g: any) => g.groupName)).toEqual(['readers-group']);

    await fails(ram.deletePolicy(new Ram.DeletePolicyRequest({ policyName: 'readers' })), 'DeleteConflict.Policy.User', 409);
    await fails(ram.deleteUser(new Ram.DeleteUserRequest({ userName: 'carol' })), 'DeleteConflict.User.Policy', 409);
    await ram.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName: 'readers', userName: 'carol' }));
    await fails(ram.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName: 'readers', userName: 'carol' })), 'EntityNotExist.User.Policy', 404);
    await fails(ram.deletePolicy(new Ram.DeletePolicyRequest({ policyName: 'readers' })), 'DeleteConflict.Policy.Group', 409);
    await fails(ram.deleteGroup(new Ram.DeleteGroupRequest({ groupName: 'readers-group' })), 'DeleteConflict.Group.Policy', 409);
    await ram.deletePolicy(new Ram.DeletePolicyRequest({ policyName: 'readers', cascadingDelete: true }));
    await fails(ram.getPolicy(new Ram.GetPolicyRequest({ policyName: 'readers' })), 'EntityNotExist.Policy', 404);
    await ram.deleteGroup(new Ram.DeleteGroupRequest({ groupName: 'readers-group' }));
    await ram.deleteUser(new Ram.DeleteUserRequest({ userName: 'carol' }));
  });

  it('groups and membership: RAM codes for duplicates and for deleting a non-empty group or a member user', async () => {
    const group = (await ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'ops' }))).body.group;
    expect(group.groupId).toMatch(/^ram-g-[0-9a-z]{20}$/);
    expect(group.createDate).toMatch(TIME);
    await fails(ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'OPS' })), 'EntityAlreadyExists.Group', 409);
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'dave' }));
    await ram.addUserToGroup(new Ram.AddUserToGroupRequest({ groupName: 'ops', userName: 'dave' }));
    await fails(ram.addUserToGroup(new Ram.AddUserToGroupRequest({ groupName: 'ops', userName: 'dave' })), 'EntityAlreadyExists.User.Group', 409);
    await fails(ram.addUserToGroup(new Ram.AddUserToGroupRequest({ groupName: 'nope', userName: 'dave' })), 'EntityNotExist.Group', 404);

    expect((await ram.getGroup(new Ram.GetGroupRequest({ groupName: 'ops' }))).body.group).toMatchObject({ groupId: group.groupId, groupName: 'ops' });
    expect((await ram.listGroups(new Ram.ListGroupsRequest({}))).body.groups.group.map((g: any) => g.groupName)).toEqual(['ops']);
    expect((await ram.listGroupsForUser(new Ram.ListGroupsForUserRequest({ userName: 'dave' }))).body.groups.group).toEqual([
      { groupId: group.groupId, groupName: 'ops', joinDate: expect.stringMatching(TIME) },
    ]);
    expect((await ram.listUsersForGroup(new Ram.ListUsersForGroupRequest({ groupName: 'ops' }))).body.users.user.map((u: any) => u.userName)).toEqual(['dave']);

    await fails(ram.deleteUser(new Ram.DeleteUserRequest({ userName: 'dave' })), 'DeleteConflict.User.Group', 409);
    await fails(ram.deleteGroup(new Ram.DeleteGroupRequest({ groupName: 'ops' })), 'DeleteConflict.Group.User', 409);
    await ram.removeUserFromGroup(new Ram.RemoveUserFromGroupRequest({ groupName: 'ops', userName: 'dave' }));
    await fails(ram.removeUserFromGroup(new Ram.RemoveUserFromGroupRequest({ groupName: 'ops', userName: 'dave' })), 'EntityNotExist.User.Group', 404);
    await ram.deleteGroup(new Ram.DeleteGroupRequest({ groupName: 'ops' }));
    await ram.deleteUser(new Ram.DeleteUserRequest({ userName: 'dave' }));
  });

  it('the CloudSSO API is unchanged beside it: the same action name resolves per Version', async () => {
    const cloudsso = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    const d = (await cloudsso.call('CreateDirectory', { DirectoryName: 'beside-ram' })).Directory;
    const u = await cloudsso.call('CreateUser', { DirectoryId: d.DirectoryId, UserName: 'same-name' });
    expect(u.User.UserId).toMatch(/^u-/);
    const r = await ram.createUser(new Ram.CreateUserRequest({ userName: 'same-name' }));
    expect(r.body.user.userId).toMatch(/^ram-u-/);
    const other = makeClient('pop-core POST', { endpoint: node.endpoint, key: node.rootKey, version: '2017-01-01' });
    const f = await other.fail('CreateUser', { UserName: 'x' });
    expect(f.code).toBe('InvalidVersion');
    expect(f.body.Message).toContain('2015-05-01 (ram)');
  });
});
