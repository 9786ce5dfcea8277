import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Ram, rejection } from '../support/ram.js';
import { DIALECTS, startTestServer, type AccessKeyPair, type TestServer } from '../support/server.js';
import { startTlsProxy, type TlsProxy } from '../support/tls-proxy.js';

/**
 * Accounts, RAM roles and STS through the generated SDKs (@alicloud/resourcemanager20200331,
 * @alicloud/sts20150401, @alicloud/ram20150501) and @alicloud/credentials' ram_role_arn provider:
 * the management account makes a member account, assumes ResourceDirectoryAccountAccessRole into
 * it and finds the member's own RAM namespace there.
 */
const require = createRequire(import.meta.url);
const Sts = require('@alicloud/sts20150401');
const RM = require('@alicloud/resourcemanager20200331');
const Core = require('@alicloud/openapi-core');
const Credentials = require('@alicloud/credentials');
const Dara = require('@darabonba/typescript');

interface Creds extends AccessKeyPair {
  readonly token?: string;
}

const MANAGEMENT = '1234567890123456';

function config(endpoint: string, c: Creds, v1 = false): unknown {
  return new Core.$OpenApiUtil.Config({
    accessKeyId: c.id,
    accessKeySecret: c.secret,
    ...(c.token ? { securityToken: c.token } : {}),
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
    ...(v1 ? { signatureAlgorithm: 'v2' } : {}),
  });
}

const clients = (endpoint: string, c: Creds, v1 = false) => ({
  ram: new Ram.default(config(endpoint, c, v1)),
  sts: new Sts.default(config(endpoint, c, v1)),
  rm: new RM.default(config(endpoint, c, v1)),
});

async function fails(p: Promise<unknown>, code: string, status: number): Promise<any> {
  const e = await rejection(p);
  expect({ code: e.code, status: e.statusCode }).toEqual({ code, status });
  return e;
}

const trust = (...principals: string[]) =>
  JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: principals } }] });

const METADATA = Buffer.from('<?xml version="1.0"?><EntityDescriptor entityID="https://idp.example.com"/>').toString('base64');

describe.each(DIALECTS)('accounts, roles and STS (%s)', (dialect) => {
  let server: TestServer;
  let offsetMs = 0;
  let root: ReturnType<typeof clients>;
  let memberId: string;
  let asMember: Creds;

  beforeAll(async () => {
    server = await startTestServer(dialect, { clock: { now: () => Date.now() + offsetMs } });
    root = clients(server.endpoint, { id: server.rootKey.id, secret: server.rootKey.secret });
  });
  afterAll(async () => server?.close());

  const assume = async (c: ReturnType<typeof clients>, roleArn: string, extra: Record<string, unknown> = {}): Promise<Creds> => {
    const res = (await c.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn, roleSessionName: 'session-1', ...extra }))).body;
    return { id: res.credentials.accessKeyId, secret: res.credentials.accessKeySecret, token: res.credentials.securityToken };
  };
  const accessRole = (account: string) => `acs:ram::${account}:role/resourcedirectoryaccountaccessrole`;

  it('Resource Directory: enable once, create a member account with its access role, list, get, update', async () => {
    await fails(root.rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'dev' })), 'EntityNotExists.ResourceDirectory', 404);
    const rd = (await root.rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }))).body.resourceDirectory;
    expect(rd).toMatchObject({ masterAccountId: MANAGEMENT, resourceDirectoryId: expect.stringMatching(/^rd-/), rootFolderId: expect.stringMatching(/^r-/) });
    await fails(root.rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({})), 'EntityAlreadyExists.ResourceDirectory', 409);
    expect((await root.rm.getResourceDirectory()).body.resourceDirectory.resourceDirectoryId).toBe(rd.resourceDirectoryId);

    const created = (await root.rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Development', accountNamePrefix: 'dev' })))
      .body.account;
    expect(created).toMatchObject({
      accountId: expect.stringMatching(/^\d{16}$/),
      displayName: 'Development',
      type: 'ResourceAccount',
      joinMethod: 'created',
      status: 'CreateSuccess',
      folderId: rd.rootFolderId,
      resourceDirectoryId: rd.resourceDirectoryId,
    });
    expect(created.accountName).toMatch(/^dev@/);
    memberId = created.accountId;
    await fails(
      root.rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Again', accountNamePrefix: 'dev' })),
      'EntityAlreadyExists.Account.AccountName',
      409,
    );
    await fails(root.rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'x' })), 'InvalidParameter.DisplayName', 400);

    const listed = (await root.rm.listAccounts(new RM.ListAccountsRequest({ pageSize: 10 }))).body;
    expect(listed.totalCount).toBe(2);
    expect(listed.accounts.account.map((a: any) => [a.accountId, a.type])).toEqual([
      [MANAGEMENT, 'CloudAccount'],
      [memberId, 'ResourceAccount'],
    ]);
    expect((await root.rm.getAccount(new RM.GetAccountRequest({ accountId: memberId }))).body.account.displayName).toBe('Development');
    const updated = (await root.rm.updateAccount(new RM.UpdateAccountRequest({ accountId: memberId, newDisplayName: 'Dev team' }))).body.account;
    expect(updated.displayName).toBe('Dev team');
    await fails(root.rm.getAccount(new RM.GetAccountRequest({ accountId: '9999999999999999' })), 'EntityNotExists.Account', 404);
    await fails(root.rm.deleteAccount(new RM.DeleteAccountRequest({ accountId: MANAGEMENT })), 'OperationDenied.ManagementAccount', 400);
  });

  it('AssumeRole into the member account: its own RAM namespace, through ACS3 and V1, and GetCallerIdentity', async () => {
    const res = (await root.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: accessRole(memberId), roleSessionName: 'admin', durationSeconds: 900 }))).body;
    expect(res.credentials.accessKeyId).toMatch(/^STS\./);
    expect(Date.parse(res.credentials.expiration) - Date.now()).toBeGreaterThan(880_000);
    expect(Date.parse(res.credentials.expiration) - Date.now()).toBeLessThanOrEqual(900_000);
    expect(res.assumedRoleUser).toMatchObject({ arn: `${accessRole(memberId)}/admin`, assumedRoleId: expect.stringMatching(/^\d+:admin$/) });
    asMember = { id: res.credentials.accessKeyId, secret: res.credentials.accessKeySecret, token: res.credentials.securityToken };

    for (const v1 of [false, true]) {
      const member = clients(server.endpoint, asMember, v1);
      const roles = (await member.ram.listRoles(new Ram.ListRolesRequest({}))).body.roles.role;
      expect(roles.map((r: any) => [r.roleName, r.arn, r.maxSessionDuration])).toEqual([
        ['ResourceDirectoryAccountAccessRole', accessRole(memberId), 3600],
      ]);
      const policies = (await member.ram.listPoliciesForRole(new Ram.ListPoliciesForRoleRequest({ roleName: 'ResourceDirectoryAccountAccessRole' }))).body;
      expect(policies.policies.policy.map((p: any) => [p.policyName, p.policyType])).toEqual([['AdministratorAccess', 'System']]);
      const who = (await member.sts.getCallerIdentity()).body;
      expect(who).toMatchObject({ accountId: memberId, identityType: 'AssumedRoleUser', arn: `${accessRole(memberId)}/admin`, roleId: expect.any(String) });
    }
    const trustDoc = JSON.parse(
      (await clients(server.endpoint, asMember).ram.getRole(new Ram.GetRoleRequest({ roleName: 'ResourceDirectoryAccountAccessRole' }))).body.role
        .assumeRolePolicyDocument,
    );
    expect(trustDoc.Statement[0].Principal.RAM).toEqual([`acs:ram::${MANAGEMENT}:root`]);

    // A user created in the member account is not in the management account, and the reverse.
    const member = clients(server.endpoint, asMember);
    await member.ram.createUser(new Ram.CreateUserRequest({ userName: 'shared-name' }));
    await root.ram.createUser(new Ram.CreateUserRequest({ userName: 'shared-name', displayName: 'in management' }));
    await member.ram.createUser(new Ram.CreateUserRequest({ userName: 'member-only' }));
    const inMember = (await member.ram.listUsers(new Ram.ListUsersRequest({}))).body.users.user.map((u: any) => u.userName);
    const inRoot = (await root.ram.listUsers(new Ram.ListUsersRequest({}))).body.users.user.map((u: any) => u.userName);
    expect(inMember).toEqual(['member-only', 'shared-name']);
    expect(inRoot).toContain('shared-name');
    expect(inRoot).not.toContain('member-only');
    expect((await root.ram.listRoles(new Ram.ListRolesRequest({}))).body.roles.role).toEqual([]);
    const rootWho = (await root.sts.getCallerIdentity()).body;
    expect(rootWho).toMatchObject({ accountId: MANAGEMENT, identityType: 'Account', arn: `acs:ram::${MANAGEMENT}:root` });
  });

  it('STS credentials need their own token and expire at Expiration', async () => {
    await fails(clients(server.endpoint, { ...asMember, token: 'CAISwrong' }).ram.listUsers(new Ram.ListUsersRequest({})), 'InvalidSecurityToken.MismatchWithAccessKey', 400);
    await fails(clients(server.endpoint, { id: asMember.id, secret: asMember.secret }).ram.listUsers(new Ram.ListUsersRequest({})), 'InvalidSecurityToken.MismatchWithAccessKey', 400);
    await fails(
      clients(server.endpoint, { id: server.rootKey.id, secret: server.rootKey.secret, token: asMember.token }).ram.listUsers(new Ram.ListUsersRequest({})),
      'InvalidSecurityToken.MismatchWithAccessKey',
      400,
    );
    await fails(clients(server.endpoint, { ...asMember, secret: 'wrong-secret' }).ram.listUsers(new Ram.ListUsersRequest({})), 'SignatureDoesNotMatch', 400);
    offsetMs = 901_000;
    try {
      await fails(clients(server.endpoint, asMember).ram.listUsers(new Ram.ListUsersRequest({})), 'InvalidSecurityToken.Expired', 400);
    } finally {
      offsetMs = 0;
    }
  });

  it('AssumeRole checks: the trust policy, sts:AssumeRole permission, DurationSeconds, RoleSessionName, the session Policy', async () => {
    const member = clients(server.endpoint, await assume(root, accessRole(memberId)));
    // A role in the member account trusting one RAM user of the management account only.
    await member.ram.createRole(
      new Ram.CreateRoleRequest({ roleName: 'ops', assumeRolePolicyDocument: trust(`acs:ram::${MANAGEMENT}:user/alice`), maxSessionDuration: 7200 }),
    );
    await fails(member.ram.createRole(new Ram.CreateRoleRequest({ roleName: 'OPS', assumeRolePolicyDocument: trust(MANAGEMENT) })), 'EntityAlreadyExists.Role', 409);
    await fails(
      member.ram.createRole(new Ram.CreateRoleRequest({ roleName: 'bad', assumeRolePolicyDocument: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}' })),
      'InvalidParameter.AssumeRolePolicyDocument',
      400,
    );
    await fails(member.ram.createRole(new Ram.CreateRoleRequest({ roleName: 'x', assumeRolePolicyDocument: trust(MANAGEMENT), maxSessionDuration: 100 })), 'InvalidParameter.MaxSessionDuration', 400);
    await member.ram.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({ policyType: 'System', policyName: 'AliyunRAMReadOnlyAccess', roleName: 'ops' }));
    await fails(
      member.ram.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({ policyType: 'System', policyName: 'AliyunRAMReadOnlyAccess', roleName: 'ops' })),
      'EntityAlreadyExists.Role.Policy',
      409,
    );
    await fails(member.ram.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({ policyType: 'System', policyName: 'NoSuchPolicy', roleName: 'ops' })), 'EntityNotExist.Policy', 404);
    await fails(member.ram.getRole(new Ram.GetRoleRequest({ roleName: 'nobody' })), 'EntityNotExist.Role', 404);

    // RAM users of the management account: alice may assume ops (trusted by name), bob may not.
    const aliceKey = await userWithSystemPolicy(root, 'alice', 'AliyunSTSAssumeRoleAccess');
    const bobKey = await userWithSystemPolicy(root, 'bob', 'AliyunSTSAssumeRoleAccess');
    const carolKey = await userWithSystemPolicy(root, 'carol', 'AliyunRAMReadOnlyAccess');
    const opsArn = `acs:ram::${memberId}:role/ops`;
    const alice = clients(server.endpoint, aliceKey);
    await fails(alice.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: opsArn, roleSessionName: 'a', durationSeconds: 900 })), 'InvalidParameter.RoleSessionName', 400);
    await fails(alice.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: opsArn, roleSessionName: 'alice', durationSeconds: 899 })), 'InvalidParameter.DurationSeconds', 400);
    await fails(alice.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: opsArn, roleSessionName: 'alice', durationSeconds: 7201 })), 'InvalidParameter.DurationSeconds', 400);
    await fails(alice.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: 'arn:aws:iam::1:role/x', roleSessionName: 'alice' })), 'InvalidParameter.RoleArn', 400);
    await fails(alice.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: `acs:ram::${memberId}:role/nobody`, roleSessionName: 'alice' })), 'EntityNotExist.Role', 404);
    await fails(
      alice.sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: opsArn, roleSessionName: 'alice', policy: '{"Version":"1"}' })),
      'InvalidParameter.Policy',
      400,
    );
    const ops = clients(server.endpoint, await assume(alice, opsArn, { durationSeconds: 7200 }));
    expect((await ops.ram.listUsers(new Ram.ListUsersRequest({}))).body.users.user.map((u: any) => u.userName)).toContain('member-only');
    const denied = await fails(ops.ram.createUser(new Ram.CreateUserRequest({ userName: 'nope' })), 'NoPermission', 403);
    expect(denied.data.AccessDeniedDetail).toMatchObject({ AuthPrincipalType: 'AssumedRoleUser', AuthPrincipalOwnerId: memberId, AuthAction: 'ram:CreateUser' });
    // The trust policy names alice; bob has sts:AssumeRole but is not trusted.
    await fails(clients(server.endpoint, bobKey).sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: opsArn, roleSessionName: 'bob' })), 'NoPermission', 403);
    // carol is not allowed sts:AssumeRole at all (RAM authorization).
    await fails(clients(server.endpoint, carolKey).sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: accessRole(memberId), roleSessionName: 'carol' })), 'NoPermission', 403);
    // bob may assume the access role (it trusts the management account's root: every authorized principal there).
    await assume(clients(server.endpoint, bobKey), accessRole(memberId));

    // A session Policy narrows the role: AdministratorAccess, but only ListUsers.
    const narrow = clients(
      server.endpoint,
      await assume(root, accessRole(memberId), {
        policy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:ListUsers', Resource: '*' }] }),
      }),
    );
    await narrow.ram.listUsers(new Ram.ListUsersRequest({}));
    await fails(narrow.ram.listRoles(new Ram.ListRolesRequest({})), 'NoPermission', 403);

    // Deleting the role revokes its sessions, once its policies are detached.
    await fails(member.ram.deleteRole(new Ram.DeleteRoleRequest({ roleName: 'ops' })), 'DeleteConflict.Role.Policy', 409);
    const update = (await member.ram.updateRole(new Ram.UpdateRoleRequest({ roleName: 'ops', newDescription: 'operators', newMaxSessionDuration: 3600 }))).body.role;
    expect(update).toMatchObject({ description: 'operators', maxSessionDuration: 3600 });
    await member.ram.detachPolicyFromRole(new Ram.DetachPolicyFromRoleRequest({ policyType: 'System', policyName: 'AliyunRAMReadOnlyAccess', roleName: 'ops' }));
    await member.ram.deleteRole(new Ram.DeleteRoleRequest({ roleName: 'ops' }));
    await fails(ops.ram.listUsers(new Ram.ListUsersRequest({})), 'InvalidAccessKeyId.NotFound', 404);
  });

  it('System policies: listed with PolicyType=System, readable, attachable, and they authorize', async () => {
    const sys = (await root.ram.listPolicies(new Ram.ListPoliciesRequest({ policyType: 'System', maxItems: 1000 }))).body.policies.policy;
    const names = sys.map((p: any) => p.policyName);
    for (const n of [
      'AdministratorAccess',
      'ReadOnlyAccess',
      'AliyunRAMFullAccess',
      'AliyunRAMReadOnlyAccess',
      'AliyunCloudSSOFullAccess',
      'AliyunCloudSSOReadOnlyAccess',
      'AliyunSTSAssumeRoleAccess',
      'AliyunResourceDirectoryFullAccess',
      'AliyunResourceDirectoryReadOnlyAccess',
      'AliyunECSFullAccess',
      'AliyunECSReadOnlyAccess',
      'AliyunOSSFullAccess',
      'AliyunOSSReadOnlyAccess',
    ]) {
      expect(names).toContain(n);
    }
    expect(sys.every((p: any) => p.policyType === 'System')).toBe(true);
    const admin = (await root.ram.getPolicy(new Ram.GetPolicyRequest({ policyType: 'System', policyName: 'AdministratorAccess' }))).body.policy;
    expect(JSON.parse(admin.policyDocument).Statement[0]).toMatchObject({ Effect: 'Allow', Action: '*' });
    // ReadOnlyAccess lets a RAM user read CloudSSO and RAM but not write.
    const reader = clients(server.endpoint, await userWithSystemPolicy(root, 'reader', 'ReadOnlyAccess'));
    await reader.ram.listUsers(new Ram.ListUsersRequest({}));
    await reader.rm.listAccounts(new RM.ListAccountsRequest({}));
    await fails(reader.ram.createUser(new Ram.CreateUserRequest({ userName: 'x' })), 'NoPermission', 403);
  });

  it('SAML providers in the caller account', async () => {
    // @alicloud/ram20150501 has no SAML provider calls (Alibaba serves them in IMS): the generic openapi-core call.
    const c = await assume(root, accessRole(memberId));
    const api = new Core.default(config(server.endpoint, c));
    const call = async (action: string, query: Record<string, string>) => {
      const req = new Core.$OpenApiUtil.OpenApiRequest({ query: Core.OpenApiUtil.query(query) });
      const params = new Core.$OpenApiUtil.Params({
        action,
        version: '2015-05-01',
        protocol: 'HTTPS',
        pathname: '/',
        method: 'POST',
        authType: 'AK',
        style: 'RPC',
        reqBodyType: 'formData',
        bodyType: 'json',
      });
      return (await api.callApi(params, req, new Dara.RuntimeOptions({}))).body;
    };
    const created = await call('CreateSAMLProvider', { SAMLProviderName: 'corp-idp', EncodedSAMLMetadataDocument: METADATA, Description: 'Corp' });
    expect(created.SAMLProvider).toMatchObject({ SAMLProviderName: 'corp-idp', Arn: `acs:ram::${memberId}:saml-provider/corp-idp`, Description: 'Corp' });
    await fails(call('CreateSAMLProvider', { SAMLProviderName: 'CORP-IDP', EncodedSAMLMetadataDocument: METADATA }), 'EntityAlreadyExists.SAMLProvider', 409);
    await fails(call('CreateSAMLProvider', { SAMLProviderName: 'x', EncodedSAMLMetadataDocument: 'not base64!' }), 'InvalidParameter.EncodedSAMLMetadataDocument', 400);
    await fails(call('CreateSAMLProvider', { SAMLProviderName: '-x', EncodedSAMLMetadataDocument: METADATA }), 'InvalidParameter.SAMLProviderName', 400);
    expect((await call('GetSAMLProvider', { SAMLProviderName: 'corp-idp' })).SAMLProvider.EncodedSAMLMetadataDocument).toBe(METADATA);
    expect((await call('ListSAMLProviders', {})).SAMLProviders.SAMLProvider.map((s: any) => s.SAMLProviderName)).toEqual(['corp-idp']);
    await call('DeleteSAMLProvider', { SAMLProviderName: 'corp-idp' });
    await fails(call('GetSAMLProvider', { SAMLProviderName: 'corp-idp' }), 'EntityNotExist.SAMLProvider', 404);
  });

  it("@alicloud/credentials' ram_role_arn provider, pointed at this server, signs SDK calls into the member account", async () => {
    const proxy: TlsProxy = await startTlsProxy(server.port);
    const previous = process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
    // The provider always speaks HTTPS and takes no CA: trust the proxy's self-signed certificate for this test.
    process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = '0';
    try {
      const credential = new Credentials.default(
        new Credentials.Config({
          type: 'ram_role_arn',
          accessKeyId: server.rootKey.id,
          accessKeySecret: server.rootKey.secret,
          roleArn: accessRole(memberId),
          roleSessionName: 'credentials-provider',
          roleSessionExpiration: 1800,
          stsEndpoint: proxy.endpoint,
        }),
      );
      const got = await credential.getCredential();
      expect(got.accessKeyId).toMatch(/^STS\./);
      expect(got.securityToken).toBeTruthy();
      const ram = new Ram.default(new Core.$OpenApiUtil.Config({ credential, endpoint: server.endpoint, protocol: 'http', regionId: 'cn-shanghai' }));
      expect((await ram.listRoles(new Ram.ListRolesRequest({}))).body.roles.role.map((r: any) => r.roleName)).toContain('ResourceDirectoryAccountAccessRole');
    } finally {
      if (previous === undefined) delete process.env['NODE_TLS_REJECT_UNAUTHORIZED'];
      else process.env['NODE_TLS_REJECT_UNAUTHORIZED'] = previous;
      await proxy.close();
    }
  });

  it('member accounts may not manage the directory; deleting a member ends its sessions', async () => {
    const member = clients(server.endpoint, await assume(root, accessRole(memberId)));
    await fails(member.rm.listAccounts(new RM.ListAccountsRequest({})), 'OperationDenied.NotManagementAccount', 403);
    expect((await member.rm.getAccount(new RM.GetAccountRequest({ accountId: memberId }))).body.account.accountId).toBe(memberId);
    expect((await member.rm.getResourceDirectory()).body.resourceDirectory.masterAccountId).toBe(MANAGEMENT);
    expect((await root.rm.deleteAccount(new RM.DeleteAccountRequest({ accountId: memberId }))).body.deletionType).toBe('direct');
    await fails(member.ram.listUsers(new Ram.ListUsersRequest({})), 'InvalidAccessKeyId.NotFound', 404);
    await fails(root.rm.getAccount(new RM.GetAccountRequest({ accountId: memberId })), 'EntityNotExists.Account', 404);
  });
});

async function userWithSystemPolicy(root: ReturnType<typeof clients>, userName: string, policyName: string): Promise<Creds> {
  await root.ram.createUser(new Ram.CreateUserRequest({ userName }));
  await root.ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName, userName }));
  const key = (await root.ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName }))).body.accessKey;
  return { id: key.accessKeyId, secret: key.accessKeySecret };
}
