import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webhooksCommand } from '../../src/cli/webhooks.js';
import { loadConfig } from '../../src/config.js';
import { makeClient } from '../support/clients.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * `cloudsso webhooks create|list|deliveries|delete` end to end: the CLI is a client of the
 * server's signed `opencloudsso` API, so the webhook it creates receives the next change at once.
 */
describe.each(DIALECTS)('cloudsso webhooks on %s', (dialect) => {
  let node: TestServer;
  let receiver: WebhookReceiver;

  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({ CLOUDSSO_DATA_DIR: node.dataDir, CLOUDSSO_ROOT_ACCESS_KEY_ID: node.rootKey.id, CLOUDSSO_ROOT_ACCESS_KEY_SECRET: node.rootKey.secret });
    const code = await webhooksCommand(config, args, { out: (s) => out.push(s), err: (s) => err.push(s), env: { CLOUDSSO_ENDPOINT: node.url } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  beforeAll(async () => {
    node = await startTestServer(dialect, { env: { CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', CLOUDSSO_WEBHOOK_RETRY_BASE_MS: '200' } });
    receiver = await startWebhookReceiver([502]);
  });
  afterAll(async () => {
    await node?.close();
    await receiver?.close();
  });

  it('creates, lists, shows deliveries and deletes', async () => {
    const created = await cli('create', '--url', receiver.url, '--description', 'from the CLI', '--events', 'user.created, user.deleted');
    expect(created.code).toBe(0);
    expect(created.err).toContain('shown only now');
    const webhook = JSON.parse(created.out);
    expect(webhook).toMatchObject({ Url: receiver.url, Description: 'from the CLI', EventTypes: ['user.created', 'user.deleted'], Status: 'Enabled' });
    expect(webhook.Secret).toMatch(/^whsec_/);

    const listed = await cli('list');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.out)).toEqual([expect.objectContaining({ WebhookId: webhook.WebhookId })]);
    expect(listed.out).not.toContain(webhook.Secret);

    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `cli-hooks-${dialect}` })).Directory.DirectoryId;
    await api.call('CreateUser', { DirectoryId, UserName: 'cli-user' });
    // Not subscribed: no delivery.
    await api.call('CreateGroup', { DirectoryId, GroupName: 'not-sent' });
    const end = Date.now() + 20_000;
    let deliveries: { Status: string; EventType: string; AttemptLog: { StatusCode: number }[] }[] = [];
    while (Date.now() < end) {
      const r = await cli('deliveries', '--id', webhook.WebhookId);
      expect(r.code).toBe(0);
      deliveries = JSON.parse(r.out);
      if (deliveries[0]?.Status === 'Succeeded') break;
      await new Promise((res) => setTimeout(res, 100));
    }
    expect(deliveries.map((d) => [d.EventType, d.Status, d.AttemptLog.map((a) => a.StatusCode)])).toEqual([['user.created', 'Succeeded', [502, 200]]]);

    expect(await cli('delete', '--id', webhook.WebhookId)).toMatchObject({ code: 0, out: '' });
    const gone = await cli('delete', '--id', webhook.WebhookId);
    expect(gone.code).toBe(1);
    expect(JSON.parse(gone.err)).toMatchObject({ Code: 'EntityNotExists.Webhook' });
  });

  it('refuses bad usage with exit code 2', async () => {
    expect(await cli('create')).toMatchObject({ code: 2, err: expect.stringContaining('--url is required.') });
    expect(await cli('deliveries', '--id', 'wh-1', '--max', '0')).toMatchObject({ code: 2 });
    expect(await cli('constructor')).toMatchObject({ code: 2, err: expect.stringContaining('Unknown webhooks command "constructor"') });
    const help = await cli('help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('deliveries');
    const bad = await cli('create', '--url', 'gopher://example.com/');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.err)).toMatchObject({ Code: 'InvalidParameter.Url' });
  });
});
