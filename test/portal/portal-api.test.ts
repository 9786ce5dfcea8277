import { createHash, randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient, Body } from '../support/clients.js';
import { client } from '../support/management.js';
import { PortalBrowser } from '../support/portal.js';
import { Ram, rejection } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * The programmatic portal API (issue 13; docs/decisions/0135-0137) over HTTP on both databases:
 * the device flow as Alibaba's CLI drives it (PKCE S256, the public client ID, polling /token),
 * approved on the portal's page by a signed-in user; the user's accounts and access
 * configurations; STS credentials for AliyunReservedSSO-<name> that the real STS and RAM SDKs
 * accept, authorized by the configuration's policies (403 otherwise); and the refusals: credentials
 * turned off, nothing assigned, the user disabled, a denied or expired device code.
 */
const require = createRequire(import.meta.url);
const Sts = require('@alicloud/sts20150401');
const RM = require('@alicloud/resourcemanager20200331');
const Core = require('@alicloud/openapi-core');
const CloudSSOProvider = require('@alicloud/credentials/dist/src/providers/cloud_sso').default;

const CLIENT_ID = 'app-vaz16tltdxs96audqf35';
const PASSWORD = 'Corr3ct!horse';
const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:ListUsers', Resource: '*' }] });

interface Creds {
  readonly id: string;
  readonly secret: string;
  readonly token?: string;
}
const config = (endpoint: string, c: Creds) =>
  new Core.$OpenApiUtil.Config({
    accessKeyId: c.id,
    accessKeySecret: c.secret,
    ...(c.token ? { securityToken: c.token } : {}),
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
  });

/** As the Go CLI makes it: 16 alphanumerics and a 32-hex MD5, 48 characters. */
function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(12).toString('hex').slice(0, 16) + createHash('md5').update(randomBytes(8)).digest('hex');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

describe.each(DIALECTS)('the portal API on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  let memberId: string;
  let offset = 0;
  const now = () => Date.now() + offset;
  beforeAll(async () => {
    node = await startTestServer(dialect, { clock: { now }, env: { CLOUDSSO_MAX_DIRECTORIES: '1000', CLOUDSSO_AUTH_FAILURES_PER_IP: '10000' } });
    api = client(node);
    const rm = new RM.default(config(node.endpoint, node.rootKey));
    await rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }));
    memberId = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Production', accountNamePrefix: 'prod' }))).body.account
      .accountId;
  });
  afterAll(() => node?.close());
  beforeEach(() => {
    offset = 0;
  });

  const json = async (method: 'GET' | 'POST', path: string, body?: unknown, token?: string): Promise<{ status: number; body: Body }> => {
    const res = await fetch(`${node.url}${path}`, {
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

  async function untilDone(DirectoryId: string, TaskId: string): Promise<void> {
    for (let i = 0; i < 60; i++) {
      const { TaskStatus } = await api.call('GetTaskStatus', { DirectoryId, TaskId });
      if (TaskStatus.Status !== 'InProgress') {
        expect(TaskStatus.Status).toBe('Success');
        return;
      }
      await new Promise((r) => setTimeout(r, 500));
    }
    throw new Error('task still InProgress');
  }

  let n = 0;
  /** A directory with alice (password), in group ops, assigned ECS-Admin on the member account through the group. */
  async function setup(opts: { allowCredentials?: boolean } = {}) {
    const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `papi-${dialect}-${++n}` })).Directory.DirectoryId as string;
    const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName as string;
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User.UserId as string;
    await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD });
    await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Disabled' });
    const GroupId = (await api.call('CreateGroup', { DirectoryId, GroupName: 'ops' })).Group.GroupId as string;
    await api.call('AddUserToGroup', { DirectoryId, GroupId, UserId });
    const ac = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'ECS-Admin', SessionDuration: 3600, Description: 'ops' }))
      .AccessConfiguration;
    const AccessConfigurationId = ac.AccessConfigurationId as string;
    await api.call('AddPermissionPolicyToAccessConfiguration', {
      DirectoryId,
      AccessConfigurationId,
      PermissionPolicyType: 'Inline',
      PermissionPolicyName: 'list-users',
      InlinePolicyDocument: INLINE,
    });
    const task = await api.call('CreateAccessAssignment', {
      DirectoryId,
      AccessConfigurationId,
      TargetType: 'RD-Account',
      TargetId: memberId,
      PrincipalType: 'Group',
      PrincipalId: GroupId,
    });
    await untilDone(DirectoryId, task.Task.TaskId);
    if (opts.allowCredentials !== false) await api.call('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: true });
    return { DirectoryId, UserId, GroupId, AccessConfigurationId, name };
  }

  /** Signs alice in to the portal in a fresh browser. */
  async function signedIn(name: string): Promise<PortalBrowser> {
    const b = new PortalBrowser(node.url);
    await b.get(`/portal/${name}/login`);
    const r = await b.post(`/portal/${name}/login`, { username: 'alice', password: PASSWORD });
    expect(r.status).toBe(303);
    return b;
  }

  /** The device flow to an access token, approved in `b`. */
  async function deviceLogin(b: PortalBrowser, decision: 'approve' | 'deny' = 'approve') {
    const { verifier, challenge } = pkce();
    const started = await json('POST', '/device-authorization', {
      PortalUrl: `${node.url}/device/login`,
      ClientId: CLIENT_ID,
      CodeChallenge: challenge,
      CodeChallengeMethod: 'S256',
    });
    expect(started.status).toBe(200);
    const grant = { ClientId: CLIENT_ID, DeviceCode: started.body.DeviceCode, CodeVerifier: verifier, GrantType: 'urn:ietf:params:oauth:grant-type:device_code' };
    const pending = await json('POST', '/token', grant);
    expect(pending.status).toBe(400);
    expect(pending.body).toEqual({ ErrorCode: 'AuthorizationPending', ErrorMessage: expect.any(String), RequestId: expect.any(String) });

    const link = new URL(started.body.VerificationUriComplete as string);
    const to = await b.get(`${link.pathname}${link.search}`);
    expect(to.status).toBe(303);
    const pagePath = new URL(to.location ?? '', node.url);
    const page = await b.get(`${pagePath.pathname}${pagePath.search}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`value="${started.body.UserCode}"`);
    const done = await b.post(pagePath.pathname, { user_code: started.body.UserCode, decision });
    expect(done.status).toBe(200);
    return { started, grant, token: await json('POST', '/token', grant) };
  }

  it('runs the device flow and hands out STS credentials the real SDKs accept, authorized by the role', async () => {
    const d = await setup();
    const b = await signedIn(d.name);
    const { started, grant, token } = await deviceLogin(b);
    expect(started.body).toMatchObject({
      UserCode: expect.stringMatching(/^[B-Z]{4}-[B-Z]{4}$/),
      VerificationUri: `${node.url}/device/code`,
      Interval: 5,
    });
    expect(token.status).toBe(200);
    expect(token.body).toMatchObject({ AccessToken: expect.any(String), ExpiresIn: expect.any(Number) });
    expect(token.body.ExpiresIn).toBeGreaterThan(7 * 3600);
    expect(token.body.ExpiresIn).toBeLessThanOrEqual(8 * 3600);
    // Once only.
    expect((await json('POST', '/token', grant)).body.ErrorCode).toBe('InvalidDeviceCodeError');
    const at = token.body.AccessToken as string;

    const accounts = await json('GET', '/access-assignments/accounts?MaxResults=100', undefined, at);
    expect(accounts).toEqual({ status: 200, body: { Accounts: [{ AccountId: memberId, DisplayName: 'Production' }], IsTruncated: false, RequestId: expect.any(String) } });
    const acs = await json('GET', `/access-assignments/access-configurations?AccountId=${memberId}&MaxResults=100`, undefined, at);
    expect(acs.body).toEqual({
      AccessConfigurationsForAccount: [{ AccessConfigurationId: d.AccessConfigurationId, AccessConfigurationName: 'ECS-Admin', AccessConfigurationDescription: 'ops' }],
      IsTruncated: false,
      RequestId: expect.any(String),
    });

    const t0 = Date.now();
    const cred = await json('POST', '/cloud-credentials', { AccountId: memberId, AccessConfigurationId: d.AccessConfigurationId }, at);
    expect(cred.status).toBe(200);
    const cc = cred.body.CloudCredential;
    expect(cc).toEqual({
      AccessKeyId: expect.stringMatching(/^STS\./),
      AccessKeySecret: expect.any(String),
      SecurityToken: expect.stringMatching(/^CAIS/),
      Expiration: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
    });
    // The configuration's SessionDuration (3600 s).
    expect(Math.abs(Date.parse(cc.Expiration) - (t0 + 3600_000))).toBeLessThan(10_000);

    const member: Creds = { id: cc.AccessKeyId, secret: cc.AccessKeySecret, token: cc.SecurityToken };
    const sts = new Sts.default(config(node.endpoint, member));
    const who = (await sts.getCallerIdentity()).body;
    expect(who).toMatchObject({ accountId: memberId, identityType: 'AssumedRoleUser', arn: `acs:ram::${memberId}:role/aliyunreservedsso-ecs-admin/alice` });
    const ram = new Ram.default(config(node.endpoint, member));
    // Allowed by the inline policy, denied otherwise.
    expect((await ram.listUsers(new Ram.ListUsersRequest({}))).body.users).toBeDefined();
    const denied = await rejection(ram.createUser(new Ram.CreateUserRequest({ userName: 'mallory' })));
    expect({ code: denied.code, status: denied.statusCode }).toEqual({ code: 'NoPermission', status: 403 });

    // With the clock past the SessionDuration the credentials stop working; past 8 hours, the token.
    offset = 3601_000;
    const expired = await rejection(ram.listUsers(new Ram.ListUsersRequest({})));
    expect({ code: expired.code, status: expired.statusCode }).toEqual({ code: 'InvalidSecurityToken.Expired', status: 400 });
    offset = 8 * 3600_000 + 1000;
    expect(await json('GET', '/access-assignments/accounts', undefined, at)).toMatchObject({ status: 401, body: { ErrorCode: 'InvalidToken' } });
    offset = 0;

    // @alicloud/credentials' CloudSSO provider (2.4.7) builds the JSON body but never sends it
    // (decision 0137). A token that has got credentials for exactly one choice gets that choice's
    // credentials again (decision 0165): `at` chose ECS-Admin on the member account above.
    const provider = (token: string) =>
      CloudSSOProvider.builder()
        .withSignInUrl(`${node.url}/device/login`)
        .withAccountId(memberId)
        .withAccessConfig(d.AccessConfigurationId)
        .withAccessToken(token)
        .withAccessTokenExpire(Math.floor(Date.now() / 1000) + 3600)
        // The provider's own option: its 10 s default is short on a loaded test machine.
        .withReadTimeout(60_000)
        .build();
    const viaProvider = await provider(at).getCredentials();
    expect(viaProvider.accessKeyId).toMatch(/^STS\./);
    const again = new Sts.default(config(node.endpoint, { id: viaProvider.accessKeyId, secret: viaProvider.accessKeySecret, token: viaProvider.securityToken }));
    expect((await again.getCallerIdentity()).body.arn).toBe(`acs:ram::${memberId}:role/aliyunreservedsso-ecs-admin/alice`);
    // A token that has chosen nothing yet: the server can only say what is missing, in the body the provider reports.
    const fresh = (await deviceLogin(b)).token.body.AccessToken as string;
    const err = await rejection(provider(fresh).getCredentials());
    expect(err.message).toContain('MissingParameter.AccountId');
    // A token used for two different choices names neither any more.
    expect((await json('POST', '/cloud-credentials', { AccountId: memberId, AccessConfigurationId: d.AccessConfigurationId }, fresh)).status).toBe(200);
    const other = await json('POST', '/cloud-credentials', { AccountId: memberId, AccessConfigurationId: 'ac-00000000000000000000' }, fresh);
    expect(other).toMatchObject({ status: 403, body: { ErrorCode: 'Forbidden.NoAccessAssignment' } });
    expect((await provider(fresh).getCredentials()).accessKeyId).toMatch(/^STS\./);
    const admin = (await api.call('CreateAccessConfiguration', { DirectoryId: d.DirectoryId, AccessConfigurationName: 'Reader', SessionDuration: 900 })).AccessConfiguration
      .AccessConfigurationId as string;
    const t2 = await api.call('CreateAccessAssignment', { DirectoryId: d.DirectoryId, AccessConfigurationId: admin, TargetType: 'RD-Account', TargetId: memberId, PrincipalType: 'User', PrincipalId: d.UserId });
    await untilDone(d.DirectoryId, t2.Task.TaskId);
    expect((await json('POST', '/cloud-credentials', { AccountId: memberId, AccessConfigurationId: admin }, fresh)).status).toBe(200);
    const ambiguous = await rejection(provider(fresh).getCredentials());
    expect(ambiguous.message).toContain('MissingParameter.AccountId');
  });

  it('refuses credentials when the directory does not allow them, when nothing is assigned, and to a disabled user', async () => {
    const d = await setup({ allowCredentials: false });
    const b = await signedIn(d.name);
    const at = (await deviceLogin(b)).token.body.AccessToken as string;
    const ask = (AccountId = memberId, AccessConfigurationId = d.AccessConfigurationId) =>
      json('POST', '/cloud-credentials', { AccountId, AccessConfigurationId }, at);
    expect(await ask()).toEqual({ status: 403, body: { ErrorCode: 'Forbidden.CredentialsNotAllowed', ErrorMessage: expect.stringContaining('AllowUserToGetCredentials'), RequestId: expect.any(String) } });

    await api.call('SetLoginPreference', { DirectoryId: d.DirectoryId, AllowUserToGetCredentials: true });
    expect((await ask()).status).toBe(200);
    // Out of the group: nothing assigned any more.
    await api.call('RemoveUserFromGroup', { DirectoryId: d.DirectoryId, GroupId: d.GroupId, UserId: d.UserId });
    expect((await ask()).body.ErrorCode).toBe('Forbidden.NoAccessAssignment');
    expect((await json('GET', '/access-assignments/accounts', undefined, at)).body.Accounts).toEqual([]);
    await api.call('AddUserToGroup', { DirectoryId: d.DirectoryId, GroupId: d.GroupId, UserId: d.UserId });
    expect((await ask()).status).toBe(200);
    expect((await ask('1234567890123456')).body.ErrorCode).toBe('Forbidden.NoAccessAssignment');

    // Disabled: refused at once, and the token is gone for good.
    await api.call('UpdateUserStatus', { DirectoryId: d.DirectoryId, UserId: d.UserId, NewStatus: 'Disabled' });
    expect(await ask()).toEqual({ status: 403, body: { ErrorCode: 'Forbidden.UserDisabled', ErrorMessage: expect.any(String), RequestId: expect.any(String) } });
    await api.call('UpdateUserStatus', { DirectoryId: d.DirectoryId, UserId: d.UserId, NewStatus: 'Enabled' });
    expect((await ask()).status).toBe(401);
    // Deleted: the user's tokens go with it.
    const again = (await deviceLogin(await signedIn(d.name))).token.body.AccessToken as string;
    expect((await json('GET', '/access-assignments/accounts', undefined, again)).status).toBe(200);
    await api.call('RemoveUserFromGroup', { DirectoryId: d.DirectoryId, GroupId: d.GroupId, UserId: d.UserId });
    await api.call('DeleteUser', { DirectoryId: d.DirectoryId, UserId: d.UserId });
    expect((await json('GET', '/access-assignments/accounts', undefined, again)).body.ErrorCode).toBe('InvalidToken');
    expect((await json('GET', '/access-assignments/accounts', undefined, 'not-a-token')).body.ErrorCode).toBe('InvalidToken');
    expect((await json('GET', '/access-assignments/accounts')).status).toBe(401);
  });

  it('refuses a denied, expired or mis-verified device code, a wrong client, and an approval without the CSRF token', async () => {
    const d = await setup();
    const b = await signedIn(d.name);
    const denied = await deviceLogin(b, 'deny');
    expect(denied.token.body.ErrorCode).toBe('AccessDenied');

    const { challenge } = pkce();
    const start = () => json('POST', '/device-authorization', { ClientId: CLIENT_ID, CodeChallenge: challenge, CodeChallengeMethod: 'S256' });
    const s1 = await start();
    const grant = { ClientId: CLIENT_ID, DeviceCode: s1.body.DeviceCode, CodeVerifier: pkce().verifier, GrantType: 'urn:ietf:params:oauth:grant-type:device_code' };
    expect((await json('POST', '/token', grant)).body.ErrorCode).toBe('InvalidCodeVerifier');
    offset = 601_000;
    expect(await json('POST', '/token', grant)).toMatchObject({ status: 400, body: { ErrorCode: 'InvalidDeviceCodeError' } });
    offset = 0;

    expect((await json('POST', '/device-authorization', { ClientId: 'app-other', CodeChallenge: challenge, CodeChallengeMethod: 'S256' })).body.ErrorCode).toBe(
      'InvalidClientId',
    );
    expect((await json('POST', '/device-authorization', { ClientId: CLIENT_ID, CodeChallenge: challenge, CodeChallengeMethod: 'plain' })).status).toBe(400);
    const bad = await fetch(`${node.url}/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as Body).ErrorCode).toBe('InvalidParameter.Body');

    // The approval form needs the session's CSRF token.
    const s2 = await start();
    const forged = await b.request('POST', `/portal/${d.name}/device`, { user_code: s2.body.UserCode, decision: 'approve' });
    expect(forged.status).toBe(403);
    // Signed out: /device/code says to sign in first.
    expect((await new PortalBrowser(node.url).get(`/device/code?user_code=${s2.body.UserCode}`)).status).toBe(401);
  });
});
