import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_MODES, clientConfig, makeClient, openApiParams, type ApiClient } from '../support/clients.js';
import { DIALECTS, startTestServer, type AccessKeyPair, type TestServer } from '../support/server.js';
import { ARN, expectDenied, policyDocument, Ram, ramClient, ramUserWith, rejection, type RamClient } from '../support/ram.js';

/**
 * Issue 5 through the real SDK clients: RAM users' AccessKeys may call only what their policies
 * allow, on the resources they name; denials carry Alibaba's AccessDeniedDetail.
 */
const require = createRequire(import.meta.url);
const OpenApi = require('@alicloud/openapi-client');
const OpenApiUtil = require('@alicloud/openapi-util').default;
const TeaUtil = require('@alicloud/tea-util');

/** openapi-client's own error object (the shared ApiClient normalizes it away). */
async function openApiClientError(endpoint: string, key: AccessKeyPair, action: string, query: Record<string, string>): Promise<any> {
  const client = new OpenApi.default(new OpenApi.Config(clientConfig({ endpoint, key }, false)));
  const params = openApiParams(OpenApi.Params, action, '2021-05-15');
  return rejection(client.callApi(params, new OpenApi.OpenApiRequest({ query: OpenApiUtil.query(query) }), new TeaUtil.RuntimeOptions({})));
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let root: ApiClient;
  let ram: RamClient;
  let dirA: string;
  let dirB: string;
  let credA1: string;
  let credA2: string;
  let credB1: string;
  const as = (key: AccessKeyPair, mode: (typeof CLIENT_MODES)[number] = 'openapi-client ACS3') => makeClient(mode, { endpoint: node.endpoint, key });

  beforeAll(async () => {
    node = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '2' } });
    root = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    ram = ramClient(node.endpoint, node.rootKey);
    dirA = (await root.call('CreateDirectory', { DirectoryName: 'team-a' })).Directory.DirectoryId;
    dirB = (await root.call('CreateDirectory', { DirectoryName: 'team-b' })).Directory.DirectoryId;
    const cred = async (DirectoryId: string) =>
      (await root.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialId as string;
    credA1 = await cred(dirA);
    credA2 = await cred(dirA);
    credB1 = await cred(dirB);
  });
  afterAll(() => node?.close());

  it("a key allowed only UpdateSCIMServerCredentialStatus on one credential's ARN can disable it, and nothing else (every client)", async () => {
    const only = ARN(`directory/${dirA}/scim-credential/${credA1}`);
    const key = await ramUserWith(ram, 'ci-rotator', {
      'rotate-one-credential': policyDocument({ Effect: 'Allow', Action: 'cloudsso:UpdateSCIMServerCredentialStatus', Resource: only }),
    });
    const denied = { userName: 'ci-rotator', type: 'ImplicitDeny' } as const;
    for (const mode of CLIENT_MODES) {
      const api = as(key, mode);
      const off = await api.call('UpdateSCIMServerCredentialStatus', { DirectoryId: dirA, CredentialId: credA1, NewStatus: 'Disabled' });
      expect(off.SCIMServerCredential).toMatchObject({ CredentialId: credA1, Status: 'Disabled' });
      await api.call('UpdateSCIMServerCredentialStatus', { DirectoryId: dirA, CredentialId: credA1, NewStatus: 'Enabled' });

      expectDenied(await api.fail('UpdateSCIMServerCredentialStatus', { DirectoryId: dirA, CredentialId: credA2, NewStatus: 'Disabled' }), {
        ...denied,
        action: 'cloudsso:UpdateSCIMServerCredentialStatus',
        resources: [ARN(`directory/${dirA}/scim-credential/${credA2}`)],
      });
      expectDenied(await api.fail('DeleteSCIMServerCredential', { DirectoryId: dirA, CredentialId: credA1 }), {
        ...denied,
        action: 'cloudsso:DeleteSCIMServerCredential',
        resources: [only],
      });
      expectDenied(await api.fail('UpdateSCIMServerCredentialStatus', { DirectoryId: dirB, CredentialId: credB1, NewStatus: 'Disabled' }), {
        ...denied,
        action: 'cloudsso:UpdateSCIMServerCredentialStatus',
        resources: [ARN(`directory/${dirB}/scim-credential/${credB1}`)],
      });
      expectDenied(await api.fail('ListDirectories'), { ...denied, action: 'cloudsso:ListDirectories', resources: [ARN('directory/*')] });
    }
    // Nothing the denied calls aimed at changed.
    const listed = await root.call('ListSCIMServerCredentials', { DirectoryId: dirA });
    expect(listed.SCIMServerCredentials.map((c: any) => [c.CredentialId, c.Status]).sort()).toEqual(
      [
        [credA1, 'Enabled'],
        [credA2, 'Enabled'],
      ].sort(),
    );

    // The SDKs hand the detail to the caller: openapi-client and openapi-core as e.accessDeniedDetail.
    const e1 = await openApiClientError(node.endpoint, key, 'DeleteSCIMServerCredential', { DirectoryId: dirA, CredentialId: credA1 });
    expect(e1.code).toBe('NoPermission');
    expect(e1.accessDeniedDetail).toMatchObject({ AuthAction: 'cloudsso:DeleteSCIMServerCredential', NoPermissionType: 'ImplicitDeny' });
    const e2 = await rejection(ramClient(node.endpoint, key).listUsers(new Ram.ListUsersRequest({})));
    expect(e2.name).toBe('ClientError');
    expect(e2.code).toBe('NoPermission');
    expect(e2.accessDeniedDetail).toMatchObject({ AuthAction: 'ram:ListUsers', AuthPrincipalDisplayName: 'ci-rotator' });
  });

  it('an explicit Deny on cloudsso:Delete* beats an Allow on cloudsso:*, and the diagnostic names the denying statement', async () => {
    const key = await ramUserWith(ram, 'operator', {
      'cloudsso-all': policyDocument({ Effect: 'Allow', Action: 'cloudsso:*', Resource: '*' }),
      'no-deletes': policyDocument(
        { Effect: 'Allow', Action: 'cloudsso:Get*', Resource: '*' },
        { Effect: 'Deny', Action: 'cloudsso:Delete*', Resource: '*' },
      ),
    });
    for (const mode of ['openapi-client ACS3', 'pop-core POST'] as const) {
      const api = as(key, mode);
      expect((await api.call('GetDirectory', { DirectoryId: dirA })).Directory.DirectoryId).toBe(dirA);
      expect((await api.call('ListSCIMServerCredentials', { DirectoryId: dirB })).TotalCounts).toBe(1);
      const diagnostic = expectDenied(await api.fail('DeleteSCIMServerCredential', { DirectoryId: dirB, CredentialId: credB1 }), {
        action: 'cloudsso:DeleteSCIMServerCredential',
        resources: [ARN(`directory/${dirB}/scim-credential/${credB1}`)],
        userName: 'operator',
        type: 'ExplicitDeny',
        denyingPolicy: { PolicyName: 'no-deletes', StatementIndex: 1 },
      });
      expect(diagnostic.DenyingPolicy.PolicyType).toBe('Custom');
      expect(JSON.stringify(diagnostic)).not.toContain('cloudsso-all');
      expectDenied(await api.fail('DeleteDirectory', { DirectoryId: dirB }), {
        action: 'cloudsso:DeleteDirectory',
        resources: [ARN(`directory/${dirB}`)],
        userName: 'operator',
        type: 'ExplicitDeny',
        denyingPolicy: { PolicyName: 'no-deletes', StatementIndex: 1 },
      });
    }
    expect((await root.call('ListSCIMServerCredentials', { DirectoryId: dirB })).TotalCounts).toBe(1);
  });

  it('an acs:SourceIp condition admits 127.0.0.1 and refuses a CIDR that excludes it; a detach holds on the next call', async () => {
    const allowFrom = (cidr: string) =>
      policyDocument({ Effect: 'Allow', Action: 'cloudsso:GetDirectory', Resource: '*', Condition: { IpAddress: { 'acs:SourceIp': cidr } } });
    const key = await ramUserWith(ram, 'from-loopback', { 'loopback-only': allowFrom('127.0.0.1/32') });
    await ram.createPolicy(new Ram.CreatePolicyRequest({ policyName: 'office-only', policyDocument: allowFrom('10.0.0.0/8') }));
    for (const mode of CLIENT_MODES) expect((await as(key, mode).call('GetDirectory', { DirectoryId: dirA })).Directory.DirectoryId).toBe(dirA);

    await ram.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName: 'loopback-only', userName: 'from-loopback' }));
    await ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'office-only', userName: 'from-loopback' }));
    for (const mode of CLIENT_MODES) {
      const diagnostic = expectDenied(await as(key, mode).fail('GetDirectory', { DirectoryId: dirA }), {
        action: 'cloudsso:GetDirectory',
        resources: [ARN(`directory/${dirA}`)],
        userName: 'from-loopback',
        type: 'ImplicitDeny',
      });
      expect(diagnostic.RequestContext['acs:SourceIp']).toMatch(/127\.0\.0\.1$/);
    }
  });

  it('a disabled AccessKey is refused on the very next call, an enabled one works again, a rotated-out (deleted) one is unknown', async () => {
    const key = await ramUserWith(ram, 'rotating', { 'read-dirs': policyDocument({ Effect: 'Allow', Action: 'cloudsso:Get*', Resource: '*' }) });
    const api = as(key);
    // Every client signs once first: the server has opened the key's secret and keeps it (the row is still read each call).
    for (const mode of CLIENT_MODES) await as(key, mode).call('GetDirectory', { DirectoryId: dirA });
    const status = (s: 'Active' | 'Inactive') =>
      ram.updateAccessKey(new Ram.UpdateAccessKeyRequest({ userName: 'rotating', userAccessKeyId: key.id, status: s }));
    await status('Inactive');
    for (const mode of CLIENT_MODES) {
      const f = await as(key, mode).fail('GetDirectory', { DirectoryId: dirA });
      expect({ code: f.code, status: f.status }).toEqual({ code: 'InvalidAccessKeyId.Inactive', status: 400 });
    }
    await status('Active');
    await api.call('GetDirectory', { DirectoryId: dirA });
    // Rotation: a second key, then the first deleted; the first is unknown on its very next call, the second works.
    const created = (await ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'rotating' }))).body.accessKey;
    const next = as({ id: created.accessKeyId, secret: created.accessKeySecret });
    await next.call('GetDirectory', { DirectoryId: dirA });
    await ram.deleteAccessKey(new Ram.DeleteAccessKeyRequest({ userName: 'rotating', userAccessKeyId: key.id }));
    const f = await api.fail('GetDirectory', { DirectoryId: dirA });
    expect({ code: f.code, status: f.status }).toEqual({ code: 'InvalidAccessKeyId.NotFound', status: 404 });
    await next.call('GetDirectory', { DirectoryId: dirA });
  });

  it('policies attached to a RAM group apply to its members, and stop applying when the member leaves', async () => {
    const key = await ramUserWith(ram, 'auditor');
    await ram.createGroup(new Ram.CreateGroupRequest({ groupName: 'auditors' }));
    await ram.createPolicy(
      new Ram.CreatePolicyRequest({
        policyName: 'read-only',
        policyDocument: policyDocument({ Effect: 'Allow', Action: ['cloudsso:List*', 'cloudsso:Get*'], Resource: '*' }),
      }),
    );
    await ram.attachPolicyToGroup(new Ram.AttachPolicyToGroupRequest({ policyType: 'Custom', policyName: 'read-only', groupName: 'auditors' }));
    const api = as(key);
    expectDenied(await api.fail('ListDirectories'), { action: 'cloudsso:ListDirectories', resources: [ARN('directory/*')], userName: 'auditor', type: 'ImplicitDeny' });

    await ram.addUserToGroup(new Ram.AddUserToGroupRequest({ groupName: 'auditors', userName: 'auditor' }));
    expect((await api.call('ListDirectories')).TotalCounts).toBe(2);
    expectDenied(await api.fail('DeleteSCIMServerCredential', { DirectoryId: dirA, CredentialId: credA2 }), {
      action: 'cloudsso:DeleteSCIMServerCredential',
      resources: [ARN(`directory/${dirA}/scim-credential/${credA2}`)],
      userName: 'auditor',
      type: 'ImplicitDeny',
    });

    await ram.removeUserFromGroup(new Ram.RemoveUserFromGroupRequest({ groupName: 'auditors', userName: 'auditor' }));
    expectDenied(await api.fail('ListDirectories'), { action: 'cloudsso:ListDirectories', resources: [ARN('directory/*')], userName: 'auditor', type: 'ImplicitDeny' });
  });

  it('RAM API calls are ram:<Action> actions: denied to a RAM user by default, allowed by a policy granting ram:*', async () => {
    const key = await ramUserWith(ram, 'ram-admin');
    const asUser = ramClient(node.endpoint, key);
    const e = await rejection(asUser.createUser(new Ram.CreateUserRequest({ userName: 'created-by-ram-admin' })));
    expect({ code: e.code, status: e.statusCode }).toEqual({ code: 'NoPermission', status: 403 });
    expect(e.accessDeniedDetail).toMatchObject({ AuthAction: 'ram:CreateUser', NoPermissionType: 'ImplicitDeny' });
    const diagnostic = JSON.parse(Buffer.from(e.accessDeniedDetail.EncodedDiagnosticMessage, 'base64').toString('utf8'));
    expect(diagnostic.AuthResources).toEqual(['acs:ram::1234567890123456:user/created-by-ram-admin']);

    await ram.createPolicy(new Ram.CreatePolicyRequest({ policyName: 'ram-users', policyDocument: policyDocument({ Effect: 'Allow', Action: 'ram:*User*', Resource: 'acs:ram:*:*:user/*' }) }));
    await ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'Custom', policyName: 'ram-users', userName: 'ram-admin' }));
    const created = await asUser.createUser(new Ram.CreateUserRequest({ userName: 'created-by-ram-admin' }));
    expect(created.body.user.userName).toBe('created-by-ram-admin');
    // Policies are another resource type: still denied.
    const e2 = await rejection(asUser.listPolicies(new Ram.ListPoliciesRequest({})));
    expect(e2.code).toBe('NoPermission');
  });

  if (dialect === 'postgres') {
    it('a key disabled through one node is refused by another node on its next call', async () => {
      const other = await startTestServer('postgres', { sameDatabaseAs: node, env: { CLOUDSSO_MAX_DIRECTORIES: '2' } });
      try {
        const key = await ramUserWith(ram, 'two-nodes', { 'get-dirs': policyDocument({ Effect: 'Allow', Action: 'cloudsso:GetDirectory', Resource: '*' }) });
        const onOther = makeClient('pop-core POST', { endpoint: other.endpoint, key });
        await onOther.call('GetDirectory', { DirectoryId: dirA });
        await ram.updateAccessKey(new Ram.UpdateAccessKeyRequest({ userName: 'two-nodes', userAccessKeyId: key.id, status: 'Inactive' }));
        expect((await onOther.fail('GetDirectory', { DirectoryId: dirA })).code).toBe('InvalidAccessKeyId.Inactive');
        await ram.updateAccessKey(new Ram.UpdateAccessKeyRequest({ userName: 'two-nodes', userAccessKeyId: key.id, status: 'Active' }));
        await ram.detachPolicyFromUser(new Ram.DetachPolicyFromUserRequest({ policyType: 'Custom', policyName: 'get-dirs', userName: 'two-nodes' }));
        expect((await onOther.fail('GetDirectory', { DirectoryId: dirA })).code).toBe('NoPermission');
      } finally {
        await other.close();
      }
    });
  }
});
