import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { makeClient, type ApiClient } from './support/clients.js';
import { expectUnauthorized, expectUserList, scimGet } from './support/scim.js';
import { DIALECTS, startTestServer, twoPostgresNodes, type TestServer } from './support/server.js';

/**
 * The seed promise: the SCIM bearer guard reads the store on every request, so a credential
 * disabled, deleted, expired, or whose directory's SCIM sync is off, fails on the very next
 * request, on every node.
 */
const DISABLED = /credential is disabled/i;
const SYNC_OFF = /synchronization is disabled/i;
const UNKNOWN = /not a known SCIM credential/i;
const EXPIRED = /expired/i;

async function directoryWithCredential(api: ApiClient, DirectoryName = 'revocation'): Promise<{ DirectoryId: string; CredentialId: string; secret: string }> {
  const DirectoryId: string = (await api.call('CreateDirectory', { DirectoryName })).Directory.DirectoryId;
  const created = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential;
  return { DirectoryId, CredentialId: created.CredentialId, secret: created.CredentialSecret };
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    node = await startTestServer(dialect);
    api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
  });
  afterAll(() => node?.close());

  it('a SCIM request fails on the very next request after each revocation, and succeeds again after re-enabling', async () => {
    const { DirectoryId, CredentialId, secret } = await directoryWithCredential(api);
    const users = () => scimGet(node.url, secret);
    const setStatus = (NewStatus: string) => api.call('UpdateSCIMServerCredentialStatus', { DirectoryId, CredentialId, NewStatus });
    const setSync = (s: string) => api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: s });

    // A new directory has SCIM synchronization off.
    expectUnauthorized(await users(), SYNC_OFF);
    await setSync('Enabled');
    expectUserList(await users());

    await setStatus('Disabled');
    expectUnauthorized(await users(), DISABLED);
    await setStatus('Enabled');
    expectUserList(await users());

    await setSync('Disabled');
    expectUnauthorized(await users(), SYNC_OFF);
    await setSync('Enabled');
    expectUserList(await users());

    await api.call('DeleteSCIMServerCredential', { DirectoryId, CredentialId });
    expectUnauthorized(await users(), UNKNOWN);
  });

  // GET /Users/{id} authenticates and reads the user together (one statement on PostgreSQL): the
  // same promise, and a token never reads a user of another directory, even by its real ID.
  it('reads by ID and the unique-name lookups, read together with the token, fail after each revocation and read only their own directory', async () => {
    // Two directories: a server of its own, allowed two.
    const node = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '2' } });
    onTestFinished(() => node.close());
    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    const { DirectoryId, CredentialId, secret } = await directoryWithCredential(api);
    const other = await directoryWithCredential(api, 'revocation-other');
    for (const d of [DirectoryId, other.DirectoryId]) await api.call('SetSCIMSynchronizationStatus', { DirectoryId: d, SCIMSynchronizationStatus: 'Enabled' });
    const create = async (token: string, userName: string) => {
      const res = await fetch(`${node.url}/scim/v2/Users`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const mine = await create(secret, 'by-id@example.com');
    const theirs = await create(other.secret, 'by-id@example.com');
    const createGroup = async (token: string) => {
      const res = await fetch(`${node.url}/scim/v2/Groups`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json' },
        body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'By Id' }),
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const myGroup = await createGroup(secret);
    const theirGroup = await createGroup(other.secret);
    const byId = (id: string, token = secret) => scimGet(node.url, token, `/scim/v2/Users/${id}`);
    const expectUser = async (id: string) => {
      const r = await byId(id);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ id, userName: 'by-id@example.com' });
    };
    const setStatus = (NewStatus: string) => api.call('UpdateSCIMServerCredentialStatus', { DirectoryId, CredentialId, NewStatus });
    const setSync = (s: string) => api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: s });

    await expectUser(mine);
    const crossed = await byId(theirs);
    expect(crossed.status).toBe(404);
    expect(crossed.json.detail).not.toContain('by-id@example.com');
    expect((await byId(theirs, other.secret)).json).toMatchObject({ id: theirs });
    expect((await byId('u-nosuchuser')).status).toBe(404);

    // The IdPs' `userName eq` lookup is read with the token too: only this directory's user of
    // that name (the other directory has one), paged as any list.
    const lookup = (query: string, token = secret) => scimGet(node.url, token, `/scim/v2/Users?${query}`);
    const byName = `filter=${encodeURIComponent('userName eq "BY-ID@example.com"')}`;
    expect((await lookup(byName)).json).toMatchObject({ totalResults: 1, itemsPerPage: 1, startIndex: 1, Resources: [{ id: mine }] });
    expect((await lookup(byName, other.secret)).json).toMatchObject({ totalResults: 1, Resources: [{ id: theirs }] });
    expect((await lookup(`${byName}&startIndex=2`)).json).toMatchObject({ totalResults: 1, itemsPerPage: 0, startIndex: 2, Resources: [] });
    expect((await lookup(`${byName}&count=0`)).json).toMatchObject({ totalResults: 1, itemsPerPage: 0, Resources: [] });
    expect((await lookup(`filter=${encodeURIComponent('userName eq "nobody@example.com"')}`)).json).toMatchObject({ totalResults: 0, Resources: [] });
    // Groups: by ID, and the `displayName eq` lookup, the same way.
    const groupById = (id: string, token = secret) => scimGet(node.url, token, `/scim/v2/Groups/${id}`);
    const groupLookup = (token = secret) => scimGet(node.url, token, `/scim/v2/Groups?filter=${encodeURIComponent('displayName eq "by id"')}`);
    expect((await groupById(myGroup)).json).toMatchObject({ id: myGroup, displayName: 'By Id' });
    expect((await groupById(theirGroup)).status).toBe(404);
    expect((await groupById(theirGroup, other.secret)).json).toMatchObject({ id: theirGroup });
    expect((await groupLookup()).json).toMatchObject({ totalResults: 1, Resources: [{ id: myGroup }] });
    expect((await groupLookup(other.secret)).json).toMatchObject({ totalResults: 1, Resources: [{ id: theirGroup }] });
    // A malformed filter is judged after the token, as before: 401 for a bad token, 400 for a good one.
    expectUnauthorized(await lookup('filter=userName%20eq', 'A'.repeat(40)), UNKNOWN);
    expect((await lookup('filter=userName%20eq')).json).toMatchObject({ status: '400', scimType: 'invalidFilter' });

    await setStatus('Disabled');
    expectUnauthorized(await byId(mine), DISABLED);
    expectUnauthorized(await byId('u-nosuchuser'), DISABLED);
    expectUnauthorized(await lookup(byName), DISABLED);
    expectUnauthorized(await groupById(myGroup), DISABLED);
    expectUnauthorized(await groupLookup(), DISABLED);
    await setStatus('Enabled');
    await expectUser(mine);
    await setSync('Disabled');
    expectUnauthorized(await byId(mine), SYNC_OFF);
    await setSync('Enabled');
    await expectUser(mine);
    await setSync('Disabled');
    expectUnauthorized(await lookup(byName), SYNC_OFF);
    expectUnauthorized(await groupById(myGroup), SYNC_OFF);
    await setSync('Enabled');
    await api.call('DeleteSCIMServerCredential', { DirectoryId, CredentialId });
    expectUnauthorized(await byId(mine), UNKNOWN);
    expectUnauthorized(await lookup(byName), UNKNOWN);
    expectUnauthorized(await groupById(myGroup), UNKNOWN);
    expectUnauthorized(await groupLookup(), UNKNOWN);
    expectUnauthorized(await scimGet(node.url, undefined, `/scim/v2/Users/${mine}`), /Bearer/);
  });

  it('no token, another scheme or an unknown token is 401; discovery needs none', async () => {
    expectUnauthorized(await scimGet(node.url, undefined), /Bearer/);
    const basic = await fetch(`${node.url}/scim/v2/Users`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expectUnauthorized({ status: basic.status, contentType: basic.headers.get('content-type') ?? '', json: (await basic.json()) as Record<string, any> }, /Bearer/);
    expectUnauthorized(await scimGet(node.url, 'A'.repeat(40)), UNKNOWN);
    const config = await scimGet(node.url, undefined, '/scim/v2/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.json.schemas).toEqual(['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig']);
  });

  it('a credential past its ExpireTime is refused (server clock moved past the one-year validity)', async () => {
    let offsetMs = 0;
    const clocked = await startTestServer(dialect, { clock: { now: () => Date.now() + offsetMs } });
    try {
      const client = makeClient('openapi-client ACS3', { endpoint: clocked.endpoint, key: clocked.rootKey });
      const { DirectoryId, secret } = await directoryWithCredential(client);
      await client.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
      const [credential] = (await client.call('ListSCIMServerCredentials', { DirectoryId })).SCIMServerCredentials;
      offsetMs = Date.parse(credential.ExpireTime) - Date.now() - 60_000; // a minute before expiry
      expectUserList(await scimGet(clocked.url, secret));
      offsetMs = Date.parse(credential.ExpireTime) - Date.now() + 1_000; // a second after
      expectUnauthorized(await scimGet(clocked.url, secret), EXPIRED);
    } finally {
      await clocked.close();
    }
  });
});

describe('two nodes on one PostgreSQL database', () => {
  const nodes = twoPostgresNodes();

  it('disabling through node A makes node B refuse the next request, and enabling through B restores A', async () => {
    const { a, b } = nodes;
    const apiA = makeClient('openapi-client ACS3', { endpoint: a.endpoint, key: a.rootKey });
    const apiB = makeClient('openapi-core ACS3', { endpoint: b.endpoint, key: b.rootKey });
    const { DirectoryId, CredentialId, secret } = await directoryWithCredential(apiA);
    await apiB.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    expectUserList(await scimGet(b.url, secret));
    expectUserList(await scimGet(a.url, secret));

    // GET /Users/{id} reads the user with the token: the same promise on that path.
    const byIdPath = '/scim/v2/Users/u-nosuchuser';
    expect((await scimGet(b.url, secret, byIdPath)).status).toBe(404);

    await apiA.call('UpdateSCIMServerCredentialStatus', { DirectoryId, CredentialId, NewStatus: 'Disabled' });
    expectUnauthorized(await scimGet(b.url, secret), DISABLED);
    expectUnauthorized(await scimGet(b.url, secret, byIdPath), DISABLED);
    await apiB.call('UpdateSCIMServerCredentialStatus', { DirectoryId, CredentialId, NewStatus: 'Enabled' });
    expectUserList(await scimGet(a.url, secret));
    expectUserList(await scimGet(b.url, secret));
    expect((await scimGet(a.url, secret, byIdPath)).status).toBe(404);

    await apiA.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Disabled' });
    expectUnauthorized(await scimGet(b.url, secret), SYNC_OFF);
    await apiA.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    await apiB.call('DeleteSCIMServerCredential', { DirectoryId, CredentialId });
    expectUnauthorized(await scimGet(a.url, secret), UNKNOWN);
  });
});
