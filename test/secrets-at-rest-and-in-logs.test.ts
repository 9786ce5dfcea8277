import { readdirSync, readFileSync } from 'node:fs';
import { connect } from 'node:net';
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
  let refusedPasswordBody = '';

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
    // Issue 9, item 4: every other place a secret can travel in a request line or head.
    const c1Secret: string = c1.CredentialSecret;
    // A SCIM token in the query string (refused: only the Authorization header counts), plain and
    // with the name percent-encoded, on a SCIM route and on no route at all.
    await fetch(`${node.url}/scim/v2/Users?access_token=${c1Secret}`);
    await fetch(`${node.url}/scim/v2/Users?count=1&access%5Ftoken=${c1Secret}`);
    await fetch(`${node.url}/no/such/route?access_token=${c1Secret}`);
    // RPC parameters named like credentials, in a V1 GET: AccessKeySecret, SecurityToken, the
    // Password of ResetUserPassword, and an ACS3 Authorization header on a wrong key.
    const queryOnly = {
      AccessKeySecret: 'query-secret-AccessKeySecret-0001',
      SecurityToken: 'query-secret-SecurityToken-0002',
      Password: 'query-secret-Password-0003',
      NewPassword: 'query-secret-NewPassword-0004',
    };
    secrets.push(...Object.values(queryOnly));
    const u = (await api.call('CreateUser', { DirectoryId, UserName: 'log-test' })).User.UserId;
    const reset = signV1({ method: 'GET', action: 'ResetUserPassword', params: { DirectoryId, UserId: u, Password: queryOnly.Password }, key: node.rootKey });
    signatures.push(reset.signature);
    expect((await send(node.url, reset)).status).toBe(200);
    const odd = signV1({
      method: 'GET',
      action: 'GetDirectory',
      params: { DirectoryId, AccessKeySecret: queryOnly.AccessKeySecret, SecurityToken: queryOnly.SecurityToken, NewPassword: queryOnly.NewPassword },
      key: node.rootKey,
    });
    signatures.push(odd.signature);
    await send(node.url, odd);
    await fetch(`${node.url}/?Action=GetDirectory&Version=2021-05-15`, {
      headers: { authorization: `ACS3-HMAC-SHA256 Credential=${node.rootKey.id},SignedHeaders=host,Signature=${'ab'.repeat(32)}` },
    });
    signatures.push('ab'.repeat(32));
    // A request Node's parser refuses: the raw bytes (token in the URL and the header) must not be logged.
    await new Promise<void>((resolve) => {
      const socket = connect(node.port, '127.0.0.1', () => {
        socket.write(`GET /scim/v2/Users?access_token=${c1Secret} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${c1Secret}\r\nBad Header Line\r\n\r\n`);
      });
      socket.on('data', () => socket.end());
      socket.on('close', () => resolve());
      socket.on('error', () => resolve());
    });

    // A SCIM password of the wrong type is refused without being echoed back.
    const objectPassword = { value: 'scim-password-in-an-object-0005' };
    secrets.push(objectPassword.value);
    const refused = await fetch(`${node.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${c1Secret}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'pw-object', password: objectPassword }),
    });
    expect(refused.status).toBe(400);
    refusedPasswordBody = await refused.text();

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

  it('an error response never echoes a password', () => {
    expect(JSON.parse(refusedPasswordBody).detail).toBe('"password" must be a string.');
    for (const secret of secrets) expect(refusedPasswordBody).not.toContain(secret);
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
    // The query-string credentials were logged as lines, redacted.
    expect(text).toContain('access_token=[redacted]');
    expect(text).toContain('access%5Ftoken=[redacted]');
    expect(text).toContain('/no/such/route?access_token=[redacted]');
    expect(text).toMatch(/Action=ResetUserPassword[^"]*Password=\[redacted\]|Password=\[redacted\][^"]*Action=ResetUserPassword/);
    for (const name of ['AccessKeySecret', 'SecurityToken', 'NewPassword']) expect(text).toContain(`${name}=[redacted]`);
    // What is not a secret stays readable.
    expect(text).toMatch(/SignatureNonce=[0-9a-f]{32}/);
    expect(text).toContain(`AccessKeyId=${node.rootKey.id}`);
    // The refused raw request was seen (at trace), without its bytes.
    expect(text).toContain('client error');
    expect(text).not.toContain('rawPacket');
  });
});
