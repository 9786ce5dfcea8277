import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure } from '../support/wire.js';
import { client, newDirectory, startManagementServer } from '../support/management.js';

/**
 * Issue 4: GetDirectoryStatistics counts users, groups and SCIM credentials, and the user and
 * group quotas are configurable (CLOUDSSO_USER_QUOTA, CLOUDSSO_GROUP_QUOTA; defaults 1000 / 500,
 * the values CloudSSO's metadata shows).
 */
describe('quota configuration', () => {
  it('defaults to 1000 users and 500 groups, and refuses values that are not positive integers', () => {
    const config = loadConfig({});
    expect({ users: config.userQuota, groups: config.groupQuota }).toEqual({ users: 1000, groups: 500 });
    expect(loadConfig({ CLOUDSSO_USER_QUOTA: '100000', CLOUDSSO_GROUP_QUOTA: '7' })).toMatchObject({ userQuota: 100000, groupQuota: 7 });
    expect(loadConfig({}, { 'user-quota': '12', 'group-quota': '3' })).toMatchObject({ userQuota: 12, groupQuota: 3 });
    for (const bad of ['0', '-1', 'many', '1.5']) {
      expect(() => loadConfig({ CLOUDSSO_USER_QUOTA: bad })).toThrow(ConfigError);
      expect(() => loadConfig({ CLOUDSSO_GROUP_QUOTA: bad })).toThrow(/CLOUDSSO_GROUP_QUOTA/);
    }
  });
});

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startManagementServer(dialect, { CLOUDSSO_USER_QUOTA: '3', CLOUDSSO_GROUP_QUOTA: '2' });
  });
  afterAll(() => node?.close());

  it('reports counts and the configured quotas, and enforces them', async () => {
    const api = client(node);
    const DirectoryId = await newDirectory(api, 'quota');
    const stats = async () => (await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics;
    expect(await stats()).toMatchObject({ UserCount: 0, UserQuota: 3, GroupCount: 0, GroupQuota: 2, SCIMServerCredentialCount: 0 });

    for (const UserName of ['q1', 'q2', 'q3']) await api.call('CreateUser', { DirectoryId, UserName });
    expectFailure(await api.fail('CreateUser', { DirectoryId, UserName: 'q4' }), 'QuotaExceeded.User', 409);
    for (const GroupName of ['g1', 'g2']) await api.call('CreateGroup', { DirectoryId, GroupName });
    expectFailure(await api.fail('CreateGroup', { DirectoryId, GroupName: 'g3' }), 'QuotaExceeded.Group', 409);
    await api.call('CreateSCIMServerCredential', { DirectoryId });
    expect(await stats()).toMatchObject({ UserCount: 3, UserQuota: 3, GroupCount: 2, GroupQuota: 2, SCIMServerCredentialCount: 1 });

    // The quota is per directory: another directory starts from zero.
    const other = await newDirectory(api, 'quota-other');
    await api.call('CreateUser', { DirectoryId: other, UserName: 'q1' });

    // Deleting frees a place.
    const first = (await api.call('ListUsers', { DirectoryId, MaxResults: 1 })).Users[0].UserId;
    await api.call('DeleteUser', { DirectoryId, UserId: first });
    await api.call('CreateUser', { DirectoryId, UserName: 'q4' });
    expect((await stats()).UserCount).toBe(3);
  });

  it('SCIM creates sent at once at the quota: exactly the quota is kept, the rest refused with tooMany', async () => {
    // A SCIM create checks the quota in its insert, under the directory row's lock (users.insertWithinQuota).
    const api = client(node);
    const DirectoryId = await newDirectory(api, 'quota-scim');
    await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    const secret = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret as string;
    await api.call('CreateUser', { DirectoryId, UserName: 'manual-1' });
    const responses = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${node.url}/scim/v2/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `burst-${i}@example.com` }),
        }).then(async (r) => ({ status: r.status, body: (await r.json()) as { scimType?: string } })),
      ),
    );
    expect(responses.filter((r) => r.status === 201)).toHaveLength(2);
    const refused = responses.filter((r) => r.status !== 201);
    expect(refused).toHaveLength(6);
    for (const r of refused) expect(r).toMatchObject({ status: 400, body: { scimType: 'tooMany' } });
    const stats = (await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics;
    expect(stats.UserCount).toBe(3);
    const listed = await api.call('ListUsers', { DirectoryId, MaxResults: 100 });
    expect(listed.Users).toHaveLength(3);
  });
});
