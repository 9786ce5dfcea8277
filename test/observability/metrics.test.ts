import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient } from '../support/clients.js';
import { captureLogs } from '../support/log-capture.js';
import { parsePrometheus, type Scrape } from '../support/prometheus.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * /metrics scraped as Prometheus would and parsed strictly: the counters move with the requests
 * made, the latency histograms count them, SCIM refusals are counted by reason, credentials show
 * their last use, and the database reports query times (and, on PostgreSQL, its pool).
 */
const TOKEN = 'metrics-token-0123456789abcdef';

describe.each(DIALECTS)('/metrics on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  const logs = captureLogs('info');

  async function scrape(): Promise<Scrape> {
    const res = await fetch(`${node.url}/metrics`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parsePrometheus(await res.text());
  }
  const scimGet = (token: string | undefined) =>
    fetch(`${node.url}/scim/v2/Users`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    node = await startTestServer(dialect, { env: { CLOUDSSO_METRICS_TOKEN: TOKEN }, logger: logs.logger });
    api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
  });
  afterAll(async () => {
    await node?.close();
  });

  it('answers only the configured bearer token', async () => {
    for (const headers of [{}, { authorization: 'Bearer wrong-token-0123456789abcdef' }, { authorization: TOKEN }] as Record<string, string>[]) {
      const res = await fetch(`${node.url}/metrics`, { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"');
      expect(await res.text()).not.toContain('cloudsso_');
    }
    const ok = await scrape();
    expect(ok.types.get('cloudsso_rpc_requests_total')).toBe('counter');
    expect(ok.types.get('cloudsso_rpc_request_duration_seconds')).toBe('histogram');
    expect(ok.types.get('cloudsso_tasks_in_flight')).toBe('gauge');
    expect(ok.types.get('process_cpu_user_seconds_total')).toBe('counter');
  });

  it('counts management API calls by product, action and status, with their latency', async () => {
    const before = await scrape();
    const labels = { product: 'cloudsso', action: 'ListDirectories', status: '200' };
    await api.call('ListDirectories');
    await api.call('ListDirectories');
    const missing = await api.fail('GetDirectory', { DirectoryId: 'd-000000000000' });
    expect(missing.status).toBe(404);
    // Unsigned: no action is resolved, so none is named (callers cannot invent label values).
    expect((await fetch(`${node.url}/?Action=MadeUp${Date.now()}`)).status).toBe(400);

    const after = await scrape();
    expect(after.value('cloudsso_rpc_requests_total', labels) - before.value('cloudsso_rpc_requests_total', labels)).toBe(2);
    const notFound = { product: 'cloudsso', action: 'GetDirectory', status: '404' };
    expect(after.value('cloudsso_rpc_requests_total', notFound) - before.value('cloudsso_rpc_requests_total', notFound)).toBe(1);
    const unknown = { product: 'unknown', action: 'unknown', status: '400' };
    expect(after.value('cloudsso_rpc_requests_total', unknown) - before.value('cloudsso_rpc_requests_total', unknown)).toBe(1);
    expect(after.find('cloudsso_rpc_requests_total').some((s) => s.labels['action']!.startsWith('MadeUp'))).toBe(false);

    const hist = { product: 'cloudsso', action: 'ListDirectories' };
    const count = (s: Scrape) => s.value('cloudsso_rpc_request_duration_seconds_count', hist);
    expect(count(after) - count(before)).toBe(2);
    const buckets = after.find('cloudsso_rpc_request_duration_seconds_bucket', hist).map((s) => s.value);
    expect(buckets).toEqual([...buckets].sort((a, b) => a - b));
    expect(buckets[buckets.length - 1]).toBe(count(after));
    expect(after.value('cloudsso_rpc_request_duration_seconds_sum', hist)).toBeGreaterThan(0);
  });

  it('counts SCIM requests by route and refusals by reason, and shows when each credential was last used', async () => {
    const directoryId = (await api.call('CreateDirectory', { DirectoryName: `metrics-${dialect}` })).Directory.DirectoryId;
    const credential = (await api.call('CreateSCIMServerCredential', { DirectoryId: directoryId })).SCIMServerCredential;
    await api.call('SetSCIMSynchronizationStatus', { DirectoryId: directoryId, SCIMSynchronizationStatus: 'Enabled' });
    const before = await scrape();

    expect((await scimGet(credential.CredentialSecret)).status).toBe(200);
    expect((await scimGet('not-a-credential')).status).toBe(401);
    expect((await scimGet(undefined)).status).toBe(401);
    await api.call('UpdateSCIMServerCredentialStatus', { DirectoryId: directoryId, CredentialId: credential.CredentialId, NewStatus: 'Disabled' });
    expect((await scimGet(credential.CredentialSecret)).status).toBe(401);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) => after.value(name, labels) - before.value(name, labels);
    expect(delta('cloudsso_scim_requests_total', { method: 'GET', route: '/scim/v2/Users', status: '200' })).toBe(1);
    expect(delta('cloudsso_scim_requests_total', { method: 'GET', route: '/scim/v2/Users', status: '401' })).toBe(3);
    expect(delta('cloudsso_scim_request_duration_seconds_count', { method: 'GET', route: '/scim/v2/Users' })).toBe(4);
    for (const reason of ['unknown', 'missing', 'disabled']) expect(delta('cloudsso_scim_auth_failures_total', { reason })).toBe(1);

    const lastUsed = after.value('cloudsso_scim_credential_last_used_timestamp_seconds', { directory_id: directoryId, credential_id: credential.CredentialId });
    expect(Math.abs(lastUsed - Date.now() / 1000)).toBeLessThan(120);
  });

  it('reports database query time by statement kind, and the PostgreSQL pool', async () => {
    const before = await scrape();
    await api.call('ListDirectories');
    const after = await scrape();
    const selects = (s: Scrape) => s.value('cloudsso_db_query_duration_seconds_count', { kind: 'select', outcome: 'ok' });
    expect(selects(after)).toBeGreaterThan(selects(before));
    const pool = after.find('cloudsso_db_pool_connections');
    if (dialect === 'postgres') {
      expect(after.value('cloudsso_db_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(pool.map((s) => s.labels['state']).sort()).toEqual(['idle', 'total', 'waiting']);
    } else {
      expect(pool).toEqual([]);
    }
  });

  it('keeps probe requests out of the info log, and logs the others', async () => {
    logs.lines.length = 0;
    for (const path of ['/healthz', '/readyz']) expect((await fetch(`${node.url}${path}`)).status).toBe(200);
    await scrape();
    await fetch(`${node.url}/scim/v2/ServiceProviderConfig`);
    const urls = logs.lines.map((l) => (JSON.parse(l) as { req?: { url?: string } }).req?.url).filter(Boolean);
    expect(urls).toContain('/scim/v2/ServiceProviderConfig');
    expect(urls.filter((u) => /^\/(healthz|readyz|metrics)/.test(u!))).toEqual([]);
  });
});

describe('/metrics without CLOUDSSO_METRICS_TOKEN', () => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startTestServer('sqlite');
  });
  afterAll(async () => {
    await node?.close();
  });

  it('is open', async () => {
    const res = await fetch(`${node.url}/metrics`);
    expect(res.status).toBe(200);
    expect(parsePrometheus(await res.text()).types.get('cloudsso_scim_auth_failures_total')).toBe('counter');
  });
});
