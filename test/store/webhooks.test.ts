import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_QUOTAS, type CoreContext } from '../../src/core/context.js';
import { newDirectoryId } from '../../src/core/ids.js';
import { SYSTEM } from '../../src/core/provenance.js';
import { createSecretBox } from '../../src/core/secret-box.js';
import { systemClock } from '../../src/core/time.js';
import { createUser } from '../../src/core/users.js';
import { createDispatcher, retryDelay, type Dispatcher } from '../../src/core/webhooks/dispatcher.js';
import { createWebhook } from '../../src/core/webhooks/endpoints.js';
import { recordChangeEvent } from '../../src/core/webhooks/events.js';
import { createStore } from '../../src/store/kysely-store.js';
import { createWebhookSender } from '../../src/webhook-sender.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean | Promise<boolean>, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error('timed out');
    await sleep(20);
  }
}
const log = { warn: () => undefined, error: () => undefined };

/**
 * The webhook outbox and dispatcher over the real store on both databases: events commit with
 * their change or not at all, a delivery left by a node that died is sent by the next one with
 * the same event ID, two dispatchers never send one delivery twice, and retries back off then give up.
 */
describe.each(DIALECTS)('webhook outbox and dispatcher on %s', (dialect) => {
  const handle = useStoreDatabase(dialect);
  const cleanup: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c();
  });

  async function setup(plan: number[] = []) {
    const store = createStore(handle().db, handle().dialect);
    // Earlier tests' endpoints would receive this test's events too.
    for (const e of await store.webhooks.listEndpoints()) await store.transaction((tx) => tx.webhooks.deleteEndpoint(e.endpointId));
    const ctx = {
      store,
      clock: systemClock,
      secretBox: createSecretBox('webhook-store-test-master-key'),
      settings: { regionId: 'cn-shanghai', accountId: '1234567890123456', quotas: DEFAULT_QUOTAS, webhookAllowPrivateTargets: true },
    } as CoreContext;
    const directoryId = newDirectoryId();
    const now = Date.now();
    await store.directories.insert({ id: directoryId, name: directoryId, region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    const receiver: WebhookReceiver = await startWebhookReceiver(plan);
    cleanup.push(() => receiver.close());
    const { webhook, secret } = await createWebhook(ctx, { url: receiver.url }, SYSTEM);
    const dispatcher = (owner: string, opts: { maxAttempts?: number; retryBaseMs?: number } = {}): Dispatcher => {
      const d = createDispatcher(ctx, { send: createWebhookSender({ allowPrivateTargets: true }), log, owner, pollMs: 50, retryBaseMs: 100, ...opts });
      cleanup.push(() => d.stop(2_000));
      return d;
    };
    const deliveries = () => store.webhooks.listDeliveries(webhook.endpointId, {}, undefined, 1000);
    return { store, ctx, directoryId, receiver, webhook, secret, dispatcher, deliveries };
  }

  it('writes the event with the change, and nothing for a change that rolled back', async () => {
    const { ctx, store, directoryId, deliveries } = await setup();
    const user = await createUser(ctx, directoryId, { userName: 'alice' }, SYSTEM);
    await expect(createUser(ctx, directoryId, { userName: 'alice' }, SYSTEM)).rejects.toMatchObject({ code: 'UserNameTaken' });
    await expect(
      store.transaction(async (tx) => {
        await recordChangeEvent(tx, ctx, { type: 'user.updated', directoryId, source: 'system', data: { userId: user.id } });
        throw new Error('the change failed after its event was written');
      }),
    ).rejects.toThrow('the change failed');
    const rows = await deliveries();
    expect(rows.map((d) => [d.eventType, d.status, d.attempts])).toEqual([['user.created', 'Pending', 0]]);
  });

  it('sends an event whose dispatcher died mid-delivery, once its lease has run out, with the same event ID', async () => {
    const { ctx, store, directoryId, receiver, dispatcher, deliveries } = await setup();
    await createUser(ctx, directoryId, { userName: 'bob' }, SYSTEM);
    // A node claims the delivery, then dies before it records anything: its lease (1 ms) lapses.
    const now = Date.now();
    const claimed = await store.webhooks.claim('node-that-died', now, now + 1);
    expect(claimed?.event.eventType).toBe('user.created');
    await sleep(5);
    // The process restarts: a new dispatcher over the same database.
    dispatcher('node-restarted').start();
    await until(async () => (await deliveries())[0]?.status === 'Succeeded');
    expect(receiver.received.map((r) => r.id)).toEqual([claimed?.event.eventId]);
    expect(JSON.parse(receiver.received[0]?.body ?? '{}')).toMatchObject({ id: claimed?.event.eventId, type: 'user.created', data: { userName: 'bob' } });
    // The lost claim counted as an attempt; the log holds the one that reached the receiver.
    const [d] = await deliveries();
    expect(d?.attempts).toBe(2);
    expect((await store.webhooks.listAttempts(d?.deliveryId ?? '')).map((a) => [a.attempt, a.statusCode, a.error])).toEqual([[2, 200, null]]);
  });

  it('delivers events written while no dispatcher ran, after it starts', async () => {
    const { ctx, directoryId, receiver, dispatcher, deliveries } = await setup();
    for (const n of ['c1', 'c2', 'c3']) await createUser(ctx, directoryId, { userName: n }, SYSTEM);
    await sleep(200);
    expect(receiver.received).toHaveLength(0);
    dispatcher('late').start();
    await until(async () => (await deliveries()).every((d) => d.status === 'Succeeded'));
    expect([...receiver.accepted().keys()]).toHaveLength(3);
  });

  it('two dispatchers on one database send each delivery once', async () => {
    const { ctx, directoryId, receiver, dispatcher, deliveries } = await setup();
    for (let i = 0; i < 30; i++) await createUser(ctx, directoryId, { userName: `bulk${i}` }, SYSTEM);
    dispatcher('one').start();
    dispatcher('two').start();
    await until(async () => (await deliveries()).every((d) => d.status === 'Succeeded'));
    expect(receiver.received).toHaveLength(30);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(30);
  });

  it('retries a failing endpoint with growing delays, then ends the delivery Failed with its attempts logged', async () => {
    const { ctx, store, directoryId, receiver, dispatcher, deliveries } = await setup([500, 503, 500]);
    await createUser(ctx, directoryId, { userName: 'dora' }, SYSTEM);
    dispatcher('retrying', { maxAttempts: 3, retryBaseMs: 150 }).start();
    await until(async () => (await deliveries())[0]?.status === 'Failed');
    const [d] = await deliveries();
    const attempts = await store.webhooks.listAttempts(d?.deliveryId ?? '');
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.error])).toEqual([
      [1, 500, 'The endpoint answered HTTP 500.'],
      [2, 503, 'The endpoint answered HTTP 503.'],
      [3, 500, 'The endpoint answered HTTP 500.'],
    ]);
    // 150 ms, then 300 ms, between the attempts (at least: the dispatcher polls every 50 ms).
    const [a1, a2, a3] = attempts;
    expect((a2?.time ?? 0) - (a1?.time ?? 0)).toBeGreaterThanOrEqual(150);
    expect((a3?.time ?? 0) - (a2?.time ?? 0)).toBeGreaterThanOrEqual(300);
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    expect(retryDelay(1, 10_000)).toBe(10_000);
    expect(retryDelay(4, 10_000)).toBe(80_000);
    expect(retryDelay(20, 10_000)).toBe(3_600_000);
  });

  it('keeps the signing secret sealed at rest', async () => {
    const { store, secret, webhook } = await setup();
    const row = await handle().db.selectFrom('webhook_endpoints').select('secret_sealed').where('endpoint_id', '=', webhook.endpointId).executeTakeFirstOrThrow();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(row.secret_sealed).not.toContain(secret.slice(6, 20));
    expect(row.secret_sealed.startsWith('v1.')).toBe(true);
    expect(await store.webhooks.getEndpoint(webhook.endpointId)).not.toHaveProperty('secretSealed');
  });
});
