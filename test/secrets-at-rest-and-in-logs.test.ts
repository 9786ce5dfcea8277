import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_MODES, makeClient } from './support/clients.js';
import { captureLogs } from './support/log-capture.js';
import { allTableText } from './support/postgres.js';
import { send, signV1 } from './support/raw-request.js';
import { expectUnauthorized, expectUserList, scimGet } from './support/scim.js';
import { DIALECTS, startTestServer, type TestServer } from './support/server.js';

/**
 * SCIM secrets are stored only as hashes and AccessKey secrets only encrypted; no log line holds a
 * secret, a V1 Signature (it travels in the URL) or a bearer token.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  const logs = captureLogs('trace');
  let node: TestServer;
  const secrets: string[] = [];
  const signatures: string[] = [];

  beforeAll(async () => {
    // A first start without configured keys: the root key is generated, like `npm start`.
    node = await startTestServer(dialect, { generateKeys: true, logger: logs.logger });
    secrets.push(node.rootKey.secret);
    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    const DirectoryId: string = (await api.call('CreateDirectory', { DirectoryName: 'secrets' })).Directory.DirectoryId;
    const [c1, c2] = [
      (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential,
      (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential,
    ];
    secrets.push(c1.CredentialSecret, c2.CredentialSecret);
    await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    await api.call('UpdateSCIMServerCredentialStatus', { DirectoryId, CredentialId: c2.CredentialId, NewStatus: 'Disabled' });

    // Bearer requests: accepted, refused (disabled), unknown.
    expectUserList(await scimGet(node.url, c1.CredentialSecret));
    expectUnauthorized(await scimGet(node.url, c2.CredentialSecret), /disabled/);
    const unknownToken = 'Zz9'.repeat(14);
    expectUnauthorized(await scimGet(node.url, unknownToken), /not a known/);
    secrets.push(unknownToken);

    // V1 GET requests put Signature in the URL: accepted, replayed and wrongly signed ones.
    for (const key of [node.rootKey, { id: node.rootKey.id, secret: 'wrong-secret-wrong-secret-000' }]) {
      const call = signV1({ method: 'GET', action: 'GetDirectory', params: { DirectoryId }, key });
      signatures.push(call.signature);
      await send(node.url, call);
      await send(node.url, call);
    }
    // And every SDK client once.
    for (const mode of CLIENT_MODES) await makeClient(mode, { endpoint: node.endpoint, key: node.rootKey }).call('ListDirectories');
  });
  afterAll(() => node?.close());

  it('the database holds no SCIM secret and no AccessKey secret in plain text', async () => {
    const stored =
      dialect === 'sqlite'
        ? // The database file and its WAL, as bytes: whatever SQLite has written so far.
          readdirSync(node.dataDir)
            .filter((f) => f.startsWith('cloudsso.db'))
            .map((f) => readFileSync(join(node.dataDir, f)).toString('latin1'))
            .join('\n')
        : [...(await allTableText(node.databaseUrl!)).values()].join('\n');
    expect(stored.length).toBeGreaterThan(1000);
    // The check can see the rows: the credentials' IDs and the root AccessKey ID are there.
    expect(stored).toContain(node.rootKey.id);
    expect(stored).toMatch(/scimcred-[0-9a-z]{20}/);
    for (const secret of secrets) {
      expect(stored).not.toContain(secret);
      expect(stored).not.toContain(Buffer.from(secret).toString('base64'));
    }
  });

  it('no log line holds a secret, a bearer token or a V1 Signature', () => {
    expect(logs.lines.length).toBeGreaterThan(10);
    const text = logs.lines.join('\n');
    // The lines are there: requests with V1 parameters and SCIM requests were logged, redacted.
    expect(text).toContain('Signature=[redacted]');
    expect(text).toContain('/scim/v2/Users');
    for (const secret of [...secrets, ...signatures, ...signatures.map(encodeURIComponent)]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/Signature=(?!\[redacted\])[^&"\s]/);
    expect(text).not.toMatch(/Bearer\s+\S/i);
    expect(text).not.toMatch(/ACS3-HMAC-SHA256 Credential/);
  });
});
