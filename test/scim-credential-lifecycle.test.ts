import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_MODES, makeClient, type ApiClient } from './support/clients.js';
import { DIALECTS, startTestServer, type TestServer } from './support/server.js';
import { expectCredential, expectDirectory, expectFailure, expectSuccess, keysOf, STATISTICS_KEYS } from './support/wire.js';

/**
 * Issue 2's whole SCIM-credential life cycle, driven by each real Alibaba SDK client against a
 * server on a real port, on each store. Every response is checked against cloudsso-api.md §2/§3:
 * exact key sets, types, time and ID shapes.
 */
const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('on %s', (dialect) => {
  describe.each(CLIENT_MODES)('through %s', (mode) => {
    let node: TestServer;
    let api: ApiClient;
    beforeAll(async () => {
      node = await startTestServer(dialect);
      api = makeClient(mode, { endpoint: node.endpoint, key: node.rootKey });
    });
    afterAll(() => node?.close());

    it('creates, reads, renames and deletes a directory and its SCIM credentials, with exact response shapes', async () => {
      // CreateDirectory
      const created = await api.call('CreateDirectory', { DirectoryName: 'example-corp' });
      expectSuccess(created, ['Directory']);
      expectDirectory(created.Directory);
      const directory = created.Directory;
      expect(directory.DirectoryName).toBe('example-corp');
      expect(directory.UpdateTime).toBe(directory.CreateTime);
      const DirectoryId: string = directory.DirectoryId;

      // GetDirectory / ListDirectories
      const got = await api.call('GetDirectory', { DirectoryId });
      expectSuccess(got, ['Directory']);
      expect(got.Directory).toEqual(directory);
      const listed = await api.call('ListDirectories');
      expectSuccess(listed, ['Directories', 'TotalCounts']);
      expect(listed.TotalCounts).toBe(1);
      expect(listed.Directories).toEqual([directory]);

      // UpdateDirectory
      const updated = await api.call('UpdateDirectory', { DirectoryId, NewDirectoryName: 'example-renamed' });
      expectSuccess(updated, ['Directory']);
      expectDirectory(updated.Directory);
      expect(updated.Directory).toMatchObject({ DirectoryId, DirectoryName: 'example-renamed', CreateTime: directory.CreateTime });
      expect(Date.parse(updated.Directory.UpdateTime)).toBeGreaterThanOrEqual(Date.parse(directory.CreateTime));
      expect((await api.call('GetDirectory', { DirectoryId })).Directory).toEqual(updated.Directory);

      // GetDirectoryStatistics
      const stats = await api.call('GetDirectoryStatistics', { DirectoryId });
      expectSuccess(stats, ['DirectoryStatistics']);
      expect(keysOf(stats.DirectoryStatistics)).toEqual(STATISTICS_KEYS);
      for (const k of STATISTICS_KEYS) {
        const expected = k.startsWith('Directory') || k === 'Region' ? 'string' : k.endsWith('Enabled') ? 'boolean' : 'number';
        expect(typeof stats.DirectoryStatistics[k], k).toBe(expected);
        if (expected === 'number') expect(Number.isInteger(stats.DirectoryStatistics[k]), k).toBe(true);
      }
      expect(stats.DirectoryStatistics).toMatchObject({
        DirectoryId,
        DirectoryName: 'example-renamed',
        Region: 'cn-shanghai',
        UserCount: 0,
        GroupCount: 0,
        SCIMServerCredentialCount: 0,
        SCIMSyncEnabled: false,
      });

      // Get/SetSCIMSynchronizationStatus: Disabled for a new directory
      const syncBefore = await api.call('GetSCIMSynchronizationStatus', { DirectoryId });
      expectSuccess(syncBefore, ['SCIMSynchronizationStatus']);
      expect(syncBefore.SCIMSynchronizationStatus).toBe('Disabled');
      expectSuccess(await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' }), []);
      expect((await api.call('GetSCIMSynchronizationStatus', { DirectoryId })).SCIMSynchronizationStatus).toBe('Enabled');
      expect((await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics.SCIMSyncEnabled).toBe(true);

      // CreateSCIMServerCredential: the only response that carries the secret
      const c1 = await api.call('CreateSCIMServerCredential', { DirectoryId });
      expectSuccess(c1, ['SCIMServerCredential']);
      const { CredentialSecret: secret1, ...credential1 } = c1.SCIMServerCredential;
      expectCredential(credential1, DirectoryId, 'Enabled');
      expect(typeof secret1).toBe('string');
      expect(secret1.length).toBeGreaterThanOrEqual(32);
      // One year of validity, to the second (365 or 366 days depending on a February 29 in between).
      const validity = Date.parse(credential1.ExpireTime) - Date.parse(credential1.CreateTime);
      expect([365 * DAY_MS, 366 * DAY_MS]).toContain(validity);

      // ListSCIMServerCredentials: no secret anywhere
      const list1 = await api.call('ListSCIMServerCredentials', { DirectoryId });
      expectSuccess(list1, ['SCIMServerCredentials', 'TotalCounts']);
      expect(list1.TotalCounts).toBe(1);
      expect(list1.SCIMServerCredentials).toEqual([credential1]);
      expect(JSON.stringify(list1)).not.toContain(secret1);

      // UpdateSCIMServerCredentialStatus: exactly the six fields of SCIMServerCredential
      const disabled = await api.call('UpdateSCIMServerCredentialStatus', {
        DirectoryId,
        CredentialId: credential1.CredentialId,
        NewStatus: 'Disabled',
      });
      expectSuccess(disabled, ['SCIMServerCredential']);
      expectCredential(disabled.SCIMServerCredential, DirectoryId, 'Disabled');
      expect(disabled.SCIMServerCredential).toEqual({ ...credential1, Status: 'Disabled' });
      expect((await api.call('ListSCIMServerCredentials', { DirectoryId })).SCIMServerCredentials[0].Status).toBe('Disabled');
      const enabled = await api.call('UpdateSCIMServerCredentialStatus', {
        DirectoryId,
        CredentialId: credential1.CredentialId,
        NewStatus: 'Enabled',
      });
      expect(enabled.SCIMServerCredential).toEqual(credential1);

      // At most two credentials per directory
      const c2 = await api.call('CreateSCIMServerCredential', { DirectoryId });
      const { CredentialSecret: secret2, ...credential2 } = c2.SCIMServerCredential;
      expectCredential(credential2, DirectoryId, 'Enabled');
      expect(secret2).not.toBe(secret1);
      expect(credential2.CredentialId).not.toBe(credential1.CredentialId);
      expectFailure(await api.fail('CreateSCIMServerCredential', { DirectoryId }), 'QuotaExceeded.SCIMCredential', 409);
      const list2 = await api.call('ListSCIMServerCredentials', { DirectoryId });
      expect(list2.TotalCounts).toBe(2);
      expect(list2.SCIMServerCredentials.map((c: { CredentialId: string }) => c.CredentialId).sort()).toEqual(
        [credential1.CredentialId, credential2.CredentialId].sort(),
      );
      expect((await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics.SCIMServerCredentialCount).toBe(2);

      // DeleteDirectory is refused while the directory holds credentials
      expectFailure(await api.fail('DeleteDirectory', { DirectoryId }), 'DeletionConflict.Directory', 409);

      // DeleteSCIMServerCredential
      expectSuccess(await api.call('DeleteSCIMServerCredential', { DirectoryId, CredentialId: credential1.CredentialId }), []);
      expectFailure(
        await api.fail('DeleteSCIMServerCredential', { DirectoryId, CredentialId: credential1.CredentialId }),
        'EntityNotExists.SCIMCredential',
        404,
      );
      expect((await api.call('ListSCIMServerCredentials', { DirectoryId })).SCIMServerCredentials).toEqual([credential2]);
      expectFailure(await api.fail('DeleteDirectory', { DirectoryId }), 'DeletionConflict.Directory', 409);
      expectSuccess(await api.call('DeleteSCIMServerCredential', { DirectoryId, CredentialId: credential2.CredentialId }), []);
      const emptied = await api.call('ListSCIMServerCredentials', { DirectoryId });
      expect({ TotalCounts: emptied.TotalCounts, SCIMServerCredentials: emptied.SCIMServerCredentials }).toEqual({
        TotalCounts: 0,
        SCIMServerCredentials: [],
      });

      // Then DeleteDirectory is allowed, and the directory is gone
      expectSuccess(await api.call('DeleteDirectory', { DirectoryId }), []);
      expectFailure(await api.fail('GetDirectory', { DirectoryId }), 'EntityNotExists.Directory', 404);
      const none = await api.call('ListDirectories');
      expect({ TotalCounts: none.TotalCounts, Directories: none.Directories }).toEqual({ TotalCounts: 0, Directories: [] });
    });
  });
});
