import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionCatalog } from '../src/products/catalog.js';
import { startTestServer, type TestServer } from './support/server.js';

/**
 * GET /docs/actions: the list of supported actions as a page, without authentication. It reads
 * nothing from the store, so one database is enough.
 */
describe('GET /docs/actions', () => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startTestServer('sqlite');
  });
  afterAll(() => node?.close());

  it('lists every action of every product with its RAM action, and no secret', async () => {
    const res = await fetch(`${node.url}/docs/actions`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    const rows = [...html.matchAll(/<tr><td><code>([A-Za-z]+)<\/code><\/td><td><code>([a-z]+:[A-Za-z]+)<\/code><\/td>/g)].map((m) => [m[1], m[2]]);
    expect(rows).toEqual(actionCatalog().map((e) => [e.action, e.ramAction]));
    expect(html).toContain('<h2>CloudSSO <small>(Version 2021-05-15, ');
    for (const secret of [node.rootKey.id, node.rootKey.secret, node.masterKey ?? 'no-master-key']) expect(html).not.toContain(secret);
    // The management API's own path answers as before.
    expect((await fetch(`${node.url}/docs/nothing`)).status).toBe(404);
  });
});
