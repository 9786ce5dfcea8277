import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { client, newDirectory } from '../support/management.js';
import { PortalBrowser } from '../support/portal.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { expectSuccess } from '../support/wire.js';

/**
 * Two nodes on one PostgreSQL database: a session started on one is valid on the other, and
 * disabling the user through the other node ends it on both at their next request; sign-out on
 * one ends it everywhere.
 */
describe('portal sessions across two nodes (postgres)', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer('postgres', { env: { CLOUDSSO_MAX_DIRECTORIES: '10' } });
    b = await startTestServer('postgres', { sameDatabaseAs: a, env: { CLOUDSSO_MAX_DIRECTORIES: '10' } });
  }, 120_000);
  afterAll(async () => {
    await b?.close();
    await a?.close();
  });

  it('ends a disabled user session on every node, and a sign-out too', async () => {
    const api = client(a);
    const DirectoryId = await newDirectory(api, 'nodes');
    const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName;
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User.UserId;
    expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: 'Corr3ct!horse' }), []);
    expectSuccess(await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Disabled' }), []);
    const path = `/portal/${name}`;

    const onA = new PortalBrowser(a.url);
    await onA.get(`${path}/login`);
    expect((await onA.post(`${path}/login`, { username: 'alice', password: 'Corr3ct!horse' })).status).toBe(303);
    // The same cookie on node B.
    const onB = new PortalBrowser(b.url);
    for (const [k, v] of onA.cookies) onB.cookies.set(k, v);
    expect((await onA.get(path)).status).toBe(200);
    expect((await onB.get(path)).status).toBe(200);

    expectSuccess(await client(b).call('UpdateUserStatus', { DirectoryId, UserId, NewStatus: 'Disabled' }), []);
    expect((await onA.get(path)).location).toBe(`${path}/login`);
    expect((await onB.get(path)).location).toBe(`${path}/login`);

    expectSuccess(await client(b).call('UpdateUserStatus', { DirectoryId, UserId, NewStatus: 'Enabled' }), []);
    const again = new PortalBrowser(a.url);
    await again.get(`${path}/login`);
    await again.post(`${path}/login`, { username: 'alice', password: 'Corr3ct!horse' });
    const other = new PortalBrowser(b.url);
    for (const [k, v] of again.cookies) other.cookies.set(k, v);
    await other.get(path);
    expect((await other.post(`${path}/logout`, {})).status).toBe(303);
    expect((await again.get(path)).location).toBe(`${path}/login`);
  });
});
