import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, newDirectory } from '../support/management.js';
import { PortalBrowser } from '../support/portal.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * Sign-in attempts are rate-limited per source address by the server's failed-authentication
 * throttle (CLOUDSSO_AUTH_FAILURES_PER_IP): past the limit even the right password is refused
 * with 429 and Retry-After, and another address is not affected.
 */
describe.each(DIALECTS)('portal sign-in throttling on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    // A day-long window: a fixed window must not roll over between the failures and the check.
    node = await startTestServer(dialect, {
      env: { CLOUDSSO_AUTH_FAILURES_PER_IP: '3', CLOUDSSO_AUTH_FAILURE_WINDOW_SECONDS: '86400', CLOUDSSO_TRUSTED_PROXIES: '127.0.0.1' },
    });
  });
  afterAll(() => node?.close());

  it('refuses a source after its failures, whatever it sends', async () => {
    const api = client(node);
    const DirectoryId = await newDirectory(api, 'thr');
    const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName;
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User.UserId;
    await api.call('ResetUserPassword', { DirectoryId, UserId, Password: 'Corr3ct!horse' });
    await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Disabled' });
    const path = `/portal/${name}/login`;
    const attacker = new PortalBrowser(node.url, { 'x-forwarded-for': '198.51.100.66' });
    await attacker.get(path);
    for (let i = 0; i < 3; i++) expect((await attacker.post(path, { username: `guess${i}`, password: 'Wr0ng!password' })).status).toBe(401);
    const blocked = await attacker.post(path, { username: 'alice', password: 'Corr3ct!horse' });
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(blocked.body).toContain('Too many failed sign-ins');
    const elsewhere = new PortalBrowser(node.url, { 'x-forwarded-for': '198.51.100.67' });
    await elsewhere.get(path);
    expect((await elsewhere.post(path, { username: 'alice', password: 'Corr3ct!horse' })).status).toBe(303);
  });
});
