import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeClient } from './support/clients.js';
import { expectUserList, scimGet } from './support/scim.js';
import { readRootKeyFile, startTestServer } from './support/server.js';
import { newAccessKeyPair } from '../src/core/access-keys.js';

/** SQLite: everything survives a restart on the same data dir, including the generated keys. */
describe('restart on the same SQLite data dir', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloudsso-restart-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('keeps directories, credentials, the SCIM switch and the generated root key; the key files are 0600', async () => {
    const first = await startTestServer('sqlite', { dataDir, generateKeys: true });
    let DirectoryId: string;
    let credential: Record<string, unknown>;
    let secret: string;
    try {
      // First start: the root key is generated, shown once, and saved for `cloudsso call`.
      const shown = first.printed.join('\n');
      expect(shown).toContain('Generated the root AccessKey');
      expect(shown).toContain(first.rootKey.id);
      expect(shown).toContain(first.rootKey.secret);
      const api = makeClient('pop-core POST', { endpoint: first.endpoint, key: first.rootKey });
      DirectoryId = (await api.call('CreateDirectory', { DirectoryName: 'survivor' })).Directory.DirectoryId;
      const created = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential;
      ({ CredentialSecret: secret, ...credential } = created);
      await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
      expectUserList(await scimGet(first.url, secret));
    } finally {
      await first.close();
    }
    for (const file of ['root-access-key.json', 'master.key']) {
      expect((statSync(join(dataDir, file)).mode & 0o777).toString(8), file).toBe('600');
    }

    const second = await startTestServer('sqlite', { dataDir, generateKeys: true });
    try {
      expect(second.printed.join('\n')).not.toContain('Generated');
      expect(readRootKeyFile(dataDir)).toEqual(first.rootKey);
      const api = makeClient('openapi-client ACS3', { endpoint: second.endpoint, key: first.rootKey });
      const got = await api.call('GetDirectory', { DirectoryId });
      expect(got.Directory).toMatchObject({ DirectoryId, DirectoryName: 'survivor' });
      expect((await api.call('ListSCIMServerCredentials', { DirectoryId })).SCIMServerCredentials).toEqual([credential]);
      expect((await api.call('GetSCIMSynchronizationStatus', { DirectoryId })).SCIMSynchronizationStatus).toBe('Enabled');
      expectUserList(await scimGet(second.url, secret));
    } finally {
      await second.close();
    }
  });
});

/** Rotating a leaked root key through the environment: the key it replaces stops working. */
describe('replacing the generated root key with a configured one', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloudsso-rotate-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('refuses the old root key once CLOUDSSO_ROOT_ACCESS_KEY_ID/SECRET name another', async () => {
    const first = await startTestServer('sqlite', { dataDir, generateKeys: true });
    const old = first.rootKey;
    await first.close();

    const fresh = newAccessKeyPair();
    const second = await startTestServer('sqlite', {
      dataDir,
      generateKeys: true,
      env: { CLOUDSSO_ROOT_ACCESS_KEY_ID: fresh.id, CLOUDSSO_ROOT_ACCESS_KEY_SECRET: fresh.secret },
    });
    try {
      const withNew = makeClient('openapi-client ACS3', { endpoint: second.endpoint, key: fresh });
      expect((await withNew.call('ListDirectories', {})).TotalCounts).toBe(0);
      const withOld = makeClient('openapi-client ACS3', { endpoint: second.endpoint, key: old });
      const failure = await withOld.fail('ListDirectories', {});
      expect(failure.code).toBe('InvalidAccessKeyId.NotFound');
    } finally {
      await second.close();
    }
  });
});
