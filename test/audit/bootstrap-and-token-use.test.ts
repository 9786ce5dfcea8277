import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRootAccessKey, newAccessKeyPair } from '../../src/core/access-keys.js';
import type { CoreContext } from '../../src/core/context.js';
import type { StoredAuditEvent } from '../../src/core/ports/store.js';
import { makeClient } from '../support/clients.js';
import { coreOn, ForcedFailure, failingAfterAudit } from '../support/audit.js';
import { scimGet } from '../support/scim.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/**
 * Two gaps of the audit trail (docs/decisions/0087): the root AccessKey the server makes at first
 * start (and the configured one that replaces or rotates it) is recorded, in the key's own
 * transaction, as the server's write; a SCIM credential's last-use touch is not (bookkeeping of
 * an IdP's read, not a write by a principal).
 */
const rootKeyEvents = async (ctx: CoreContext): Promise<StoredAuditEvent[]> =>
  ctx.store.audit.lookup({ startTime: 0, endTime: Date.now() + 60_000, where: { resourceType: 'access-key' }, direction: 'FORWARD', limit: 100 });

describe.each(DIALECTS)('root AccessKey bootstrap on %s (core)', (dialect) => {
  const handle = useStoreDatabase(dialect);
  let ctx: CoreContext;
  beforeAll(() => {
    ctx = coreOn(handle());
  });

  it('generation, a configured key replacing it, and a rotated secret are each audited as the server, never with the secret', async () => {
    const generated = await ensureRootAccessKey(ctx);
    expect(generated.generatedSecret).toEqual(expect.any(String));
    // A second start with nothing configured changes nothing and records nothing.
    expect(await ensureRootAccessKey(ctx)).toEqual({ id: generated.id });

    const configured = newAccessKeyPair();
    await ensureRootAccessKey(ctx, configured);
    await ensureRootAccessKey(ctx, configured);
    const rotated = { id: configured.id, secret: newAccessKeyPair().secret };
    await ensureRootAccessKey(ctx, rotated);

    const events = await rootKeyEvents(ctx);
    // Events of one millisecond are ordered by their IDs, not their order of writing: compare sorted.
    const sorted = (rows: string[][]) => rows.map((r) => r.join(' ')).sort();
    expect(sorted(events.map((e) => [e.serviceName, e.eventName, e.resourceId!]))).toEqual(sorted([
      ['ram', 'CreateAccessKey', generated.id],
      ['ram', 'CreateAccessKey', configured.id],
      ['ram', 'DeleteAccessKey', generated.id],
      ['ram', 'DeleteAccessKey', configured.id],
      ['ram', 'CreateAccessKey', configured.id],
    ]));
    for (const e of events) {
      expect(e).toMatchObject({ directoryId: null, actorType: 'system', actorId: 'cloudsso', action: `ram:${e.eventName}`, resourceType: 'access-key', eventRW: 'Write' });
    }
    const text = JSON.stringify(events);
    for (const secret of [generated.generatedSecret!, configured.secret, rotated.secret]) expect(text).not.toContain(secret);
  });

  it('the key and its audit row commit together: a failure after the row leaves neither', async () => {
    const before = (await rootKeyEvents(ctx)).length;
    const roots = await ctx.store.accessKeys.listRoot();
    const failing = failingAfterAudit(ctx);
    await expect(ensureRootAccessKey(failing, newAccessKeyPair())).rejects.toBeInstanceOf(ForcedFailure);
    expect(await ctx.store.accessKeys.listRoot()).toEqual(roots);
    expect((await rootKeyEvents(ctx)).length).toBe(before);
  });
});

describe.each(DIALECTS)('through the server on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startTestServer(dialect, { generateKeys: true });
  });
  afterAll(() => node?.close());

  it('LookupEvents shows the root AccessKey generated at first start', async () => {
    const trail = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2020-07-06' });
    const found = await trail.call('LookupEvents', { 'LookupAttribute.1.Key': 'ResourceName', 'LookupAttribute.1.Value': node.rootKey.id });
    expect(found.Events).toHaveLength(1);
    expect(found.Events[0]).toMatchObject({ eventName: 'CreateAccessKey', serviceName: 'ram', eventRW: 'Write', resourceName: node.rootKey.id });
    expect(JSON.stringify(found)).not.toContain(node.rootKey.secret);
  });

  it('a SCIM credential\'s last-use touch is not audited: the time moves, the trail does not', async () => {
    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `touch-${dialect}` })).Directory.DirectoryId;
    const credential = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential;
    await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    const store = node.server.runtime.core.store;
    const events = async () => (await store.audit.list(DirectoryId, 1000)).length;
    const lastUsed = async () => (await store.scimCredentials.list(DirectoryId)).find((c) => c.id === credential.CredentialId)?.lastUsedTime ?? null;

    expect(await lastUsed()).toBeNull();
    const before = await events();
    expect((await scimGet(node.url, credential.CredentialSecret)).status).toBe(200);
    expect(await lastUsed()).toEqual(expect.any(Number));
    expect(await events()).toBe(before);
    const byCredential = await store.audit.lookup({ startTime: 0, endTime: Date.now() + 60_000, where: { accessKeyId: credential.CredentialId }, direction: 'FORWARD', limit: 10 });
    expect(byCredential).toEqual([]);
  });
});
