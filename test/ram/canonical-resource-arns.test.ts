import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM } from '../../src/core/provenance.js';
import { inAccount } from '../../src/core/ram/common.js';
import { createSamlProvider } from '../../src/core/ram/saml-providers.js';
import { PRODUCTS } from '../../src/products/index.js';
import { makeClient, type ApiClient } from '../support/clients.js';
import { coreOf } from '../support/management.js';
import { ARN, policyDocument, Ram, ramClient, ramUserWith, rejection, type RamClient } from '../support/ram.js';
import { DIALECTS, type AccessKeyPair, startTestServer, type TestServer } from '../support/server.js';

/**
 * Issue 9, item 1: a Deny on a named RAM user or group holds whatever case or width the caller
 * spells the name in. The store finds `ADMIN` and fullwidth `ａｄｍｉｎ` as `admin`, so the
 * resource ARN must carry the stored name (docs/decisions/0040-canonical-resource-arns.md).
 */
const RAM_ARN = (relative: string) => `acs:ram::1234567890123456:${relative}`;
const SPELLINGS_OF_ADMIN = ['ADMIN', 'Admin', 'ａｄｍｉｎ', 'ＡＤＭＩＮ'];
const SPELLINGS_OF_ADMINS = ['ADMINS', 'Admins', 'ａｄｍｉｎｓ'];

function decodeResources(e: any): string[] {
  return JSON.parse(Buffer.from(e.accessDeniedDetail.EncodedDiagnosticMessage, 'base64').toString('utf8')).AuthResources;
}

async function expectNoPermission(p: Promise<unknown>, resources: string[]): Promise<void> {
  const e = await rejection(p);
  expect({ code: e.code, status: e.statusCode, type: e.accessDeniedDetail?.NoPermissionType }).toEqual({
    code: 'NoPermission',
    status: 403,
    type: 'ExplicitDeny',
  });
  expect(decodeResources(e)).toEqual(resources);
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let root: RamClient;
  let attacker: RamClient;
  let attackerKey: AccessKeyPair;

  beforeAll(async () => {
    node = await startTestServer(dialect);
    root = ramClient(node.endpoint, node.rootKey);
    await root.createUser(new Ram.CreateUserRequest({ userName: 'admin' }));
    await root.createGroup(new Ram.CreateGroupRequest({ groupName: 'admins' }));
    await root.createUser(new Ram.CreateUserRequest({ userName: 'Mixed.Case' }));
    await root.createPolicy(new Ram.CreatePolicyRequest({ policyName: 'admin-only', policyDocument: policyDocument({ Effect: 'Allow', Action: '*', Resource: '*' }) }));
    attackerKey = await ramUserWith(root, 'attacker', {
      'ram-all-but-admin': policyDocument(
        { Effect: 'Allow', Action: 'ram:*', Resource: '*' },
        {
          Effect: 'Deny',
          Action: 'ram:*',
          Resource: [RAM_ARN('user/admin'), RAM_ARN('group/admins'), RAM_ARN('user/ghost'), RAM_ARN('user/Mixed.Case')],
        },
      ),
    });
    attacker = ramClient(node.endpoint, attackerKey);
  });
  afterAll(() => node?.close());

  it('CreateAccessKey for the denied user is refused in every case and width (the issue 9 reproduction)', async () => {
    for (const userName of ['admin', ...SPELLINGS_OF_ADMIN]) {
      await expectNoPermission(attacker.createAccessKey(new Ram.CreateAccessKeyRequest({ userName })), [RAM_ARN('user/admin')]);
    }
    // No key was made for admin.
    const keys = await root.listAccessKeys(new Ram.ListAccessKeysRequest({ userName: 'admin' }));
    expect(keys.body.accessKeys.accessKey).toEqual([]);
  });

  it('AddUserToGroup into the denied group is refused in every spelling of the group', async () => {
    for (const groupName of ['admins', ...SPELLINGS_OF_ADMINS]) {
      await expectNoPermission(attacker.addUserToGroup(new Ram.AddUserToGroupRequest({ groupName, userName: 'attacker' })), [
        RAM_ARN('group/admins'),
        RAM_ARN('user/attacker'),
      ]);
    }
    const groups = await root.listGroupsForUser(new Ram.ListGroupsForUserRequest({ userName: 'attacker' }));
    expect(groups.body.groups.group).toEqual([]);
  });

  it('every other RAM action naming the denied user or group is refused in every spelling', async () => {
    for (const userName of SPELLINGS_OF_ADMIN) {
      const user = [RAM_ARN('user/admin')];
      await expectNoPermission(attacker.getUser(new Ram.GetUserRequest({ userName })), user);
      await expectNoPermission(attacker.listAccessKeys(new Ram.ListAccessKeysRequest({ userName })), user);
      await expectNoPermission(attacker.listGroupsForUser(new Ram.ListGroupsForUserRequest({ userName })), user);
      await expectNoPermission(attacker.listPoliciesForUser(new Ram.ListPoliciesForUserRequest({ userName })), user);
      await expectNoPermission(attacker.deleteUser(new Ram.DeleteUserRequest({ userName })), user);
      await expectNoPermission(attacker.createUser(new Ram.CreateUserRequest({ userName })), user);
      await expectNoPermission(
        attacker.updateAccessKey(new Ram.UpdateAccessKeyRequest({ userName, userAccessKeyId: 'LTAIx', status: 'Inactive' })),
        user,
      );
      await expectNoPermission(attacker.deleteAccessKey(new Ram.DeleteAccessKeyRequest({ userName, userAccessKeyId: 'LTAIx' })), user);
      await expectNoPermission(
        attacker.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'admin-only', userName })),
        [RAM_ARN('policy/admin-only'), ...user],
      );
      await expectNoPermission(
        attacker.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName: 'admin-only', userName })),
        [RAM_ARN('policy/admin-only'), ...user],
      );
      await expectNoPermission(attacker.addUserToGroup(new Ram.AddUserToGroupRequest({ groupName: 'nobody', userName })), [
        RAM_ARN('group/nobody'),
        ...user,
      ]);
    }
    for (const groupName of SPELLINGS_OF_ADMINS) {
      const group = [RAM_ARN('group/admins')];
      await expectNoPermission(attacker.getGroup(new Ram.GetGroupRequest({ groupName })), group);
      await expectNoPermission(attacker.listUsersForGroup(new Ram.ListUsersForGroupRequest({ groupName })), group);
      await expectNoPermission(attacker.listPoliciesForGroup(new Ram.ListPoliciesForGroupRequest({ groupName })), group);
      await expectNoPermission(attacker.deleteGroup(new Ram.DeleteGroupRequest({ groupName })), group);
      await expectNoPermission(attacker.createGroup(new Ram.CreateGroupRequest({ groupName })), group);
      await expectNoPermission(
        attacker.attachPolicyToGroup(new Ram.AttachPolicyToGroupRequest({ policyType: 'Custom', policyName: 'admin-only', groupName })),
        [RAM_ARN('policy/admin-only'), ...group],
      );
      await expectNoPermission(
        attacker.detachPolicyFromGroup(new Ram.DetachPolicyFromGroupRequest({ policyType: 'Custom', policyName: 'admin-only', groupName })),
        [RAM_ARN('policy/admin-only'), ...group],
      );
      await expectNoPermission(attacker.removeUserFromGroup(new Ram.RemoveUserFromGroupRequest({ groupName, userName: 'attacker' })), [
        ...group,
        RAM_ARN('user/attacker'),
      ]);
    }
    // Nothing changed: admin has no policy, admins no member.
    expect((await root.listPoliciesForUser(new Ram.ListPoliciesForUserRequest({ userName: 'admin' }))).body.policies.policy).toEqual([]);
    expect((await root.listUsersForGroup(new Ram.ListUsersForGroupRequest({ groupName: 'admins' }))).body.users.user).toEqual([]);
  });

  it('a stored mixed-case name is the ARN whatever the spelling; a name nobody has is folded, so a Deny on it holds before it exists', async () => {
    for (const userName of ['mixed.case', 'MIXED.CASE', 'ｍｉｘｅｄ.ｃａｓｅ']) {
      await expectNoPermission(attacker.createAccessKey(new Ram.CreateAccessKeyRequest({ userName })), [RAM_ARN('user/Mixed.Case')]);
    }
    for (const userName of ['ghost', 'GHOST', 'Ｇｈｏｓｔ']) {
      await expectNoPermission(attacker.createUser(new Ram.CreateUserRequest({ userName })), [RAM_ARN('user/ghost')]);
      // Denied, not "does not exist": the 404 behind the Deny is not revealed.
      await expectNoPermission(attacker.getUser(new Ram.GetUserRequest({ userName })), [RAM_ARN('user/ghost')]);
    }
    const users = await root.listUsers(new Ram.ListUsersRequest({}));
    expect(users.body.users.user.map((u: any) => u.userName)).not.toContain('GHOST');
  });

  it('audit: every action of every product that takes a UserName or GroupName puts the stored spelling in its ARNs', async () => {
    // The resources are built in the caller's account: here the management account's root.
    const core = inAccount(coreOf(node), coreOf(node).settings.accountId);
    let audited = 0;
    for (const product of PRODUCTS) {
      const arn = product.arn(core.settings);
      for (const action of product.actions.values()) {
        const props = Object.keys((action.params as { properties: Record<string, unknown> }).properties);
        const named = props.filter((k) => k === 'UserName' || k === 'GroupName');
        if (named.length === 0) continue;
        if (product.code !== 'ram') {
          // CloudSSO's UserName/GroupName are new entities' names: their actions act on directory/<id>/user/*.
          const resources = await action.ram.resources({ DirectoryId: 'd-x', UserName: 'ADMIN', GroupName: 'ADMINS' }, arn, core);
          expect(resources.every((r: string) => r.endsWith('/*'))).toBe(true);
          continue;
        }
        const params = {
          UserName: 'ＡＤＭＩＮ',
          GroupName: 'ADMINS',
          NewUserName: 'Ａdmin',
          NewGroupName: 'aDMINS',
          PolicyName: 'p',
          UserAccessKeyId: 'k',
          Status: 'Active',
        };
        const resources: readonly string[] = await action.ram.resources(params, arn, core);
        if (props.includes('UserName')) expect({ action: action.name, resources }).toEqual({ action: action.name, resources: expect.arrayContaining([RAM_ARN('user/admin')]) });
        if (props.includes('GroupName')) expect({ action: action.name, resources }).toEqual({ action: action.name, resources: expect.arrayContaining([RAM_ARN('group/admins')]) });
        for (const r of resources) expect(r).not.toMatch(/ADMIN|ａ|Ａ/);
        audited++;
      }
    }
    expect(audited).toBeGreaterThanOrEqual(20);
  });

  it('a rename onto a denied name is refused in every spelling (UpdateUser NewUserName, UpdateGroup NewGroupName)', async () => {
    await root.createUser(new Ram.CreateUserRequest({ userName: 'renamable' }));
    await root.createGroup(new Ram.CreateGroupRequest({ groupName: 'renamables' }));
    for (const newUserName of ['GHOST', 'Ｇhost']) {
      await expectNoPermission(attacker.updateUser(new Ram.UpdateUserRequest({ userName: 'renamable', newUserName })), [
        RAM_ARN('user/renamable'),
        RAM_ARN('user/ghost'),
      ]);
    }
    await expectNoPermission(attacker.updateGroup(new Ram.UpdateGroupRequest({ groupName: 'renamables', newGroupName: 'ADMINS' })), [
      RAM_ARN('group/renamables'),
      RAM_ARN('group/admins'),
    ]);
    expect((await root.getUser(new Ram.GetUserRequest({ userName: 'renamable' }))).body.user.userName).toBe('renamable');
  });

  it('audit: every RAM action taking a RoleName or SAMLProviderName puts the stored spelling in its ARNs, looked up in the caller\'s account', async () => {
    const ctx = coreOf(node);
    const mine = inAccount(ctx, ctx.settings.accountId);
    const trust = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ctx.settings.accountId}:root`] } }] });
    await root.createRole(new Ram.CreateRoleRequest({ roleName: 'Mixed.Role', assumeRolePolicyDocument: trust }));
    const metadata = Buffer.from('<?xml version="1.0"?><EntityDescriptor entityID="https://idp.example.com"/>').toString('base64');
    await createSamlProvider(mine, { name: 'Mixed-IdP', metadata }, SYSTEM);
    const ram = PRODUCTS.find((p) => p.code === 'ram')!;
    let audited = 0;
    for (const action of ram.actions.values()) {
      const props = Object.keys((action.params as { properties: Record<string, unknown> }).properties);
      if (!props.includes('RoleName') && !props.includes('SAMLProviderName')) continue;
      const params = { RoleName: 'ＭＩＸＥＤ.ROLE', SAMLProviderName: 'MIXED-IDP', PolicyName: 'p', AssumeRolePolicyDocument: trust, EncodedSAMLMetadataDocument: metadata };
      // A role's ARN is the lower-case form RAM shows (GetRole Arn; docs/decisions/0085).
      const expected = props.includes('RoleName') ? RAM_ARN('role/mixed.role') : RAM_ARN('saml-provider/Mixed-IdP');
      const resources: readonly string[] = await action.ram.resources(params, ram.arn(ctx.settings), mine);
      expect({ action: action.name, resources }).toEqual({ action: action.name, resources: expect.arrayContaining([expected]) });
      // Another account has no such role or provider: there the name is only its folded key.
      const theirs: readonly string[] = await action.ram.resources(params, ram.arn({ ...ctx.settings, accountId: '5555555555555555' }), inAccount(ctx, '5555555555555555'));
      expect(theirs.some((r) => r.includes('Mixed'))).toBe(false);
      // A role's lower-case ARN is the same there, in that account.
      if (props.includes('RoleName')) expect(theirs).toContain('acs:ram::5555555555555555:role/mixed.role');
      audited++;
    }
    expect(audited).toBeGreaterThanOrEqual(9);
  });

  it('what is not denied still works under any spelling, and acts on the stored entity', async () => {
    await root.createUser(new Ram.CreateUserRequest({ userName: 'helper' }));
    const made = await attacker.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'ＨＥＬＰＥＲ' }));
    expect(made.body.accessKey.accessKeyId).toMatch(/^LTAI/);
    const keys = await root.listAccessKeys(new Ram.ListAccessKeysRequest({ userName: 'helper' }));
    expect(keys.body.accessKeys.accessKey.map((k: any) => k.accessKeyId)).toEqual([made.body.accessKey.accessKeyId]);
  });
});

/**
 * The sibling on CloudSSO: its resources are IDs, which the store matches exactly and within the
 * directory named, so a differently spelled ID (case, fullwidth) or an ID from another directory
 * names nothing and changes nothing. A Deny on a user holds for every spelling the store accepts.
 */
describe.each(DIALECTS)('CloudSSO on %s', (dialect) => {
  let node: TestServer;
  let root: ApiClient;
  let api: ApiClient;
  let dirA: string;
  let dirB: string;
  let userA: string;
  let userB: string;
  let groupA: string;

  beforeAll(async () => {
    node = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '2' } });
    root = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    dirA = (await root.call('CreateDirectory', { DirectoryName: 'dir-a' })).Directory.DirectoryId;
    dirB = (await root.call('CreateDirectory', { DirectoryName: 'dir-b' })).Directory.DirectoryId;
    userA = (await root.call('CreateUser', { DirectoryId: dirA, UserName: 'alice' })).User.UserId;
    userB = (await root.call('CreateUser', { DirectoryId: dirB, UserName: 'bob' })).User.UserId;
    groupA = (await root.call('CreateGroup', { DirectoryId: dirA, GroupName: 'staff' })).Group.GroupId;
    const key = await ramUserWith(ramClient(node.endpoint, node.rootKey), 'operator', {
      'all-but-alice-and-b': policyDocument(
        { Effect: 'Allow', Action: 'cloudsso:*', Resource: '*' },
        { Effect: 'Deny', Action: 'cloudsso:*', Resource: [ARN(`directory/${dirA}/user/${userA}`), ARN(`directory/${dirB}/*`), ARN(`directory/${dirB}`)] },
      ),
    });
    api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key });
  });
  afterAll(() => node?.close());

  const fullwidth = (s: string) => [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');

  it('the denied user is refused by its ID; other spellings of the ID find no user and change nothing', async () => {
    const denied = await api.fail('DeleteUser', { DirectoryId: dirA, UserId: userA });
    expect([denied.status, denied.code]).toEqual([403, 'NoPermission']);
    for (const UserId of [userA.toUpperCase(), fullwidth(userA), ` ${userA}`]) {
      for (const [action, extra] of [
        ['DeleteUser', {}],
        ['UpdateUser', { NewDisplayName: 'pwned' }],
        ['UpdateUserStatus', { NewStatus: 'Disabled' }],
        ['AddUserToGroup', { GroupId: groupA }],
        ['ResetUserPassword', { Password: 'Aa1!aaaaaaaaaaaa' }],
        ['TagResources', { ResourceType: 'user', ResourceId: [UserId], Tag: [{ Key: 'k', Value: 'v' }] }],
      ] as const) {
        const params = action === 'TagResources' ? { DirectoryId: dirA, ...extra } : { DirectoryId: dirA, UserId, ...extra };
        const f = await api.fail(action, params);
        expect({ action, status: f.status }).toEqual({ action, status: 404 });
      }
    }
    const alice = (await root.call('GetUser', { DirectoryId: dirA, UserId: userA })).User;
    expect(alice).toMatchObject({ UserId: userA, Status: 'Enabled' });
    expect(alice.DisplayName ?? '').not.toBe('pwned');
    expect((await root.call('ListGroupMembers', { DirectoryId: dirA, GroupId: groupA })).GroupMembers).toEqual([]);
  });

  it('a user of a denied directory named under an allowed directory is not found there', async () => {
    for (const [action, extra] of [
      ['DeleteUser', {}],
      ['UpdateUserStatus', { NewStatus: 'Disabled' }],
      ['AddUserToGroup', { GroupId: groupA }],
    ] as const) {
      const f = await api.fail(action, { DirectoryId: dirA, UserId: userB, ...extra });
      expect({ action, status: f.status }).toEqual({ action, status: 404 });
    }
    expect((await root.call('GetUser', { DirectoryId: dirB, UserId: userB })).User.Status).toBe('Enabled');
    const denied = await api.fail('GetUser', { DirectoryId: dirB, UserId: userB });
    expect(denied.status).toBe(403);
  });
});
