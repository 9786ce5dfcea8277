import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clock } from '../src/core/time.js';
import { clientConfig, makeClient, openApiParams } from './support/clients.js';
import { policyDocument, Ram, ramClient, ramUserWith, rejection } from './support/ram.js';
import { send, signV1 } from './support/raw-request.js';
import { DIALECTS, startTestServer, type AccessKeyPair, type TestServer } from './support/server.js';

/**
 * Issue 9, item 3: failed signatures and bearer tokens are throttled per source address and per
 * AccessKey ID, in windows counted in the database (docs/decisions/0042-authentication-throttling.md).
 * Throttled RPC calls get Alibaba's `Throttling.User` (HTTP 400, `x-acs-retry-after`), which
 * openapi-core raises as a ThrottlingError; SCIM gets 429 with `Retry-After`.
 */
const require = createRequire(import.meta.url);
const Core = require('@alicloud/openapi-core');
const Sts = require('@alicloud/sts20150401');
const Dara = require('@darabonba/typescript');

const PER_IP = 8;
const PER_KEY = 3;
const WINDOW_S = 60;
const ENV = {
  CLOUDSSO_AUTH_FAILURES_PER_IP: String(PER_IP),
  CLOUDSSO_AUTH_FAILURES_PER_ACCESS_KEY: String(PER_KEY),
  CLOUDSSO_AUTH_FAILURE_WINDOW_SECONDS: String(WINDOW_S),
  CLOUDSSO_MAX_DIRECTORIES: '2',
};

/**
 * A clock standing still one second into a window, so no test straddles a window boundary however
 * slowly it runs; `skip` moves it on by whole windows (staying within the 15-minute signing skew
 * of the clients, which sign with the real time).
 */
function steppedClock(): Clock & { skip(ms: number): void } {
  let now = Math.floor(Date.now() / (WINDOW_S * 1000)) * WINDOW_S * 1000 + 1000;
  return { now: () => now, skip: (ms) => (now += ms) };
}

async function openApiCoreCall(endpoint: string, key: AccessKeyPair, action: string): Promise<any> {
  const client = new Core.default(new Core.$OpenApiUtil.Config(clientConfig({ endpoint, key }, false)));
  const res = await client.callApi(
    openApiParams(Core.$OpenApiUtil.Params, action, '2021-05-15'),
    new Core.$OpenApiUtil.OpenApiRequest({ query: {} }),
    new Dara.RuntimeOptions({}),
  );
  return res.body;
}

const scim = (url: string, token: string) => fetch(`${url}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } });

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let other: TestServer | undefined;
  const clock = steppedClock();
  let userKey: AccessKeyPair;
  let scimToken: string;
  const wrong = (key: AccessKeyPair): AccessKeyPair => ({ id: key.id, secret: `${key.secret}-wrong` });
  const nextWindow = () => clock.skip(WINDOW_S * 1000);

  beforeAll(async () => {
    node = await startTestServer(dialect, { clock, env: ENV });
    if (dialect === 'postgres') other = await startTestServer('postgres', { sameDatabaseAs: node, clock, env: ENV });
    const root = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    const DirectoryId = (await root.call('CreateDirectory', { DirectoryName: 'throttle' })).Directory.DirectoryId;
    scimToken = (await root.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret;
    await root.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    userKey = await ramUserWith(ramClient(node.endpoint, node.rootKey), 'reader', {
      'list-dirs': policyDocument({ Effect: 'Allow', Action: 'cloudsso:ListDirectories', Resource: '*' }),
    });
  });
  afterAll(async () => {
    await other?.close();
    await node?.close();
  });

  it('successful requests are never counted nor refused', async () => {
    nextWindow();
    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: userKey });
    for (let i = 0; i < PER_IP * 5; i++) expect((await api.call('ListDirectories')).TotalCounts).toBe(1);
    for (let i = 0; i < PER_IP * 2; i++) expect((await scim(node.url, scimToken)).status).toBe(200);
  });

  it(`after ${PER_KEY} wrong signatures an AccessKey is refused with Throttling.User, even correctly signed, until the window ends`, async () => {
    nextWindow();
    const bad = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: wrong(userKey) });
    for (let i = 0; i < PER_KEY; i++) expect((await bad.fail('ListDirectories')).code).toBe('SignatureDoesNotMatch');

    // openapi-core: a ThrottlingError with retryAfter from x-acs-retry-after (milliseconds).
    const e = await rejection(openApiCoreCall(node.endpoint, userKey, 'ListDirectories'));
    expect(e).toBeInstanceOf(Core.ThrottlingError);
    expect({ code: e.code, status: e.statusCode }).toEqual({ code: 'Throttling.User', status: 400 });
    expect(e.retryAfter).toBeGreaterThan(0);
    expect(e.retryAfter).toBeLessThanOrEqual(WINDOW_S * 1000);
    // Every client family sees the code; pop-core by the body.
    for (const mode of ['openapi-client ACS3', 'pop-core POST', 'openapi-client v2'] as const) {
      const f = await makeClient(mode, { endpoint: node.endpoint, key: userKey }).fail('ListDirectories');
      expect({ code: f.code, status: f.status }).toEqual({ code: 'Throttling.User', status: 400 });
      expect(f.body.Message).toMatch(/flow control/);
    }
    // Another key from the same address is not blocked (the address has PER_KEY < PER_IP failures).
    expect((await makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey }).call('ListDirectories')).TotalCounts).toBe(1);

    nextWindow();
    expect((await makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: userKey }).call('ListDirectories')).TotalCounts).toBe(1);
  });

  it(`STS credentials too: after ${PER_KEY} wrong signatures the temporary key is refused, even correctly signed, until the window ends`, async () => {
    nextWindow();
    const ram = ramClient(node.endpoint, node.rootKey);
    const trust = policyDocument({ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: ['acs:ram::1234567890123456:root'] } });
    await ram.createRole(new Ram.CreateRoleRequest({ roleName: 'throttled-role', assumeRolePolicyDocument: trust }));
    await ram.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({ policyType: 'System', policyName: 'AliyunCloudSSOReadOnlyAccess', roleName: 'throttled-role' }));
    const sts = new Sts.default(new Core.$OpenApiUtil.Config(clientConfig({ endpoint: node.endpoint, key: node.rootKey }, false)));
    const { credentials } = (await sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: 'acs:ram::1234567890123456:role/throttled-role', roleSessionName: 'throttled' }))).body;
    const key = { id: credentials.accessKeyId, secret: credentials.accessKeySecret };
    const as = (k: AccessKeyPair, endpoint = node.endpoint) => makeClient('openapi-client ACS3', { endpoint, key: k, securityToken: credentials.securityToken });
    expect((await as(key).call('ListDirectories')).TotalCounts).toBe(1);
    for (let i = 0; i < PER_KEY; i++) expect((await as(wrong(key)).fail('ListDirectories')).code).toBe('SignatureDoesNotMatch');
    const refused = await as(key).fail('ListDirectories');
    expect({ code: refused.code, status: refused.status }).toEqual({ code: 'Throttling.User', status: 400 });
    if (other) expect((await as(key, other.endpoint).fail('ListDirectories')).code).toBe('Throttling.User');
    nextWindow();
    expect((await as(key).call('ListDirectories')).TotalCounts).toBe(1);
  });

  it(`after ${PER_IP} failures from one address (unknown keys, wrong signatures, bad tokens) the address is refused on both edges`, async () => {
    nextWindow();
    const raw = signV1({ method: 'GET', action: 'ListDirectories', key: { id: 'LTAIunknown000000000', secret: 'x'.repeat(30) } });
    let failures = 0;
    for (let i = 0; failures < PER_IP - 2; i++, failures++) {
      const res = await send(node.url, signV1({ method: 'GET', action: 'ListDirectories', key: { id: `LTAIunknown${i}`, secret: 'x'.repeat(30) } }));
      expect(res.json.Code).toBe('InvalidAccessKeyId.NotFound');
    }
    expect((await scim(node.url, 'not-a-token-000000000000000000')).status).toBe(401);
    expect((await scim(node.url, 'not-a-token-111111111111111111')).status).toBe(401);

    // Now refused, whatever the key or token, with the time left.
    const r = await send(node.url, raw);
    expect({ status: r.status, code: r.json.Code }).toEqual({ status: 400, code: 'Throttling.User' });
    const api = await makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey }).fail('ListDirectories');
    expect(api.code).toBe('Throttling.User');
    const blocked = await scim(node.url, scimToken);
    expect(blocked.status).toBe(429);
    const retryAfter = Number(blocked.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_S);
    expect(await blocked.json()).toMatchObject({ status: '429', schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'] });
    // An unknown token is refused alike: the count is read even when no credential matches.
    expect((await scim(node.url, 'not-a-token-222222222222222222')).status).toBe(429);

    if (other) {
      // The counters live in the database: the other PostgreSQL node refuses the address too.
      expect((await scim(other.url, scimToken)).status).toBe(429);
      expect((await makeClient('openapi-client ACS3', { endpoint: other.endpoint, key: node.rootKey }).fail('ListDirectories')).code).toBe('Throttling.User');
    }

    nextWindow();
    expect((await scim(node.url, scimToken)).status).toBe(200);
    expect((await send(node.url, raw)).json.Code).toBe('InvalidAccessKeyId.NotFound');
  });

  if (dialect === 'postgres') {
    it('failures on two nodes add up: wrong signatures spread over both block the key on both', async () => {
      nextWindow();
      const onA = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: wrong(userKey) });
      const onB = makeClient('openapi-client ACS3', { endpoint: other!.endpoint, key: wrong(userKey) });
      // PER_KEY = 3 failures, raced across the nodes.
      const codes = await Promise.all([onA.fail('ListDirectories'), onB.fail('ListDirectories'), onA.fail('ListDirectories')]);
      expect(codes.map((c) => c.code)).toEqual(['SignatureDoesNotMatch', 'SignatureDoesNotMatch', 'SignatureDoesNotMatch']);
      for (const n of [node, other!]) {
        expect((await makeClient('pop-core POST', { endpoint: n.endpoint, key: userKey }).fail('ListDirectories')).code).toBe('Throttling.User');
      }
      nextWindow();
    });
  }
});
