import { connect, type Socket } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, ConfigError } from '../src/config.js';
import { send, signV1 } from './support/raw-request.js';
import { DIALECTS, startTestServer, type TestServer } from './support/server.js';

/**
 * Issue 9, item 2: time, body size and parameter count are bounded before any work
 * (docs/decisions/0041-request-bounds.md). Short timeouts here so the test is quick; the
 * defaults are 30 s for a request and 10 s for its head.
 */
const REQUEST_TIMEOUT_MS = 1500;
const HEADERS_TIMEOUT_MS = 1000;

/** Opens a connection, writes `head`, and resolves with what came back and when the server closed it. */
function stall(port: number, head: string): { socket: Socket; closed: Promise<{ afterMs: number; received: string }> } {
  const started = Date.now();
  let received = '';
  const socket = connect(port, '127.0.0.1', () => socket.write(head));
  socket.on('data', (d) => (received += d.toString('latin1')));
  const closed = new Promise<{ afterMs: number; received: string }>((resolve) => {
    socket.on('close', () => resolve({ afterMs: Date.now() - started, received }));
    socket.on('error', () => undefined);
  });
  return { socket, closed };
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;

  beforeAll(async () => {
    node = await startTestServer(dialect, {
      env: {
        CLOUDSSO_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
        CLOUDSSO_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
        CLOUDSSO_BODY_LIMIT_BYTES: String(768 * 1024),
        CLOUDSSO_MAX_PARAMETERS: '500',
      },
    });
  });
  afterAll(() => node?.close());

  it('a connection whose body never ends is answered 408 and closed within the request timeout, and does not hold up others', async () => {
    const stuck = Array.from({ length: 50 }, () =>
      stall(node.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nAction=Get'),
    );
    // The server still answers while they hang.
    const health = await fetch(`${node.url}/healthz`);
    expect(health.status).toBe(200);
    const results = await Promise.all(stuck.map((s) => s.closed));
    for (const r of results) {
      expect(r.received).toMatch(/^HTTP\/1\.1 408/);
      expect(r.afterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 100);
      expect(r.afterMs).toBeLessThan(REQUEST_TIMEOUT_MS + 2000);
    }
  });

  it('a connection whose head never ends is closed within the headers timeout', async () => {
    const { closed } = stall(node.port, 'GET /scim/v2/Users HTTP/1.1\r\nHost: x\r\nX-Slow: ');
    const r = await closed;
    expect(r.afterMs).toBeLessThan(HEADERS_TIMEOUT_MS + 2000);
    expect(r.received).toMatch(/^HTTP\/1\.1 408/);
  });

  it('an unauthenticated V1 form of 60,000 parameters is refused quickly with a clear Alibaba error', async () => {
    // The reproduction: 60,000 parameters in about 530 KB, from a key that does not exist.
    const unknownKey = { id: 'LTAI0000000000000000', secret: 'x'.repeat(30) };
    const signed = signV1({ method: 'POST', action: 'ListDirectories', key: unknownKey });
    for (const count of [5_000, 60_000]) {
      const padding = Array.from({ length: count }, (_, i) => `p${i}=1`).join('&');
      const body = `${signed.body}&${padding}`;
      expect(body.length).toBeLessThan(768 * 1024);
      // The server runs in this process: watch its event loop while it refuses the request. Before
      // the bound, decoding and canonicalizing 60,000 parameters blocked it for about 1.3 s.
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      const res = await send(node.url, { ...signed, body });
      loop.disable();
      expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'InvalidParameter.TooManyParameters' });
      expect(res.json.Message).toMatch(/more than 500 parameters/);
      // The code itself shows the refusal came before the key lookup (an unknown key would be a
      // 404); the loop bound is generous because this machine may be loaded (the client shares it).
      expect(loop.max / 1e6).toBeLessThan(1000);
    }
    // And the same in a query string (the head is read, the body never awaited).
    const query = Array.from({ length: 600 }, (_, i) => `q${i}=1`).join('&');
    const res = await send(node.url, { method: 'GET', path: `/?${query}`, headers: {} });
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 400, code: 'InvalidParameter.TooManyParameters' });
    expect(res.json.RequestId).toBeTruthy();
  });

  it('a body over the configured limit is refused with InvalidParameter.Body (413) before it is signed or parsed', async () => {
    const signed = signV1({ method: 'POST', action: 'ListDirectories', key: node.rootKey });
    const res = await send(node.url, { ...signed, body: `${signed.body}&Pad=${'a'.repeat(800 * 1024)}` });
    expect({ status: res.status, code: res.json.Code }).toEqual({ status: 413, code: 'InvalidParameter.Body' });
  });

  it('SCIM refuses a query string over the bound with a SCIM 400', async () => {
    const query = Array.from({ length: 600 }, (_, i) => `q${i}=1`).join('&');
    const res = await fetch(`${node.url}/scim/v2/Users?${query}`, { headers: { authorization: 'Bearer whatever' } });
    expect(res.status).toBe(400);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(String(body['detail'])).toMatch(/more than 500 query parameters/);
  });

  it('a request within the bounds still works (signed V1 POST with a form body)', async () => {
    const signed = signV1({ method: 'POST', action: 'ListDirectories', key: node.rootKey });
    const res = await send(node.url, signed);
    expect(res.status).toBe(200);
  });
});

describe('configuration of the bounds', () => {
  it('has documented defaults and refuses a headers timeout above the request timeout', () => {
    const c = loadConfig({});
    expect(c.http).toEqual({
      requestTimeoutMs: 30_000,
      headersTimeoutMs: 10_000,
      keepAliveTimeoutMs: 72_000,
      connectionTimeoutMs: 120_000,
      bodyLimitBytes: 1024 * 1024,
      maxParameters: 1000,
    });
    expect(() => loadConfig({ CLOUDSSO_REQUEST_TIMEOUT_MS: '5000', CLOUDSSO_HEADERS_TIMEOUT_MS: '6000' })).toThrow(ConfigError);
    expect(loadConfig({}, { 'max-parameters': '2000' }).http.maxParameters).toBe(2000);
    expect(() => loadConfig({ CLOUDSSO_MAX_PARAMETERS: '10' })).toThrow(/CLOUDSSO_MAX_PARAMETERS/);
  });
});
