import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ApiClient, Body } from '../support/clients.js';
import { makeClient } from '../support/clients.js';
import { client, coreOf, newDirectory, storeOf } from '../support/management.js';
import { PortalBrowser, secretOnPage, totpAt } from '../support/portal.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { expectSuccess } from '../support/wire.js';

/**
 * Password sign-in to the user portal over HTTP on both databases (issue 12;
 * docs/decisions/0115-portal-sign-in.md): sign-in and sign-out, enumeration resistance, lockout,
 * expiry and the forced change, TOTP binding and use with codes computed here (RFC 6238 on
 * node:crypto), replay refusal, CSRF refusal, sessions ending when the user is disabled or deleted,
 * network masks through the trusted proxy, SSO turning password sign-in off, and the audit trail.
 */
const PASSWORD = 'Corr3ct!horse';

describe.each(DIALECTS)('portal password sign-in on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  let trail: ApiClient;
  // The server's clock: tests move it forward for lock and expiry; API calls happen at offset 0.
  let offset = 0;
  const now = () => Date.now() + offset;

  beforeAll(async () => {
    node = await startTestServer(dialect, {
      clock: { now },
      env: { CLOUDSSO_MAX_DIRECTORIES: '1000', CLOUDSSO_AUTH_FAILURES_PER_IP: '10000', CLOUDSSO_TRUSTED_PROXIES: '127.0.0.1' },
    });
    api = client(node);
    trail = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2020-07-06' });
  });
  afterAll(() => node?.close());
  beforeEach(() => {
    offset = 0;
  });

  /** A directory and a user with a password, MFA as given (Disabled unless told). */
  async function setup(opts: { mfa?: string; userName?: string } = {}) {
    const DirectoryId = await newDirectory(api, 'portal');
    const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName as string;
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: opts.userName ?? 'alice', DisplayName: 'Alice Liddell' })).User.UserId as string;
    expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD }), []);
    expectSuccess(await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: opts.mfa ?? 'Disabled' }), []);
    return { DirectoryId, UserId, name, path: (sub = '') => `/portal/${name}${sub}` };
  }

  async function signIn(b: PortalBrowser, path: (s?: string) => string, userName: string, password: string) {
    await b.get(path('/login'));
    return b.post(path('/login'), { username: userName, password });
  }

  const events = async (directoryId: string): Promise<Body[]> => {
    // Some events were recorded with the clock moved forward: look up to an hour ahead.
    const EndTime = new Date(Date.now() + 3600_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const r = await trail.call('LookupEvents', { EndTime, 'LookupAttribute.1.Key': 'ServiceName', 'LookupAttribute.1.Value': 'cloudsso', MaxResults: '50' });
    return (r.Events as Body[]).filter((e) => e.requestParameters?.DirectoryId === directoryId && String(e.eventName).startsWith('Portal'));
  };

  it('signs in with a password, shows the landing page, signs out', async () => {
    const d = await setup();
    const b = new PortalBrowser(node.url);
    const page = await b.get(d.path('/login'));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(page.body).toContain('<label for="username">');

    const r = await b.post(d.path('/login'), { username: 'alice', password: PASSWORD });
    expect(r.status).toBe(303);
    expect(r.location).toBe(d.path());
    const cookie = r.headers.getSetCookie().find((c) => c.startsWith('cloudsso_portal_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Max-Age=28800/);
    expect(cookie).not.toMatch(/Secure/); // http://127.0.0.1
    // Only a hash of the token is stored.
    const token = b.cookies.get('cloudsso_portal_session')!;
    const rows = await node.server.runtime.db.db.selectFrom('portal_sessions').select('id_hash').where('user_id', '=', d.UserId).execute();
    expect(rows.map((x) => x.id_hash)).not.toContain(token);
    expect(rows).toHaveLength(1);

    const landing = await b.get(d.path());
    expect(landing.status).toBe(200);
    expect(landing.body).toContain('Welcome, Alice Liddell');

    const out = await b.post(d.path('/logout'), {});
    expect(out.status).toBe(303);
    expect((await b.follow(out)).body).toContain('You have signed out');
    expect((await b.get(d.path())).location).toBe(d.path('/login'));

    const names = (await events(d.DirectoryId)).map((e) => `${e.eventName}${e.errorCode ? `:${e.errorCode}` : ''}`);
    expect(names).toEqual(expect.arrayContaining(['PortalSignIn', 'PortalSignOut']));
    const signInEvent = (await events(d.DirectoryId)).find((e) => e.eventName === 'PortalSignIn' && !e.errorCode)!;
    expect(signInEvent.userIdentity).toMatchObject({ type: 'cloudsso-user', principalId: d.UserId, userName: 'alice' });
    expect(JSON.stringify(signInEvent)).not.toContain(PASSWORD);
  });

  it('answers an unknown user and a wrong password alike, in comparable time', async () => {
    const d = await setup();
    const b = new PortalBrowser(node.url);
    const norm = (s: string) => s.replace(/value="[^"]*"/g, 'value=""');
    const unknown = await signIn(b, d.path, 'mallory', PASSWORD);
    const wrong = await signIn(b, d.path, 'alice', 'Wr0ng!password');
    expect(unknown.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(norm(unknown.body)).toBe(norm(wrong.body));
    expect(unknown.body).toContain('role="alert"');

    const time = async (user: string) => {
      const t0 = performance.now();
      await b.post(d.path('/login'), { username: user, password: 'Wr0ng!password' });
      return performance.now() - t0;
    };
    const a: number[] = [];
    const c: number[] = [];
    for (let i = 0; i < 4; i++) {
      a.push(await time('nobody-here'));
      c.push(await time('alice'));
    }
    const median = (x: number[]) => x.sort((p, q) => p - q)[Math.floor(x.length / 2)]!;
    // Both verify an argon2id hash of the same cost: an unknown user is not answered faster.
    expect(median(a)).toBeGreaterThan(median(c) * 0.5);
    // The failures are in the trail, with the name tried.
    const failed = (await events(d.DirectoryId)).filter((e) => e.errorCode === 'InvalidCredentials');
    expect(failed.some((e) => e.userIdentity.userName === 'mallory')).toBe(true);
  });

  it('locks a user for an hour after MaxLoginAttempts failures, even for the right password', async () => {
    const d = await setup();
    expectSuccess(await api.call('SetPasswordPolicy', { DirectoryId: d.DirectoryId, MaxLoginAttempts: 3 }), []);
    const b = new PortalBrowser(node.url);
    for (let i = 0; i < 3; i++) expect((await signIn(b, d.path, 'alice', 'Wr0ng!password')).status).toBe(401);
    const locked = await signIn(b, d.path, 'alice', PASSWORD);
    expect(locked.status).toBe(401);
    expect(locked.body).toContain('The user name or password is incorrect');
    const names = (await events(d.DirectoryId)).map((e) => e.eventName);
    expect(names).toContain('PortalLockUser');

    offset = 59 * 60_000;
    expect((await signIn(b, d.path, 'alice', PASSWORD)).status).toBe(401);
    offset = 61 * 60_000;
    const ok = await signIn(b, d.path, 'alice', PASSWORD);
    expect(ok.status).toBe(303);
    expect(ok.location).toBe(d.path());
  });

  it('makes an expired or flagged password be changed before signing in', async () => {
    const d = await setup();
    expectSuccess(await api.call('SetPasswordPolicy', { DirectoryId: d.DirectoryId, MaxPasswordAge: 1 }), []);
    const b = new PortalBrowser(node.url);
    offset = 2 * 24 * 3600_000;
    const r = await signIn(b, d.path, 'alice', PASSWORD);
    expect(r.location).toBe(d.path('/password'));
    // Not signed in yet: the landing page sends back to the step.
    expect((await b.get(d.path())).location).toBe(d.path('/password'));
    const form = await b.get(d.path('/password'));
    expect(form.body).toContain('autocomplete="new-password"');
    const same = await b.post(d.path('/password'), { newPassword: PASSWORD, confirmPassword: PASSWORD });
    expect(same.status).toBe(400);
    expect(same.body).toContain('password policy');
    const mismatch = await b.post(d.path('/password'), { newPassword: 'N3w!password', confirmPassword: 'N3w!passwore' });
    expect(mismatch.status).toBe(400);
    const changed = await b.post(d.path('/password'), { newPassword: 'N3w!password', confirmPassword: 'N3w!password' });
    expect(changed.location).toBe(d.path());
    expect((await b.get(d.path())).status).toBe(200);
    // The new password works and is not expired.
    const again = new PortalBrowser(node.url);
    expect((await signIn(again, d.path, 'alice', 'N3w!password')).location).toBe(d.path());

    offset = 0;
    expectSuccess(await api.call('ResetUserPassword', { DirectoryId: d.DirectoryId, UserId: d.UserId, Password: 'Fl4gged!pass', RequirePasswordResetForNextLogin: true }), []);
    const flagged = new PortalBrowser(node.url);
    expect((await signIn(flagged, d.path, 'alice', 'Fl4gged!pass')).location).toBe(d.path('/password'));
    await flagged.get(d.path('/password'));
    expect((await flagged.post(d.path('/password'), { newPassword: 'An0ther!pass', confirmPassword: 'An0ther!pass' })).location).toBe(d.path());
    expect((await events(d.DirectoryId)).map((e) => e.eventName)).toContain('PortalChangePassword');
  });

  it('binds a TOTP device at the first sign-in when MFA is on, then asks for codes and refuses a used one', async () => {
    const d = await setup({ mfa: 'Enabled' });
    const b = new PortalBrowser(node.url);
    const r = await signIn(b, d.path, 'alice', PASSWORD);
    expect(r.location).toBe(d.path('/mfa/bind'));
    const bind = await b.get(d.path('/mfa/bind'));
    expect(bind.body).toContain('<svg');
    const secret = secretOnPage(bind.body);
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    const wrong = await b.post(d.path('/mfa/bind'), { code: '000000' === totpAt(secret, now()) ? '111111' : '000000' });
    expect(wrong.status).toBe(401);
    expect(secretOnPage(wrong.body)).toBe(secret);
    const bound = await b.post(d.path('/mfa/bind'), { code: totpAt(secret, now()) });
    expect(bound.location).toBe(d.path());
    // Signed in now: the cookie is renewed for the whole session.
    expect(bound.headers.getSetCookie().find((c) => c.startsWith('cloudsso_portal_session='))).toMatch(/Max-Age=(2879\d|28800);/);
    expect((await b.get(d.path())).body).toContain('Welcome');
    // Signed in, the user adds a second device after re-authenticating (docs/decisions/0162,
    // tested in portal-access-pages.test.ts); a third is refused.
    expect((await b.get(d.path('/mfa/bind'))).location).toBe(d.path('/mfa/add'));
    await b.get(d.path('/mfa/add'));
    expect((await b.post(d.path('/mfa/add'), { password: PASSWORD })).location).toBe(d.path('/mfa/bind'));
    const second = await b.get(d.path('/mfa/bind'));
    expect(second.body).toContain('Add another virtual MFA device');
    const secret2 = secretOnPage(second.body);
    expect(secret2).not.toBe(secret);
    expect((await b.post(d.path('/mfa/bind'), { code: totpAt(secret2, now()) })).location).toBe(d.path());
    expect((await b.get(d.path('/mfa/bind'))).location).toBe(d.path('/mfa/add'));
    const refused = await b.get(d.path('/mfa/add'));
    expect(refused.status).toBe(409);
    expect(refused.body).toContain('two MFA devices');
    const all = await api.call('ListMFADevicesForUser', { DirectoryId: d.DirectoryId, UserId: d.UserId });
    expect(all.MFADevices.map((x: Body) => x.DeviceName).sort()).toEqual(['alice-MFA1', 'alice-MFA2']);
    expectSuccess(await api.call('DeleteMFADeviceForUser', { DirectoryId: d.DirectoryId, UserId: d.UserId, MFADeviceId: all.MFADevices.find((x: Body) => x.DeviceName === 'alice-MFA2').DeviceId }), []);
    const devices = await api.call('ListMFADevicesForUser', { DirectoryId: d.DirectoryId, UserId: d.UserId });
    expect(devices.MFADevices).toHaveLength(1);
    expect(devices.MFADevices[0]).toMatchObject({ DeviceType: 'TOTP', DeviceName: 'alice-MFA1' });

    // Next sign-in: a code, once.
    offset = 60_000;
    const b2 = new PortalBrowser(node.url);
    expect((await signIn(b2, d.path, 'alice', PASSWORD)).location).toBe(d.path('/mfa'));
    await b2.get(d.path('/mfa'));
    const code = totpAt(secret, now());
    const first = await b2.post(d.path('/mfa'), { code });
    expect(first.status, first.body).toBe(303);
    expect(first.location).toBe(d.path());
    const b3 = new PortalBrowser(node.url);
    expect((await signIn(b3, d.path, 'alice', PASSWORD)).location).toBe(d.path('/mfa'));
    expect((await b3.get(d.path('/mfa'))).body).toContain('autocomplete="one-time-code"');
    const replay = await b3.post(d.path('/mfa'), { code });
    expect(replay.status).toBe(401);
    expect(replay.body).toContain('already used');
    offset = 90_000;
    expect((await b3.post(d.path('/mfa'), { code: totpAt(secret, now()) })).location).toBe(d.path());

    // The administrator removes the device: the next sign-in binds again.
    offset = 0;
    expectSuccess(await api.call('DeleteMFADeviceForUser', { DirectoryId: d.DirectoryId, UserId: d.UserId, MFADeviceId: devices.MFADevices[0].DeviceId }), []);
    const b4 = new PortalBrowser(node.url);
    expect((await signIn(b4, d.path, 'alice', PASSWORD)).location).toBe(d.path('/mfa/bind'));
    const names = (await events(d.DirectoryId)).map((e) => `${e.eventName}${e.errorCode ? `:${e.errorCode}` : ''}`);
    expect(names).toEqual(expect.arrayContaining(['PortalBindMFADevice', 'PortalBindMFADevice:InvalidCode', 'PortalVerifyMFA:ReusedCode']));
  });

  it('follows the MFA modes: Byuser per user, OnlyRiskyLogin on an unusual sign-in only', async () => {
    const d = await setup({ mfa: 'Byuser' });
    expectSuccess(await api.call('UpdateUserMFAAuthenticationSettings', { DirectoryId: d.DirectoryId, UserId: d.UserId, UserMFAAuthenticationSettings: 'Disabled' }), []);
    expect((await signIn(new PortalBrowser(node.url), d.path, 'alice', PASSWORD)).location).toBe(d.path());
    expectSuccess(await api.call('UpdateUserMFAAuthenticationSettings', { DirectoryId: d.DirectoryId, UserId: d.UserId, UserMFAAuthenticationSettings: 'Enabled' }), []);
    expect((await signIn(new PortalBrowser(node.url), d.path, 'alice', PASSWORD)).location).toBe(d.path('/mfa/bind'));

    // OnlyRiskyLogin, Autonomous: the same address as last time is not risky; another one is,
    // and binding is offered with a way to skip it.
    expectSuccess(await api.call('UpdateMFAAuthenticationSettings', { DirectoryId: d.DirectoryId, MFAAuthenticationSettings: 'OnlyRiskyLogin', OperationForRiskLogin: 'Autonomous' }), []);
    expect((await signIn(new PortalBrowser(node.url), d.path, 'alice', PASSWORD)).location).toBe(d.path());
    const elsewhere = new PortalBrowser(node.url, { 'x-forwarded-for': '198.51.100.7' });
    expect((await signIn(elsewhere, d.path, 'alice', PASSWORD)).location).toBe(d.path('/mfa/bind'));
    const offer = await elsewhere.get(d.path('/mfa/bind'));
    expect(offer.body).toContain('Skip for now');
    expect((await elsewhere.post(d.path('/mfa/bind/skip'), {})).location).toBe(d.path());
    // EnforceVerify: a risky sign-in must bind.
    expectSuccess(await api.call('UpdateMFAAuthenticationSettings', { DirectoryId: d.DirectoryId, MFAAuthenticationSettings: 'OnlyRiskyLogin', OperationForRiskLogin: 'EnforceVerify' }), []);
    const third = new PortalBrowser(node.url, { 'x-forwarded-for': '203.0.113.9' });
    expect((await signIn(third, d.path, 'alice', PASSWORD)).location).toBe(d.path('/mfa/bind'));
    expect((await third.get(d.path('/mfa/bind'))).body).not.toContain('Skip for now');
    expect((await third.post(d.path('/mfa/bind/skip'), {})).location).toBe(d.path('/mfa/bind'));
  });

  it('refuses a form without the CSRF token of its page', async () => {
    const d = await setup();
    const b = new PortalBrowser(node.url);
    await b.get(d.path('/login'));
    const none = await b.request('POST', d.path('/login'), { username: 'alice', password: PASSWORD });
    expect(none.status).toBe(403);
    expect(none.body).toContain('Form expired');
    const forged = await b.request('POST', d.path('/login'), { username: 'alice', password: PASSWORD, csrf: 'x'.repeat(43) });
    expect(forged.status).toBe(403);
    // Signed in: sign-out with another session's token is refused and the session lives on.
    expect((await b.post(d.path('/login'), { username: 'alice', password: PASSWORD })).status).toBe(303);
    await b.get(d.path());
    const other = new PortalBrowser(node.url);
    await signIn(other, d.path, 'alice', PASSWORD);
    await other.get(d.path());
    expect((await b.request('POST', d.path('/logout'), { csrf: other.lastCsrf })).status).toBe(403);
    expect((await b.get(d.path())).status).toBe(200);
  });

  it('ends the sessions of a disabled or deleted user at their next request', async () => {
    const d = await setup();
    const b = new PortalBrowser(node.url);
    await signIn(b, d.path, 'alice', PASSWORD);
    expect((await b.get(d.path())).status).toBe(200);
    expectSuccess(await api.call('UpdateUserStatus', { DirectoryId: d.DirectoryId, UserId: d.UserId, NewStatus: 'Disabled' }), []);
    expect((await b.get(d.path())).location).toBe(d.path('/login'));
    // A disabled user with the right password is told so, at once.
    const refused = await signIn(new PortalBrowser(node.url), d.path, 'alice', PASSWORD);
    expect(refused.status).toBe(403);
    expect(refused.body).toContain('disabled');
    expectSuccess(await api.call('UpdateUserStatus', { DirectoryId: d.DirectoryId, UserId: d.UserId, NewStatus: 'Enabled' }), []);
    // The old session stays ended.
    expect((await b.get(d.path())).location).toBe(d.path('/login'));

    const c = new PortalBrowser(node.url);
    await signIn(c, d.path, 'alice', PASSWORD);
    expect((await c.get(d.path())).status).toBe(200);
    expectSuccess(await api.call('DeleteUser', { DirectoryId: d.DirectoryId, UserId: d.UserId }), []);
    expect((await c.get(d.path())).location).toBe(d.path('/login'));
    const left = await node.server.runtime.db.db.selectFrom('portal_sessions').select('id_hash').where('user_id', '=', d.UserId).execute();
    expect(left).toHaveLength(0);
  });

  it('applies LoginNetworkMasks to the client address seen through the trusted proxy', async () => {
    const d = await setup();
    expectSuccess(await api.call('SetLoginPreference', { DirectoryId: d.DirectoryId, LoginNetworkMasks: '10.0.0.0/8;192.0.2.1' }), []);
    const outside = await signIn(new PortalBrowser(node.url, { 'x-forwarded-for': '198.51.100.1' }), d.path, 'alice', PASSWORD);
    expect(outside.status).toBe(403);
    expect(outside.body).toContain('network is not allowed');
    expect((await signIn(new PortalBrowser(node.url), d.path, 'alice', PASSWORD)).status).toBe(403); // 127.0.0.1 itself
    expect((await signIn(new PortalBrowser(node.url, { 'x-forwarded-for': '10.20.30.40' }), d.path, 'alice', PASSWORD)).status).toBe(303);
    expect((await signIn(new PortalBrowser(node.url, { 'x-forwarded-for': '192.0.2.1' }), d.path, 'alice', PASSWORD)).status).toBe(303);
    expectSuccess(await api.call('SetLoginPreference', { DirectoryId: d.DirectoryId, LoginNetworkMasks: ';' }), []);
    expect((await signIn(new PortalBrowser(node.url), d.path, 'alice', PASSWORD)).status).toBe(303);
    const refused = (await events(d.DirectoryId)).filter((e) => e.errorCode === 'NetworkNotAllowed');
    expect(refused.map((e) => e.sourceIpAddress)).toEqual(expect.arrayContaining(['198.51.100.1']));
  });

  it('turns password sign-in off while SSO is enabled', async () => {
    const d = await setup();
    const store = storeOf(node);
    const settings = await store.directories.getSettings(d.DirectoryId);
    await store.directories.setSettings(d.DirectoryId, {
      ...settings,
      samlIdp: { entityId: 'https://idp.example.com', loginUrl: 'https://idp.example.com/sso', ssoStatus: 'Enabled', bindingType: 'Post', wantRequestSigned: false },
    });
    const b = new PortalBrowser(node.url);
    const page = await b.get(d.path('/login'));
    expect(page.body).not.toContain('name="password"');
    expect(page.body).toContain('identity provider');
    const r = await b.post(d.path('/login'), { username: 'alice', password: PASSWORD });
    expect(r.status).toBe(403);
    expect(coreOf(node)).toBeDefined();
  });

  it('answers unknown portals, bad bodies and stray paths with pages, never a 500', async () => {
    const d = await setup();
    const b = new PortalBrowser(node.url);
    const missing = await b.get('/portal/no-such-directory/login');
    expect(missing.status).toBe(404);
    expect(missing.body).toContain('<h1>Portal not found</h1>');
    expect((await b.get(`${d.path()}/nowhere/else`)).status).toBe(404);
    const json = await fetch(`${node.url}${d.path('/login')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(json.status).toBe(415);
    expect(await json.text()).toContain('<!doctype html>');
    const huge = await fetch(`${node.url}${d.path('/login')}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: Array.from({ length: 2000 }, (_, i) => `a${i}=1`).join('&'),
    });
    expect(huge.status).toBe(400);
    expect(await huge.text()).toContain('<!doctype html>');
    // A step page without a pending sign-in goes to the sign-in form.
    expect((await b.get(d.path('/mfa'))).location).toBe(d.path('/login'));
    expect((await b.post(d.path('/mfa'), { code: '123456' })).location).toBe(d.path('/login'));
  });
});
