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
});
