import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { expectDenied, policyDocument, ramClient, ramUserWith } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { startWebhookReceiver, type ReceivedWebhook, type WebhookReceiver } from '../support/webhook-receiver.js';
import { expectFailure } from '../support/wire.js';

/**
 * Webhooks end to end on both databases (docs/decisions/0190-webhooks.md): configured through the
 * signed `opencloudsso` API with the real SDK client, fed by changes made through the CloudSSO API,
 * through SCIM and by an assignment task, received by a real node:http server that answers the
 * first request 500: every event arrives, the failed one again after a retry with the same ID,
 * each accepted once, each signed as documented (checked by hand and by the Standard Webhooks library).
 */
const VERSION = '2026-12-01';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: () => T | Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out; last value ${JSON.stringify(v).slice(0, 2000)}`);
    await sleep(50);
  }
}

/** The documented algorithm, written out: base64 HMAC-SHA256 under the secret's bytes of `<id>.<timestamp>.<body>`. */
function documentedSignature(secret: string, r: ReceivedWebhook): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${r.id}.${r.timestamp}.${r.body}`).digest('base64')}`;
}

describe.each(DIALECTS)('webhooks on %s', (dialect) => {
  let node: TestServer;
  let receiver: WebhookReceiver;
  let cloudsso: ApiClient;
  let ext: ApiClient;
  let webhookId: string;
  let secret: string;
  const events = (): Body[] => [...receiver.accepted().values()].map((rs) => JSON.parse(rs[0]?.body ?? '{}') as Body);

  beforeAll(async () => {
    node = await startTestServer(dialect, {
      env: { CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', CLOUDSSO_WEBHOOK_RETRY_BASE_MS: '200' },
    });
    // The first request fails: the dispatcher must retry it.
    receiver = await startWebhookReceiver([500]);
    cloudsso = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    ext = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: VERSION });
  });
  afterAll(async () => {
    await node?.close();
    await receiver?.close();
  });

  it('creates a webhook, showing its secret once', async () => {
    const { Webhook: created } = await ext.call('CreateWebhook', { Url: receiver.url, Description: 'directory sync', EventTypes: ['user.*', 'group.*', 'assignment.*'] });
    expect(created).toMatchObject({ Url: receiver.url, Description: 'directory sync', EventTypes: ['user.*', 'group.*', 'assignment.*'], Status: 'Enabled' });
    expect(created.WebhookId).toMatch(/^wh-[0-9a-z]{20}$/);
    expect(created.Secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    webhookId = created.WebhookId;
    secret = created.Secret;
    const { Webhook: got } = await ext.call('GetWebhook', { WebhookId: webhookId });
    expect(got).not.toHaveProperty('Secret');
    const { Webhooks, TotalCounts } = await ext.call('ListWebhooks');
    expect(TotalCounts).toBe(1);
    expect(Webhooks[0]).not.toHaveProperty('Secret');
    expect(JSON.stringify(Webhooks)).not.toContain(secret);
    // Audited under the extension's own service name, without the secret.
    const trail = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2020-07-06' });
    const { Events } = await trail.call('LookupEvents', { LookupAttribute: [{ Key: 'EventName', Value: 'CreateWebhook' }] });
    expect(Events.map((e: Body) => [e.eventName, e.serviceName, e.apiVersion, e.eventRW])).toEqual([['CreateWebhook', 'opencloudsso', VERSION, 'Write']]);
    expect(JSON.stringify(Events)).not.toContain(secret);
  });

  it('refuses bad URLs and event types with documented errors', async () => {
    expectFailure(await ext.fail('CreateWebhook', { Url: 'ftp://example.com/hook' }), 'InvalidParameter.Url', 400);
    expectFailure(await ext.fail('CreateWebhook', { Url: 'not a url' }), 'InvalidParameter.Url', 400);
    expectFailure(await ext.fail('CreateWebhook', { Url: 'https://user:pw@example.com/hook' }), 'InvalidParameter.Url', 400);
    expectFailure(await ext.fail('CreateWebhook', { Url: `https://example.com/${'a'.repeat(2100)}` }), 'InvalidParameter.Url', 400);
    expectFailure(await ext.fail('CreateWebhook', { Url: 'https://example.com/hook', EventTypes: ['user.exploded'] }), 'InvalidParameter.EventTypes', 400);
    expectFailure(await ext.fail('GetWebhook', { WebhookId: 'wh-00000000000000000000' }), 'EntityNotExists.Webhook', 404);
    expectFailure(await ext.fail('GetWebhook', { WebhookId: '../etc' }), 'InvalidParameter.WebhookId', 400);
    expect((await ext.call('ListWebhooks')).TotalCounts).toBe(1);
  });

  it('delivers every change, from the API, SCIM and a task, once after a forced failure and a retry', async () => {
    // The management API.
    const DirectoryId = (await cloudsso.call('CreateDirectory', { DirectoryName: `hooks-${dialect}` })).Directory.DirectoryId as string;
    const apiUser = (await cloudsso.call('CreateUser', { DirectoryId, UserName: 'api-alice', DisplayName: 'Alice' })).User.UserId as string;
    const groupId = (await cloudsso.call('CreateGroup', { DirectoryId, GroupName: 'devs' })).Group.GroupId as string;
    await cloudsso.call('AddUserToGroup', { DirectoryId, GroupId: groupId, UserId: apiUser });
    await cloudsso.call('UpdateUser', { DirectoryId, UserId: apiUser, NewDisplayName: 'Alice A.' });
    // SCIM, as an IdP.
    const { SCIMServerCredential } = await cloudsso.call('CreateSCIMServerCredential', { DirectoryId });
    await cloudsso.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    const scim = await fetch(`${node.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${SCIMServerCredential.CredentialSecret}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'scim-bob', password: 'Correct-Horse-9', active: true }),
    });
    expect(scim.status).toBe(201);
    const scimUser = ((await scim.json()) as Body).id as string;
    // An access assignment, made by its task.
    const rm = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2020-03-31' });
    await rm.call('EnableResourceDirectory', { EnableMode: 'CurrentAccount' });
    const accountId = (await rm.call('CreateResourceAccount', { DisplayName: 'Hooks member' })).Account.AccountId as string;
    const acId = (await cloudsso.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Hooks' })).AccessConfiguration.AccessConfigurationId;
    const { Task } = await cloudsso.call('CreateAccessAssignment', {
      DirectoryId,
      AccessConfigurationId: acId,
      TargetType: 'RD-Account',
      TargetId: accountId,
      PrincipalType: 'Group',
      PrincipalId: groupId,
    });
    await until(
      async () => (await cloudsso.call('GetTaskStatus', { DirectoryId, TaskId: Task.TaskId })).TaskStatus.Status as string,
      (s) => s !== 'InProgress',
    ).then((s) => expect(s).toBe('Success'));

    const expected = ['user.created', 'group.created', 'group.members.changed', 'user.updated', 'user.created', 'assignment.created'];
    const got = await until(events, (es) => es.length >= expected.length);
    await sleep(500);
    expect(events().map((e) => e.type).sort()).toEqual([...expected].sort());

    // The first request was answered 500 and sent again with the same event ID; every event was accepted once.
    const first = receiver.received[0];
    expect(first?.status).toBe(500);
    expect(receiver.received.filter((r) => r.id === first?.id).map((r) => r.status)).toEqual([500, 200]);
    for (const [id, rs] of receiver.accepted()) expect({ id, times: rs.length }).toEqual({ id, times: 1 });
    expect(receiver.received).toHaveLength(expected.length + 1);

    // Who made each change, and what it shows.
    const byType = (type: string, source: string) => got.concat(events()).find((e) => e.type === type && e.source === source);
    expect(byType('user.created', 'management')).toMatchObject({ directoryId: DirectoryId, data: { userId: apiUser, userName: 'api-alice', displayName: 'Alice', provisionType: 'Manual' } });
    expect(byType('user.created', 'scim')).toMatchObject({ directoryId: DirectoryId, data: { userId: scimUser, userName: 'scim-bob', provisionType: 'Synchronized' } });
    expect(byType('group.members.changed', 'management')).toMatchObject({ data: { groupId, added: { ids: [apiUser], count: 1, truncated: false }, removed: { ids: [], count: 0 } } });
    expect(byType('assignment.created', 'task')).toMatchObject({ data: { accessConfigurationId: acId, targetId: accountId, principalType: 'Group', principalId: groupId } });
    for (const e of events()) {
      expect(e.id).toMatch(/^evt-[0-9a-z]{20}$/);
      expect(e.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    }
    // No secret in any event: not the SCIM password, not the credential.
    const all = receiver.received.map((r) => r.body).join('\n');
    expect(all).not.toContain('Correct-Horse-9');
    expect(all).not.toContain(SCIMServerCredential.CredentialSecret);
  }, 120_000);

  it('signs each request as documented, which the Standard Webhooks library verifies', () => {
    const wh = new Webhook(secret);
    for (const r of receiver.received) {
      expect(r.id).toBe(JSON.parse(r.body).id);
      expect(Math.abs(Date.now() / 1000 - Number(r.timestamp))).toBeLessThan(120);
      expect(r.signature).toBe(documentedSignature(secret, r));
      expect(wh.verify(r.body, { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature })).toEqual(JSON.parse(r.body));
      // Another body under the same headers does not verify.
      expect(() => wh.verify(r.body.replace('"type"', '"typo"'), { 'webhook-id': r.id, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature })).toThrow();
    }
  });

  it('shows the attempts in the delivery log', async () => {
    const first = receiver.received[0];
    const { Deliveries } = await ext.call('ListWebhookDeliveries', { WebhookId: webhookId, EventId: first?.id });
    expect(Deliveries).toHaveLength(1);
    const [d] = Deliveries;
    expect(d).toMatchObject({ WebhookId: webhookId, EventId: first?.id, Status: 'Succeeded', Attempts: 2, LastStatusCode: 200 });
    expect(d.AttemptLog.map((a: Body) => [a.Attempt, a.StatusCode, a.Error ?? null])).toEqual([
      [1, 500, 'The endpoint answered HTTP 500.'],
      [2, 200, null],
    ]);
    for (const a of d.AttemptLog) expect(a.LatencyMs).toBeGreaterThanOrEqual(0);
    // Paged, newest first.
    const page1 = await ext.call('ListWebhookDeliveries', { WebhookId: webhookId, MaxResults: 4 });
    expect(page1.Deliveries).toHaveLength(4);
    const page2 = await ext.call('ListWebhookDeliveries', { WebhookId: webhookId, MaxResults: 4, NextToken: page1.NextToken });
    expect(page2.Deliveries).toHaveLength(2);
    expect(page2.NextToken).toBeUndefined();
    const ids = [...page1.Deliveries, ...page2.Deliveries].map((x: Body) => x.EventId);
    expect(new Set(ids)).toEqual(new Set(receiver.accepted().keys()));
    expect((await ext.call('ListWebhookDeliveries', { WebhookId: webhookId, Status: 'Failed' })).Deliveries).toEqual([]);
  });

  it('authorizes with opencloudsso RAM actions and webhook ARNs', async () => {
    const ram = ramClient(node.endpoint, node.rootKey);
    const reader = await ramUserWith(ram, `hook-reader-${dialect}`, {
      [`HookRead${dialect}`]: policyDocument({ Effect: 'Allow', Action: ['opencloudsso:GetWebhook', 'opencloudsso:ListWebhooks'], Resource: '*' }),
    });
    const asReader = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: reader, version: VERSION });
    expect((await asReader.call('ListWebhooks')).TotalCounts).toBe(1);
    expectDenied(await asReader.fail('DeleteWebhook', { WebhookId: webhookId }), {
      action: 'opencloudsso:DeleteWebhook',
      resources: [`acs:opencloudsso::1234567890123456:webhook/${webhookId}`],
      userName: `hook-reader-${dialect}`,
      type: 'ImplicitDeny',
    });
  });

  it('deletes the webhook: no further deliveries, and its log is gone', async () => {
    await ext.call('DeleteWebhook', { WebhookId: webhookId });
    expectFailure(await ext.fail('GetWebhook', { WebhookId: webhookId }), 'EntityNotExists.Webhook', 404);
    expectFailure(await ext.fail('ListWebhookDeliveries', { WebhookId: webhookId }), 'EntityNotExists.Webhook', 404);
    expectFailure(await ext.fail('DeleteWebhook', { WebhookId: webhookId }), 'EntityNotExists.Webhook', 404);
    const before = receiver.received.length;
    const DirectoryId = (await cloudsso.call('ListDirectories')).Directories[0].DirectoryId;
    await cloudsso.call('CreateUser', { DirectoryId, UserName: 'after-delete' });
    await sleep(1_500);
    expect(receiver.received).toHaveLength(before);
  });
});
