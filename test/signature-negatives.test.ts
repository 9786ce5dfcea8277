import { createHash, createHmac } from 'node:crypto';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQLITE_FILE } from '../src/runtime.js';
import { openDatabase } from '../src/store/db.js';
import { nowTimestamp, send, signAcs3, signV1, tamper, type RawResponse } from './support/raw-request.js';
import { DIALECTS, startTestServer, twoPostgresNodes, type TestServer } from './support/server.js';
import { expectErrorBody, expectSuccess } from './support/wire.js';

/**
 * Signature checks over raw HTTP, with a signer written from the protocol reference. Each case
 * first proves the untampered request is accepted, so a rejection is about the one thing changed.
 * Error bodies are the Alibaba envelope and never reveal what the server expected.
 */
const MINUTE = 60_000;

function expectRejected(res: RawResponse, status: number, code: string, secrets: readonly string[] = []): void {
  expect({ status: res.status, code: res.json.Code }).toEqual({ status, code });
  expectErrorBody(res.json, code);
  for (const s of secrets) expect(res.text).not.toContain(s);
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '100' } });
  });
  afterAll(() => node?.close());
  const acs3 = (over: Partial<Parameters<typeof signAcs3>[0]> = {}) =>
    signAcs3({ host: node.endpoint, action: 'ListDirectories', key: node.rootKey, ...over });
  const v1 = (over: Partial<Parameters<typeof signV1>[0]> = {}) =>
    signV1({ method: 'GET', action: 'ListDirectories', key: node.rootKey, ...over });

  it('the hand-built ACS3 and V1 (GET and POST) requests are accepted', async () => {
    for (const call of [acs3(), v1(), v1({ method: 'POST' }), acs3({ action: 'CreateDirectory', body: 'DirectoryName=form-body' })]) {
      const res = await send(node.url, call);
      expect(res.status, res.text).toBe(200);
      expect(res.json.Code).toBeUndefined();
    }
    expectSuccess((await send(node.url, acs3())).json, ['Directories', 'TotalCounts']);
  });

  it('a wrong secret is SignatureDoesNotMatch (400), without the expected signature or string-to-sign', async () => {
    const wrongKey = { id: node.rootKey.id, secret: 'not-the-secret-0123456789abcd' };
    const good = acs3({ nonce: 'a'.repeat(32) });
    const bad = acs3({ key: wrongKey, date: good.headers['x-acs-date'], nonce: good.headers['x-acs-signature-nonce'] });
    const hashedCanonical = bad.stringToSign.split('\n')[1]!;
    expectRejected(await send(node.url, bad), 400, 'SignatureDoesNotMatch', [good.signature, hashedCanonical, bad.canonicalRequest]);
    // The rejected request claimed no nonce: the same nonce, correctly signed, still works.
    expect((await send(node.url, good)).status).toBe(200);

    const badV1 = v1({ key: wrongKey });
    const expectedV1 = createHmac('sha1', `${node.rootKey.secret}&`).update(badV1.stringToSign).digest('base64');
    expectRejected(await send(node.url, badV1), 400, 'SignatureDoesNotMatch', [expectedV1, badV1.stringToSign, encodeURIComponent(expectedV1)]);
    expectRejected(await send(node.url, v1({ method: 'POST', key: wrongKey })), 400, 'SignatureDoesNotMatch');
  });

  it('a tampered parameter, action or body is SignatureDoesNotMatch (400)', async () => {
    const query = acs3({ action: 'GetDirectory', params: { DirectoryId: 'd-000000000001' } });
    expectRejected(await send(node.url, { ...query, path: query.path.replace('d-000000000001', 'd-000000000002') }), 400, 'SignatureDoesNotMatch');
    const action = acs3({ action: 'ListDirectories' });
    expectRejected(await send(node.url, { ...action, headers: { ...action.headers, 'x-acs-action': 'CreateDirectory' } }), 400, 'SignatureDoesNotMatch');

    const getV1 = v1({ action: 'CreateDirectory', params: { DirectoryName: 'signed-name' } });
    expectRejected(await send(node.url, { ...getV1, path: tamper(getV1.path, 'DirectoryName', 'other-name') }), 400, 'SignatureDoesNotMatch');
    const postV1 = v1({ method: 'POST', action: 'CreateDirectory', params: { DirectoryName: 'signed-name' } });
    expectRejected(await send(node.url, { ...postV1, body: tamper(postV1.body!, 'DirectoryName', 'other-name') }), 400, 'SignatureDoesNotMatch');
    // V1 signs the method too.
    expectRejected(await send(node.url, { ...postV1, method: 'GET', path: `/?${postV1.body}`, body: undefined, headers: {} }), 400, 'SignatureDoesNotMatch');

    const list = await send(node.url, acs3());
    expect(list.json.Directories.map((d: { DirectoryName: string }) => d.DirectoryName)).not.toContain('other-name');
  });

  it('an x-acs-content-sha256 that is not the hash of the body is rejected (400)', async () => {
    const claimed = createHash('sha256').update('DirectoryName=claimed-body').digest('hex');
    const call = acs3({ action: 'CreateDirectory', body: 'DirectoryName=sent-body', contentSha256: claimed });
    expectRejected(await send(node.url, call), 400, 'SignatureDoesNotMatch');
    // Same signed headers with the body they describe: accepted.
    expect((await send(node.url, acs3({ action: 'CreateDirectory', body: 'DirectoryName=claimed-body', contentSha256: claimed }))).status).toBe(200);
  });

  it('a byte-identical replay is SignatureNonceUsed (400), for ACS3 and V1', async () => {
    for (const call of [acs3(), v1(), v1({ method: 'POST' })]) {
      expect((await send(node.url, call)).status).toBe(200);
      expectRejected(await send(node.url, call), 400, 'SignatureNonceUsed');
    }
  });

  it('calls sent at once are each accepted, and of one call sent four times at once exactly one is', async () => {
    const replayed = acs3();
    const responses = await Promise.all([...Array.from({ length: 12 }, () => send(node.url, acs3())), ...Array.from({ length: 4 }, () => send(node.url, replayed))]);
    expect(responses.slice(0, 12).map((r) => r.status)).toEqual(Array.from({ length: 12 }, () => 200));
    const copies = responses.slice(12);
    expect(copies.filter((r) => r.status === 200)).toHaveLength(1);
    for (const r of copies.filter((r) => r.status !== 200)) expectRejected(r, 400, 'SignatureNonceUsed');
  });

  it('when the nonce store fails, every call of the group answers InternalError (500), and calls work again once it is back', async () => {
    const handle = openDatabase(node.databaseUrl ? { postgresUrl: node.databaseUrl } : { sqlitePath: join(node.dataDir, SQLITE_FILE) });
    try {
      await sql`alter table signature_nonces rename to signature_nonces_away`.execute(handle.db);
      try {
        const responses = await Promise.all(Array.from({ length: 5 }, () => send(node.url, acs3())));
        for (const r of responses) {
          expectRejected(r, 500, 'InternalError');
          expect(r.text).not.toMatch(/signature_nonces/);
        }
      } finally {
        await sql`alter table signature_nonces_away rename to signature_nonces`.execute(handle.db);
      }
    } finally {
      await handle.close();
    }
    expect((await send(node.url, acs3())).status).toBe(200);
  });

  it('a timestamp more than 15 minutes off is InvalidTimeStamp.Expired (400), either direction', async () => {
    for (const offset of [-16 * MINUTE, 16 * MINUTE]) {
      expectRejected(await send(node.url, acs3({ date: nowTimestamp(offset) })), 400, 'InvalidTimeStamp.Expired');
      expectRejected(await send(node.url, v1({ timestamp: nowTimestamp(offset) })), 400, 'InvalidTimeStamp.Expired');
    }
    expect((await send(node.url, acs3({ date: nowTimestamp(-5 * MINUTE) }))).status).toBe(200);
  });

  it('a malformed timestamp is InvalidTimeStamp.Format (400)', async () => {
    for (const date of ['2026-11-26 22:46:01', '2026-11-26T22:46:01+08:00', 'yesterday', '2026-02-30T10:00:00Z']) {
      expectRejected(await send(node.url, acs3({ date })), 400, 'InvalidTimeStamp.Format');
      expectRejected(await send(node.url, v1({ timestamp: date })), 400, 'InvalidTimeStamp.Format');
    }
  });

  it('an unknown AccessKeyId is InvalidAccessKeyId.NotFound (404)', async () => {
    const key = { id: 'LTAI00000000000000000000', secret: node.rootKey.secret };
    expectRejected(await send(node.url, acs3({ key })), 404, 'InvalidAccessKeyId.NotFound');
    expectRejected(await send(node.url, v1({ key })), 404, 'InvalidAccessKeyId.NotFound');
  });
});

describe('replay across two nodes on one PostgreSQL database', () => {
  const nodes = twoPostgresNodes();

  it('a request accepted by node A is SignatureNonceUsed on node B', async () => {
    // V1 does not sign the host, so the same bytes verify on either node; only the nonce store can stop them.
    const { a, b } = nodes;
    for (const method of ['GET', 'POST'] as const) {
      const call = signV1({ method, action: 'ListDirectories', key: a.rootKey });
      expect((await send(a.url, call)).status).toBe(200);
      expectRejected(await send(b.url, call), 400, 'SignatureNonceUsed');
    }
  });
});
