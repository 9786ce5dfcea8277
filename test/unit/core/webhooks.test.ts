import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { isBlockedAddress } from '../../../src/core/webhooks/addresses.js';
import { WebhookSendError } from '../../../src/core/webhooks/dispatcher.js';
import { checkEventTypes, checkWebhookUrl } from '../../../src/core/webhooks/endpoints.js';
import { boundedIds, MAX_EVENT_BYTES, recordChangeEvent } from '../../../src/core/webhooks/events.js';
import { verifyWebhook, webhookSignature } from '../../../src/core/webhooks/signing.js';
import type { Store } from '../../../src/core/ports/store.js';
import { createWebhookSender } from '../../../src/webhook-sender.js';
import { startWebhookReceiver, type WebhookReceiver } from '../../support/webhook-receiver.js';

const refused = (url: string) => expect(() => checkWebhookUrl(url, { allowPrivateTargets: false }), url).toThrow(expect.objectContaining({ code: 'InvalidParameter', details: { field: 'Url' } }));

describe('webhook targets (SSRF)', () => {
  it('refuses non-http(s) URLs, credentials in the URL and over-long URLs', () => {
    for (const u of ['ftp://example.com/', 'file:///etc/passwd', 'javascript:alert(1)', 'gopher://example.com/', 'example.com/hook', 'https://u:p@example.com/', `https://example.com/${'x'.repeat(2048)}`]) {
      expect(() => checkWebhookUrl(u, { allowPrivateTargets: true }), u).toThrow(expect.objectContaining({ details: { field: 'Url' } }));
    }
  });

  it('refuses loopback, private and link-local addresses unless allowed', () => {
    for (const u of [
      'http://127.0.0.1/',
      'http://127.1.2.3:8080/',
      'http://localhost/',
      'http://api.localhost/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://169.254.169.254/latest/meta-data',
      'http://10.1.2.3/',
      'http://172.16.0.1/',
      'http://192.168.1.1/',
      'http://100.64.0.1/',
      'http://0.0.0.0/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://2130706433/',
    ]) {
      refused(u);
      expect(checkWebhookUrl(u, { allowPrivateTargets: true }).protocol).toBe('http:');
    }
    for (const u of ['https://example.com/hook', 'http://8.8.8.8/', 'https://[2001:4860:4860::8888]/']) expect(checkWebhookUrl(u, { allowPrivateTargets: false }).href).toBe(new URL(u).href);
    expect(isBlockedAddress('not an address')).toBe(true);
    expect(isBlockedAddress('93.184.216.34')).toBe(false);
  });

  describe('the sender checks the address it connects to', () => {
    let receiver: WebhookReceiver;
    beforeAll(async () => {
      receiver = await startWebhookReceiver();
    });
    afterAll(() => receiver?.close());
    const req = (url: string) => ({ url, headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 5_000 });

    it('refuses a loopback address, and a name that resolves to one, without naming the URL', async () => {
      const strict = createWebhookSender({ allowPrivateTargets: false });
      const direct = await strict(req(`${receiver.url}?token=sekrit-123`)).catch((e: unknown) => e);
      expect(direct).toBeInstanceOf(WebhookSendError);
      expect((direct as Error).message).toMatch(/loopback, private or link-local/);
      const byName = await strict(req(`${receiver.url.replace('127.0.0.1', 'localhost')}?token=sekrit-123`)).catch((e: unknown) => e);
      expect(byName).toBeInstanceOf(WebhookSendError);
      expect((byName as Error).message).toBe('The target host resolves only to loopback, private or link-local addresses, which this server does not call.');
      for (const e of [direct, byName]) expect((e as Error).message).not.toContain('sekrit');
      expect(receiver.received).toHaveLength(0);
      expect(await createWebhookSender({ allowPrivateTargets: true })(req(receiver.url))).toEqual({ statusCode: 200 });
      expect(receiver.received).toHaveLength(1);
    });

    it('describes a refused connection without the URL', async () => {
      const closed = await startWebhookReceiver();
      const url = `${closed.url}?token=sekrit-456`;
      await closed.close();
      const e = await createWebhookSender({ allowPrivateTargets: true })(req(url)).catch((err: unknown) => err);
      expect(e).toEqual(new WebhookSendError('The connection was refused.'));
    });
  });
});

describe('webhook signatures', () => {
  const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
  it('signs <id>.<timestamp>.<body> as Standard Webhooks documents (its published example)', () => {
    // The example of the Standard Webhooks specification: this secret, ID, timestamp and body.
    const body = '{"test": 2432232314}';
    expect(webhookSignature(secret, 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330, body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('verifies within the tolerance only, against any of several signatures', () => {
    const body = '{"a":1}';
    const sig = webhookSignature(secret, 'evt-1', 1_000, body);
    expect(verifyWebhook(secret, { id: 'evt-1', timestamp: '1000', signature: `v1,bogus ${sig}` }, body, 1_100)).toBe(true);
    expect(verifyWebhook(secret, { id: 'evt-1', timestamp: '1000', signature: sig }, body, 1_400)).toBe(false);
    expect(verifyWebhook(secret, { id: 'evt-2', timestamp: '1000', signature: sig }, body, 1_000)).toBe(false);
    expect(verifyWebhook(secret, { id: 'evt-1', timestamp: '1000', signature: sig }, '{"a":2}', 1_000)).toBe(false);
  });
});

describe('event payloads are bounded', () => {
  it('lists at most 100 member IDs with the full count', () => {
    const ids = Array.from({ length: 250 }, (_, i) => `u-${i}`);
    expect(boundedIds(ids)).toEqual({ ids: ids.slice(0, 100), count: 250, truncated: true });
    expect(boundedIds(['u-1'])).toEqual({ ids: ['u-1'], count: 1, truncated: false });
  });

  it('replaces data over 64 KiB by its IDs and a truncated flag', async () => {
    let written: { payload: string } | undefined;
    const tx = {
      webhooks: {
        enabledEndpoints: async () => [{ endpointId: 'wh-1', eventTypes: ['*'] }],
        insertEvent: async (e: { payload: string }) => {
          written = e;
        },
      },
    } as unknown as Store;
    await recordChangeEvent(tx, { clock: { now: () => 0 } }, { type: 'user.updated', directoryId: 'd-1', source: 'scim', data: { userId: 'u-1', huge: 'x'.repeat(MAX_EVENT_BYTES) } });
    const body = JSON.parse(written?.payload ?? '{}');
    expect(body).toMatchObject({ type: 'user.updated', directoryId: 'd-1', source: 'scim', data: { userId: 'u-1', truncated: true } });
    expect(body.data).not.toHaveProperty('huge');
  });

  it('keeps nothing when no endpoint subscribes to the type', async () => {
    let written = false;
    const tx = {
      webhooks: {
        enabledEndpoints: async () => [{ endpointId: 'wh-1', eventTypes: ['group.*'] }],
        insertEvent: async () => {
          written = true;
        },
      },
    } as unknown as Store;
    await recordChangeEvent(tx, { clock: { now: () => 0 } }, { type: 'user.created', directoryId: 'd-1', source: 'scim', data: { userId: 'u-1' } });
    expect(written).toBe(false);
  });
});

describe('webhook settings', () => {
  it('reads CLOUDSSO_WEBHOOK_* and refuses bad values', () => {
    const base = { CLOUDSSO_DATA_DIR: '/tmp/x' };
    expect(loadConfig(base)).toMatchObject({ webhookAllowPrivateTargets: false, webhookMaxAttempts: 8, webhookRetryBaseMs: 10_000 });
    expect(loadConfig({ ...base, CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }).webhookAllowPrivateTargets).toBe(true);
    expect(() => loadConfig({ ...base, CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'yes' })).toThrow('CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS must be true or false, got "yes".');
    expect(() => loadConfig({ ...base, CLOUDSSO_WEBHOOK_MAX_ATTEMPTS: '0' })).toThrow(/CLOUDSSO_WEBHOOK_MAX_ATTEMPTS must be an integer from 1 to 50/);
    expect(checkEventTypes(undefined)).toEqual(['*']);
    expect(checkEventTypes(['user.*', 'user.*'])).toEqual(['user.*']);
  });
});
