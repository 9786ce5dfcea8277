import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import * as OTPAuth from 'otpauth';
import type { ApiClient } from '../support/clients.js';
import { captureLogs } from '../support/log-capture.js';
import { client, storeOf } from '../support/management.js';
import { PortalBrowser, secretOnPage } from '../support/portal.js';
import { Ram, rejection } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * The portal's pages for access (issue 13; docs/decisions/0160-0162) over HTTP on both databases:
 * the landing page lists the accounts assigned to the user (paged) with their access
 * configurations, "Get credentials" issues STS credentials through the same core function as the
 * JSON API (its refusals, its audit), shown on a no-store page with env lines for the Alibaba
 * credential chain and never in a URL; after sign-in the browser goes back to the device page it
 * came from, and nowhere else; adding a second MFA device needs the password or a code first.
 */
const require = createRequire(import.meta.url);
const Core = require('@alicloud/openapi-core');
const RM = require('@alicloud/resourcemanager20200331');

const PASSWORD = 'Corr3ct!horse';
const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:ListUsers', Resource: '*' }] });

const config = (endpoint: string, c: { id: string; secret: string; token?: string }) =>
  new Core.$OpenApiUtil.Config({
    accessKeyId: c.id,
    accessKeySecret: c.secret,
    ...(c.token ? { securityToken: c.token } : {}),
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
  });

/** A code of the authenticator app, computed with otpauth (not the server's library). */
const codeOf = (secret: string, time: number) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: time });

const unescape = (s: string) => s.replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

describe.each(DIALECTS)('portal access pages on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  let rm: any;
  let memberId: string;
  let offset = 0;
  const now = () => Date.now() + offset;
  // The server's own logger, every line kept: the credentials must never appear in it.
  const logs = captureLogs('trace');
  beforeAll(async () => {
    node = await startTestServer(dialect, { clock: { now }, logger: logs.logger, env: { CLOUDSSO_MAX_DIRECTORIES: '1000', CLOUDSSO_AUTH_FAILURES_PER_IP: '10000' } });
    api = client(node);
    rm = new RM.default(config(node.endpoint, node.rootKey));
    await rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }));
    memberId = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Production', accountNamePrefix: 'prod' }))).body.account.accountId;
  }, 60_000);
  afterAll(() => node?.close());
  beforeEach(() => {
    offset = 0;
  });

  async function untilDone(DirectoryId: string, TaskId: string): Promise<void> {
    for (let i = 0; i < 120; i++) {
      const { TaskStatus } = await api.call('GetTaskStatus', { DirectoryId, TaskId });
      if (TaskStatus.Status !== 'InProgress') {
        expect(TaskStatus.Status).toBe('Success');
        return;
      }
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error('task still InProgress');
  }

  let n = 0;
  /** A directory with alice (password, MFA as given), in group ops. */
  async function setup(opts: { mfa?: string } = {}) {
    const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `pages-${dialect}-${++n}` })).Directory.DirectoryId as string;
    const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName as string;
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User.UserId as string;
    await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD });
    await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: opts.mfa ?? 'Disabled' });
    const GroupId = (await api.call('CreateGroup', { DirectoryId, GroupName: 'ops' })).Group.GroupId as string;
    await api.call('AddUserToGroup', { DirectoryId, GroupId, UserId });
    return { DirectoryId, UserId, GroupId, name, path: (sub = '') => `/portal/${name}${sub}` };
  }

  /** ECS-Admin (ram:ListUsers) assigned to the group on the member account, provisioned. */
  async function assign(d: { DirectoryId: string; GroupId: string }) {
    const ac = (await api.call('CreateAccessConfiguration', { DirectoryId: d.DirectoryId, AccessConfigurationName: 'ECS-Admin', SessionDuration: 3600, Description: 'Operators <ops>' }))
      .AccessConfiguration;
    const AccessConfigurationId = ac.AccessConfigurationId as string;
    await api.call('AddPermissionPolicyToAccessConfiguration', {
      DirectoryId: d.DirectoryId,
      AccessConfigurationId,
      PermissionPolicyType: 'Inline',
      PermissionPolicyName: 'list-users',
      InlinePolicyDocument: INLINE,
    });
    const task = await api.call('CreateAccessAssignment', {
      DirectoryId: d.DirectoryId,
      AccessConfigurationId,
      TargetType: 'RD-Account',
      TargetId: memberId,
      PrincipalType: 'Group',
      PrincipalId: d.GroupId,
    });
    await untilDone(d.DirectoryId, task.Task.TaskId);
    return AccessConfigurationId;
  }

  async function signedIn(path: (s?: string) => string): Promise<PortalBrowser> {
    const b = new PortalBrowser(node.url);
    await b.get(path('/login'));
    const r = await b.post(path('/login'), { username: 'alice', password: PASSWORD });
    expect(r.status).toBe(303);
    return b;
  }

  const credentialAudits = async () =>
    (await node.server.runtime.db.db.selectFrom('audit_events').select('id').where('action', '=', 'cloudsso:GetCloudCredential').execute()).length;

  it('lists the assigned accounts and configurations, and gets credentials only when the directory allows it', async () => {
    const d = await setup();
    const b = await signedIn(d.path);
    // Nothing assigned yet: the empty state.
    expect((await b.get(d.path())).body).toContain('No accounts are assigned to you yet');

    const acId = await assign(d);
    // AllowUserToGetCredentials is off by default: the configuration is listed, without the action, and the page says why.
    const off = await b.get(d.path());
    expect(off.status).toBe(200);
    expect(off.body).toContain('<h3>Production</h3>');
    expect(off.body).toContain(`Account ID ${memberId}`);
    expect(off.body).toContain('<strong>ECS-Admin</strong>');
    // Descriptions are escaped.
    expect(off.body).toContain('Operators &lt;ops&gt;');
    expect(off.body).toContain('AllowUserToGetCredentials');
    expect(off.body).not.toContain('Get credentials');
    // A crafted POST is refused by the same check as the JSON API.
    const refused = await b.post(d.path('/credentials'), { AccountId: memberId, AccessConfigurationId: acId });
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('AllowUserToGetCredentials is off');

    await api.call('SetLoginPreference', { DirectoryId: d.DirectoryId, AllowUserToGetCredentials: true });
    const on = await b.get(d.path());
    expect(on.body).toContain('Get credentials');
    expect(on.body).toContain(`name="AccessConfigurationId" value="${acId}"`);

    // The form needs the session's CSRF token.
    const forged = await b.request('POST', d.path('/credentials'), { AccountId: memberId, AccessConfigurationId: acId });
    expect(forged.status).toBe(403);

    const before = await credentialAudits();
    const t0 = Date.now();
    const got = await b.post(d.path('/credentials'), { AccountId: memberId, AccessConfigurationId: acId });
    expect(got.status).toBe(200);
    expect(got.headers.get('cache-control')).toBe('no-store');
    expect(got.location).toBeUndefined();
    // Every issuance audited, as the JSON API's.
    expect(await credentialAudits()).toBe(before + 1);
    const field = (id: string) => unescape(new RegExp(`id="${id}">([^<]+)<`).exec(got.body)![1]!);
    const creds = { id: field('access-key-id'), secret: field('access-key-secret'), token: field('security-token') };
    expect(creds.id).toMatch(/^STS\./);
    expect(creds.token).toMatch(/^CAIS/);
    const expiration = field('expiration');
    expect(Math.abs(Date.parse(expiration) - (t0 + 3600_000))).toBeLessThan(10_000);
    const posix = unescape(/<textarea class="env" id="env-posix"[^>]*>([^<]*)<\/textarea>/.exec(got.body)![1]!);
    expect(posix.split('\n')).toEqual([
      `export ALIBABA_CLOUD_ACCESS_KEY_ID='${creds.id}'`,
      `export ALIBABA_CLOUD_ACCESS_KEY_SECRET='${creds.secret}'`,
      `export ALIBABA_CLOUD_SECURITY_TOKEN='${creds.token}'`,
    ]);
    const ps = unescape(/<textarea class="env" id="env-powershell"[^>]*>([^<]*)<\/textarea>/.exec(got.body)![1]!);
    expect(ps.split('\n')).toEqual([
      `$env:ALIBABA_CLOUD_ACCESS_KEY_ID = '${creds.id}'`,
      `$env:ALIBABA_CLOUD_ACCESS_KEY_SECRET = '${creds.secret}'`,
      `$env:ALIBABA_CLOUD_SECURITY_TOKEN = '${creds.token}'`,
    ]);
    // Never logged (the request was: method and path).
    expect(logs.lines.some((l) => l.includes('/credentials'))).toBe(true);
    for (const secret of [creds.secret, creds.token]) expect(logs.lines.filter((l) => l.includes(secret))).toEqual([]);
    // The credentials work in the member account, within the configuration's policies.
    const ram = new Ram.default(config(node.endpoint, creds));
    expect((await ram.listUsers(new Ram.ListUsersRequest({}))).body.users).toBeDefined();
    const denied = await rejection(ram.createUser(new Ram.CreateUserRequest({ userName: 'mallory' })));
    expect({ code: denied.code, status: denied.statusCode }).toEqual({ code: 'NoPermission', status: 403 });

    // Not assigned: refused, nothing issued.
    const other = await b.post(d.path('/credentials'), { AccountId: '1234567890123456', AccessConfigurationId: acId });
    expect(other.status).toBe(403);
    expect(other.body).toContain('not assigned to you');
    expect((await b.post(d.path('/credentials'), { AccountId: memberId })).status).toBe(400);
    // Out of the group: the account is gone from the page and credentials are refused.
    await api.call('RemoveUserFromGroup', { DirectoryId: d.DirectoryId, GroupId: d.GroupId, UserId: d.UserId });
    expect((await b.get(d.path())).body).toContain('No accounts are assigned to you yet');
    expect((await b.post(d.path('/credentials'), { AccountId: memberId, AccessConfigurationId: acId })).status).toBe(403);
    expect(await credentialAudits()).toBe(before + 1);
    // Disabled: the session ends at once.
    await api.call('AddUserToGroup', { DirectoryId: d.DirectoryId, GroupId: d.GroupId, UserId: d.UserId });
    await api.call('UpdateUserStatus', { DirectoryId: d.DirectoryId, UserId: d.UserId, NewStatus: 'Disabled' });
    const gone = await b.post(d.path('/credentials'), { AccountId: memberId, AccessConfigurationId: acId });
    expect(gone.status).toBe(303);
    expect(gone.location).toBe(d.path('/login'));
  });

  it('pages the accounts in the database, 20 a page', async () => {
    const d = await setup();
    const acId = await assign(d);
    // 21 more accounts with an assignment row each (the listing reads assignment rows; provisioning is not needed to be listed).
    const store = storeOf(node);
    const ids: string[] = [memberId];
    for (let i = 0; i < 21; i++) {
      const id = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: `Team ${i}`, accountNamePrefix: `team${i}${n}` }))).body.account.accountId as string;
      ids.push(id);
      await store.access.insertAssignment({
        directoryId: d.DirectoryId,
        accessConfigurationId: acId,
        targetType: 'RD-Account',
        targetId: id,
        principalType: i % 2 ? 'User' : 'Group',
        principalId: i % 2 ? d.UserId : d.GroupId,
        createTime: Date.now(),
      });
    }
    ids.sort();
    const b = await signedIn(d.path);
    const first = await b.get(d.path());
    const shown = (body: string) => [...body.matchAll(/Account ID (\d+)/g)].map((m) => m[1]);
    expect(shown(first.body)).toEqual(ids.slice(0, 20));
    const more = /<a href="([^"]+)">More accounts<\/a>/.exec(first.body)![1]!;
    expect(more).toBe(`${d.path()}?after=${ids[19]}`);
    const second = await b.get(unescape(more));
    expect(shown(second.body)).toEqual(ids.slice(20));
    expect(second.body).not.toContain('More accounts');
    expect(second.body).toContain('First accounts');
    expect((await b.get(`${d.path()}?after=x'--`)).status).toBe(400);
  });

  it('goes back to the device page after password and MFA sign-in, and refuses other places', async () => {
    const d = await setup({ mfa: 'Enabled' });
    // First sign-in binds a device.
    const first = await signedIn(d.path);
    const secret = secretOnPage((await first.get(d.path('/mfa/bind'))).body);
    expect((await first.post(d.path('/mfa/bind'), { code: codeOf(secret, now()) })).location).toBe(d.path());

    offset = 60_000;
    const b = new PortalBrowser(node.url);
    const device = await b.get(d.path('/device?user_code=bcdf-ghjk'));
    expect(device.status).toBe(303);
    const back = d.path('/device?user_code=BCDF-GHJK');
    expect(device.location).toBe(`${d.path('/login')}?next=${encodeURIComponent(back)}`);
    await b.get(device.location!);
    expect((await b.post(d.path('/login'), { username: 'alice', password: PASSWORD })).location).toBe(d.path('/mfa'));
    await b.get(d.path('/mfa'));
    expect((await b.post(d.path('/mfa'), { code: codeOf(secret, now()) })).location).toBe(d.path());
    const landing = await b.get(d.path());
    expect(landing.status).toBe(303);
    expect(landing.location).toBe(back);
    const approval = await b.get(back);
    expect(approval.status).toBe(200);
    expect(approval.body).toContain('value="BCDF-GHJK"');
    // Once: the landing page is itself again.
    expect((await b.get(d.path())).status).toBe(200);

    // Open-redirect attempts: never followed; the user lands on the portal's own page.
    const attempts = [
      'https://evil.example/',
      '//evil.example/x',
      '/\\evil.example',
      `/portal/${d.name}/../../admin`,
      `/portal/${d.name}/%2e%2e/x`,
      `/portal/${d.name}/%2F%2Fevil.example`,
      `/portal/other-directory/device`,
      `/portal/${d.name}/login`,
      `/portal/${d.name}/device#x`,
      `javascript:alert(1)`,
      `/portal/${d.name}/device\r\nSet-Cookie: x=y`,
      `/portal/${d.name}/${'a'.repeat(600)}`,
    ];
    offset = 120_000;
    for (const [i, next] of attempts.entries()) {
      const c = new PortalBrowser(node.url);
      const login = await c.get(`${d.path('/login')}?next=${encodeURIComponent(next)}`);
      expect(login.status).toBe(200);
      expect(login.headers.getSetCookie().some((x) => x.startsWith('cloudsso_portal_next=')), next).toBe(false);
      // A forged cookie is not followed either (and is dropped).
      c.cookies.set('cloudsso_portal_next', Buffer.from(next).toString('base64url'));
      await c.post(d.path('/login'), { username: 'alice', password: PASSWORD });
      await c.get(d.path('/mfa'));
      offset = 120_000 + (i + 1) * 30_000;
      expect((await c.post(d.path('/mfa'), { code: codeOf(secret, now()) })).location).toBe(d.path());
      const home = await c.get(d.path());
      expect(home.status, next).toBe(200);
      expect(c.cookies.has('cloudsso_portal_next')).toBe(false);
    }
  });

  it('asks for the password or a code from the bound device before adding a second device', async () => {
    const d = await setup({ mfa: 'Enabled' });
    const b = await signedIn(d.path);
    const secret = secretOnPage((await b.get(d.path('/mfa/bind'))).body);
    expect((await b.post(d.path('/mfa/bind'), { code: codeOf(secret, now()) })).location).toBe(d.path());
    expect((await b.get(d.path())).body).toContain(`href="${d.path('/mfa/add')}">Add a device</a>`);

    // No key is offered without re-authentication, and a bind POST without it binds nothing.
    expect((await b.get(d.path('/mfa/bind'))).location).toBe(d.path('/mfa/add'));
    const page = await b.get(d.path('/mfa/add'));
    expect(page.status).toBe(200);
    expect(page.body).toContain('Current password');
    expect(page.body).toContain('Code from your current device');
    expect(page.body).not.toContain('id="secret"');
    const blind = await b.post(d.path('/mfa/bind'), { code: '123456' });
    expect(blind.status).toBe(303);
    expect(blind.location).toBe(d.path('/mfa/add'));
    expect((await api.call('ListMFADevicesForUser', { DirectoryId: d.DirectoryId, UserId: d.UserId })).MFADevices).toHaveLength(1);

    // Wrong password, wrong code, no CSRF token: refused.
    b.lastCsrf = /name="csrf" value="([^"]*)"/.exec(page.body)![1]!;
    const csrf = b.lastCsrf;
    const wrong = await b.post(d.path('/mfa/add'), { password: 'not it' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain('role="alert"');
    expect(wrong.body).not.toContain('id="secret"');
    const wrongCode = await b.post(d.path('/mfa/add'), { code: codeOf(secret, now()) === '000000' ? '111111' : '000000', csrf });
    expect(wrongCode.status).toBe(401);
    expect((await b.request('POST', d.path('/mfa/add'), { password: PASSWORD })).status).toBe(403);

    // A code from the bound device (a fresh time step) lets the user bind a second one.
    offset = 60_000;
    const ok = await b.post(d.path('/mfa/add'), { code: codeOf(secret, now()), csrf });
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(d.path('/mfa/bind'));
    const bind = await b.get(d.path('/mfa/bind'));
    expect(bind.body).toContain('Add another virtual MFA device');
    const secret2 = secretOnPage(bind.body);
    expect((await b.post(d.path('/mfa/bind'), { code: codeOf(secret2, now()) })).location).toBe(d.path());
    expect((await api.call('ListMFADevicesForUser', { DirectoryId: d.DirectoryId, UserId: d.UserId })).MFADevices).toHaveLength(2);
    expect((await b.get(d.path())).body).not.toContain('Add a device');

    // Audited: both failures and the success.
    const events = (await storeOf(node).audit.list(d.DirectoryId, 100))
      .filter((e) => e.action === 'PortalReauthenticate')
      .map((e) => `${String(e.request?.parameters?.Method)}:${e.errorCode ?? 'ok'}`);
    expect(events.sort()).toEqual(['mfa:InvalidCredentials', 'mfa:ok', 'password:InvalidCredentials']);
  });

  it('counts wrong re-authentications towards the MaxLoginAttempts lock', async () => {
    const d = await setup();
    await api.call('SetPasswordPolicy', { DirectoryId: d.DirectoryId, MaxLoginAttempts: 3 });
    const b = await signedIn(d.path);
    await b.get(d.path('/mfa/add'));
    const csrf = b.lastCsrf;
    for (let i = 0; i < 3; i++) expect((await b.post(d.path('/mfa/add'), { password: `wrong ${i}`, csrf })).status).toBe(401);
    // Locked: the right password is refused too, here and at sign-in.
    const locked = await b.post(d.path('/mfa/add'), { password: PASSWORD, csrf });
    expect(locked.status).toBe(401);
    expect(locked.body).not.toContain('id="secret"');
    const again = new PortalBrowser(node.url);
    await again.get(d.path('/login'));
    expect((await again.post(d.path('/login'), { username: 'alice', password: PASSWORD })).status).toBe(401);
    expect((await storeOf(node).audit.list(d.DirectoryId, 100)).some((e) => e.action === 'PortalLockUser')).toBe(true);
  });
});
