import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from './support/server.js';
import { expectErrorBody } from './support/wire.js';

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startTestServer(dialect);
  });
  afterAll(() => node?.close());

  it('GET /healthz and GET /readyz answer 200', async () => {
    const health = await fetch(`${node.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${node.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('an unknown path is 404 with the Alibaba error envelope in JSON', async () => {
    for (const [method, path] of [['GET', '/no/such/path'], ['POST', '/v1/directories'], ['DELETE', '/']] as const) {
      const res = await fetch(`${node.url}${path}`, { method });
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      const body = (await res.json()) as Record<string, any>;
      expectErrorBody(body, 'InvalidApi.NotFound');
    }
  });

  it('the start-up output names the management API and SCIM endpoints', () => {
    const printed = node.printed.join('\n');
    expect(printed).toContain(`${node.url}/scim/v2`);
    expect(printed).toContain(node.endpoint);
  });
});
