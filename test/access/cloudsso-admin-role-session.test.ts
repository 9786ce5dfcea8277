import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { client } from '../support/management.js';
import { PortalBrowser } from '../support/portal.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * A directory user administers CloudSSO with the STS credentials of an access configuration in
 * the management account (docs/decisions/0170): what the web console's "Sign in as a CloudSSO
 * user" relies on. The credentials come from the portal API's device flow; the real SDKs
 * (openapi-client and openapi-core, ACS3 with x-acs-security-token) call CloudSSO with them, and
 * the role's policies decide: AliyunCloudSSOFullAccess or an inline cloudsso:* may write,
 * AliyunCloudSSOReadOnlyAccess may read and is refused a write with the action named.
 */
const CLIENT_ID = 'app-vaz16tltdxs96audqf35';
const PASSWORD = 'Corr3ct!horse';
const CLOUDSSO_ALL = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'cloudsso:*', Resource: '*' }] });

describe.each(DIALECTS)('CloudSSO administered by a directory user role session (%s)', (dialect) => {
  let server: TestServer;
  let api: ApiClient;
  let management: string;
  let directoryId: string;
  let directoryName: string;
  const configurations: Record<string, string> = {};
  let accessToken: string;

  const json = async (method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<{ status: number; body: Body }> => {
    const res = await fetch(`${server.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: res.status, body: (await res.json()) as Body };
  };

  async function untilDone(TaskId: string): Promise<void> {
    for (let i = 0; i < 120; i++) {
      const { TaskStatus } = await api.call('GetTaskStatus', { DirectoryId: directoryId, TaskId });
      if (TaskStatus.Status !== 'InProgress') {
        expect(TaskStatus.Status).toBe('Success');
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('task still InProgress');
  }

  beforeAll(async () => {
    server = await startTestServer(dialect);
    api = client(server);
    const rm = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey, version: '2020-03-31' });
    management = (await rm.call('EnableResourceDirectory', { EnableMode: 'CurrentAccount' })).ResourceDirectory.MasterAccountId as string;
    const d = (await api.call('CreateDirectory', { DirectoryName: `admins-${dialect}` })).Directory;
    directoryId = d.DirectoryId as string;
    directoryName = d.DirectoryName as string;
    const userId = (await api.call('CreateUser', { DirectoryId: directoryId, UserName: 'alice' })).User.UserId as string;
    await api.call('ResetUserPassword', { DirectoryId: directoryId, UserId: userId, Password: PASSWORD });
    await api.call('UpdateMFAAuthenticationSettings', { DirectoryId: directoryId, MFAAuthenticationSettings: 'Disabled' });
    await api.call('SetLoginPreference', { DirectoryId: directoryId, AllowUserToGetCredentials: true });
    const policies: Record<string, Record<string, string>> = {
      'SSO-Admin': { PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunCloudSSOFullAccess' },
      'SSO-Inline': { PermissionPolicyType: 'Inline', PermissionPolicyName: 'cloudsso-all', InlinePolicyDocument: CLOUDSSO_ALL },
      'SSO-Auditor': { PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunCloudSSOReadOnlyAccess' },
    };
    for (const [name, policy] of Object.entries(policies)) {
      const id = (await api.call('CreateAccessConfiguration', { DirectoryId: directoryId, AccessConfigurationName: name, SessionDuration: 3600 }))
        .AccessConfiguration.AccessConfigurationId as string;
      configurations[name] = id;
      await api.call('AddPermissionPolicyToAccessConfiguration', { DirectoryId: directoryId, AccessConfigurationId: id, ...policy });
      const task = await api.call('CreateAccessAssignment', {
        DirectoryId: directoryId,
        AccessConfigurationId: id,
        TargetType: 'RD-Account',
        TargetId: management,
        PrincipalType: 'User',
        PrincipalId: userId,
      });
      await untilDone(task.Task.TaskId as string);
    }

    // The device flow as the console runs it, approved in the portal after a password sign-in.
    const verifier = randomBytes(32).toString('base64url');
    const started = await json('POST', '/device-authorization', {
      PortalUrl: `${server.url}/portal/${directoryName}/login`,
      ClientId: CLIENT_ID,
      CodeChallenge: createHash('sha256').update(verifier).digest('base64url'),
      CodeChallengeMethod: 'S256',
    });
    expect(started.status).toBe(200);
    const b = new PortalBrowser(server.url);
    await b.get(`/portal/${directoryName}/login`);
    expect((await b.post(`/portal/${directoryName}/login`, { username: 'alice', password: PASSWORD })).status).toBe(303);
    const page = await b.get(`/portal/${directoryName}/device?user_code=${encodeURIComponent(started.body.UserCode as string)}`);
    expect(page.status).toBe(200);
    expect((await b.post(`/portal/${directoryName}/device`, { user_code: started.body.UserCode as string, decision: 'approve' })).status).toBe(200);
    const token = await json('POST', '/token', {
      ClientId: CLIENT_ID,
      DeviceCode: started.body.DeviceCode,
      CodeVerifier: verifier,
      GrantType: 'urn:ietf:params:oauth:grant-type:device_code',
    });
    expect(token.status).toBe(200);
    accessToken = token.body.AccessToken as string;
  }, 120_000);
  afterAll(async () => server?.close());

  /** A CloudSSO client signing with the STS credentials of `configuration` in the management account. */
  async function as(configuration: string, mode: 'openapi-client ACS3' | 'openapi-core ACS3' = 'openapi-client ACS3'): Promise<ApiClient> {
    const r = await json('POST', '/cloud-credentials', { AccountId: management, AccessConfigurationId: configurations[configuration] }, accessToken);
    expect(r.status).toBe(200);
    const c = r.body.CloudCredential;
    return makeClient(mode, { endpoint: server.endpoint, key: { id: c.AccessKeyId, secret: c.AccessKeySecret }, securityToken: c.SecurityToken });
  }

  it('lists the management account and the three configurations for the user', async () => {
    const accounts = await json('GET', '/access-assignments/accounts', undefined, accessToken);
    expect(accounts.body.Accounts).toEqual([{ AccountId: management, DisplayName: expect.any(String) }]);
    const acs = await json('GET', `/access-assignments/access-configurations?AccountId=${management}`, undefined, accessToken);
    expect(acs.body.AccessConfigurationsForAccount.map((c: Body) => c.AccessConfigurationName).sort()).toEqual(['SSO-Admin', 'SSO-Auditor', 'SSO-Inline']);
  });

  it.each(['SSO-Admin', 'SSO-Inline'])('%s manages CloudSSO: reads and writes through both SDK cores', async (configuration) => {
    for (const mode of ['openapi-client ACS3', 'openapi-core ACS3'] as const) {
      const admin = await as(configuration, mode);
      expect((await admin.call('ListDirectories')).Directories.map((d: Body) => d.DirectoryId)).toEqual([directoryId]);
      const userName = `${configuration}-${mode.split(' ')[0]}`.toLowerCase();
      const created = (await admin.call('CreateUser', { DirectoryId: directoryId, UserName: userName })).User;
      expect(created.UserName).toBe(userName);
      const group = (await admin.call('CreateGroup', { DirectoryId: directoryId, GroupName: `${userName}-g` })).Group;
      await admin.call('AddUserToGroup', { DirectoryId: directoryId, GroupId: group.GroupId, UserId: created.UserId });
      // The root sees what the role session wrote.
      const members = (await api.call('ListGroupMembers', { DirectoryId: directoryId, GroupId: group.GroupId })).GroupMembers;
      expect(members.map((u: Body) => u.UserName)).toEqual([userName]);
    }
  });

  it('SSO-Auditor reads, and is refused a write with the action and the assumed role named', async () => {
    const auditor = await as('SSO-Auditor');
    expect((await auditor.call('ListUsers', { DirectoryId: directoryId })).Users.length).toBeGreaterThan(0);
    const refused = await auditor.fail('CreateUser', { DirectoryId: directoryId, UserName: 'nope' });
    expect({ code: refused.code, status: refused.status }).toEqual({ code: 'NoPermission', status: 403 });
    expect(refused.body.AccessDeniedDetail).toMatchObject({
      AuthAction: 'cloudsso:CreateUser',
      AuthPrincipalType: 'AssumedRoleUser',
      AuthPrincipalOwnerId: management,
      AuthPrincipalDisplayName: 'AliyunReservedSSO-SSO-Auditor/alice',
      NoPermissionType: 'ImplicitDeny',
    });
    const users = (await api.call('ListUsers', { DirectoryId: directoryId })).Users.map((u: Body) => u.UserName);
    expect(users).not.toContain('nope');
  });
});
