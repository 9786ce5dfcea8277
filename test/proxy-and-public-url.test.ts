import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDirectory, setScimSynchronization } from '../src/core/directories.js';
import { createSCIMServerCredential } from '../src/core/scim-credentials.js';
import { loadConfig, ConfigError } from '../src/config.js';
import { policyDocument, ramClient, ramUserWith } from './support/ram.js';
import { signAcs3 } from './support/raw-request.js';
import { DIALECTS, startTestServer, type AccessKeyPair, type TestServer } from './support/server.js';

/**
 * Behind a reverse proxy: CLOUDSSO_TRUSTED_PROXIES decides whose X-Forwarded-For/-Proto/-Host
 * count (acs:SourceIp, SCIM URLs), CLOUDSSO_PUBLIC_URL fixes every absolute URL the server emits.
 * The test client connects from 127.0.0.1, which plays the proxy when it is trusted.
 */
const CLIENT_IP = '203.0.113.7';
const ONLY_FROM_CLIENT_IP = policyDocument({
  Effect: 'Allow',
  Action: 'cloudsso:ListDirectories',
  Resource: '*',
  Condition: { IpAddress: { 'acs:SourceIp': `${CLIENT_IP}/32` } },
});

async function listDirectories(node: TestServer, key: AccessKeyPair, forwardedFor?: string): Promise<{ status: number; code?: string }> {
  const signed = signAcs3({ host: node.endpoint, action: 'ListDirectories', key });
  const res = await fetch(`${node.url}${signed.path}`, {
    method: signed.method,
    headers: { ...signed.headers, ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
  });
  const body = (await res.json()) as { Code?: string };
  return { status: res.status, ...(body.Code ? { code: body.Code } : {}) };
}

async function scimSetup(node: TestServer): Promise<string> {
  const core = node.server.runtime.core;
  const d = await createDirectory(core, { name: 'proxy' });
  await setScimSynchronization(core, d.id, true);
  return (await createSCIMServerCredential(core, d.id)).secret;
}

async function createScimUser(node: TestServer, token: string, userName: string, headers: Record<string, string>) {
  const res = await fetch(`${node.url}/scim/v2/Users`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', ...headers },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { id: string; meta: { location: string } };
  return { location: res.headers.get('location'), meta: body.meta.location, id: body.id };
}

describe.each(DIALECTS)('behind a proxy on %s', (dialect) => {
  describe('with no trusted proxy (the default)', () => {
    let node: TestServer;
    let key: AccessKeyPair;
    let token: string;
    beforeAll(async () => {
      node = await startTestServer(dialect);
      key = await ramUserWith(ramClient(node.endpoint, node.rootKey), 'from-one-ip', { 'only-from-client-ip': ONLY_FROM_CLIENT_IP });
      token = await scimSetup(node);
    });
    afterAll(() => node?.close());

    it('ignores a forged X-Forwarded-For: acs:SourceIp is the peer address', async () => {
      expect(await listDirectories(node, key, CLIENT_IP)).toEqual({ status: 403, code: 'NoPermission' });
    });

    it('builds SCIM URLs from the connection, not from X-Forwarded-Proto/-Host', async () => {
      const u = await createScimUser(node, token, 'no.proxy@example.com', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'evil.example' });
      expect(u.meta).toBe(`${node.url}/scim/v2/Users/${u.id}`);
      expect(u.location).toBe(u.meta);
    });
  });

  describe('with CLOUDSSO_TRUSTED_PROXIES=127.0.0.1', () => {
    let node: TestServer;
    let key: AccessKeyPair;
    let token: string;
    beforeAll(async () => {
      node = await startTestServer(dialect, { env: { CLOUDSSO_TRUSTED_PROXIES: '127.0.0.1, 10.0.0.0/8' } });
      key = await ramUserWith(ramClient(node.endpoint, node.rootKey), 'from-one-ip', { 'only-from-client-ip': ONLY_FROM_CLIENT_IP });
      token = await scimSetup(node);
    });
    afterAll(() => node?.close());

    it('takes acs:SourceIp from the X-Forwarded-For the trusted proxy sends', async () => {
      expect(await listDirectories(node, key, CLIENT_IP)).toEqual({ status: 200 });
      expect(await listDirectories(node, key, '198.51.100.1')).toEqual({ status: 403, code: 'NoPermission' });
      expect(await listDirectories(node, key)).toEqual({ status: 403, code: 'NoPermission' });
    });

    it('takes the nearest untrusted address: a client forging X-Forwarded-For before the proxy appends its own address gains nothing', async () => {
      // The client sent "X-Forwarded-For: 203.0.113.7"; the proxy appended the real client address.
      expect(await listDirectories(node, key, `${CLIENT_IP}, 198.51.100.1`)).toEqual({ status: 403, code: 'NoPermission' });
      // Through two trusted proxies (10.1.2.3 is in 10.0.0.0/8), the client address is still found.
      expect(await listDirectories(node, key, `${CLIENT_IP}, 10.1.2.3`)).toEqual({ status: 200 });
    });

    it('builds SCIM URLs from X-Forwarded-Proto and X-Forwarded-Host', async () => {
      const u = await createScimUser(node, token, 'via.proxy@example.com', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'sso.example.com' });
      expect(u.meta).toBe(`https://sso.example.com/scim/v2/Users/${u.id}`);
      expect(u.location).toBe(u.meta);
    });
  });

  describe('with CLOUDSSO_PUBLIC_URL=https://sso.example.com:8443', () => {
    let node: TestServer;
    let token: string;
    beforeAll(async () => {
      node = await startTestServer(dialect, { env: { CLOUDSSO_PUBLIC_URL: 'https://sso.example.com:8443/' } });
      token = await scimSetup(node);
    });
    afterAll(() => node?.close());

    it('uses it for meta.location and Location whatever the Host header says', async () => {
      const u = await createScimUser(node, token, 'public.url@example.com', { host: 'attacker.example', 'x-forwarded-host': 'attacker.example' });
      expect(u.meta).toBe(`https://sso.example.com:8443/scim/v2/Users/${u.id}`);
      expect(u.location).toBe(u.meta);
      const spc = (await (await fetch(`${node.url}/scim/v2/ServiceProviderConfig`)).json()) as { meta: { location: string } };
      expect(spc.meta.location).toBe('https://sso.example.com:8443/scim/v2/ServiceProviderConfig');
    });
  });
});

describe('proxy settings are checked at start-up', () => {
  it.each([
    ['CLOUDSSO_PUBLIC_URL', 'sso.example.com', 'must be a URL'],
    ['CLOUDSSO_PUBLIC_URL', 'https://sso.example.com/base', 'without a path'],
    ['CLOUDSSO_TRUSTED_PROXIES', '10.0.0.0/33', 'IP addresses or CIDRs'],
    ['CLOUDSSO_TRUSTED_PROXIES', 'proxy.internal', 'IP addresses or CIDRs'],
  ])('%s=%s is refused', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});

describe('/readyz on SQLite', () => {
  it('answers 503 once the data dir is deleted under the running server', async () => {
    const node = await startTestServer('sqlite');
    try {
      expect((await fetch(`${node.url}/readyz`)).status).toBe(200);
      rmSync(node.dataDir, { recursive: true, force: true });
      const res = await fetch(`${node.url}/readyz`);
      expect(res.status).toBe(503);
      expect(await res.json()).toEqual({ status: 'unavailable' });
    } finally {
      await node.close();
    }
  });
});
