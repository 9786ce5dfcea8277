import { randomBytes } from 'node:crypto';
import type { CoreContext } from '../context.js';
import type { ClaimedDelivery, DeliveryOutcome } from '../ports/webhooks.js';
import { webhookHeaders } from './signing.js';

/**
 * The webhook dispatcher (docs/decisions/0190-webhooks.md): every node runs one, as it runs a task
 * runner. It claims a due delivery with a lease (on PostgreSQL `FOR UPDATE SKIP LOCKED`: one node
 * at a time per delivery), signs and sends it, and records the attempt. A 2xx ends the delivery
 * Succeeded; anything else schedules the next attempt after an exponential backoff
 * (base * 2^(n-1), capped), until `maxAttempts` ends it Failed. A node that dies mid-send leaves
 * a lease that expires: the delivery is sent again with the same event ID (at least once).
 */

/** What the composition layer gives the dispatcher to reach a URL (src/webhook-sender.ts). */
export type WebhookSender = (req: { url: string; headers: Record<string, string>; body: string; timeoutMs: number }) => Promise<{ statusCode: number }>;

/**
 * A failure to reach the endpoint, with a message fit for the delivery log: it names the cause
 * (refused, timed out, blocked address), never the URL (which may carry a token) or the secret.
 */
export class WebhookSendError extends Error {
  override readonly name = 'WebhookSendError';
}

export interface DispatcherLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface DispatcherOptions {
  readonly send: WebhookSender;
  readonly log: DispatcherLog;
  /** Attempts before a delivery ends Failed (CLOUDSSO_WEBHOOK_MAX_ATTEMPTS). */
  readonly maxAttempts?: number;
  /** The first retry's delay; each next one doubles (CLOUDSSO_WEBHOOK_RETRY_BASE_MS). */
  readonly retryBaseMs?: number;
  /** No retry waits longer than this. */
  readonly retryCapMs?: number;
  /** One attempt's time limit. */
  readonly timeoutMs?: number;
  readonly pollMs?: number;
  readonly owner?: string;
}

export interface Dispatcher {
  readonly owner: string;
  start(): void;
  kick(): void;
  stop(graceMs?: number): Promise<void>;
}

export const DEFAULT_WEBHOOK_MAX_ATTEMPTS = 8;
export const DEFAULT_WEBHOOK_RETRY_BASE_MS = 10_000;
export const WEBHOOK_RETRY_CAP_MS = 60 * 60 * 1000;
export const WEBHOOK_TIMEOUT_MS = 10_000;

/** The delay before attempt `n + 1` after `n` failed ones. */
export function retryDelay(failedAttempts: number, baseMs: number, capMs = WEBHOOK_RETRY_CAP_MS): number {
  return Math.min(capMs, baseMs * 2 ** Math.min(30, Math.max(0, failedAttempts - 1)));
}

export function createDispatcher(ctx: CoreContext, opts: DispatcherOptions): Dispatcher {
  const owner = opts.owner ?? `node-${randomBytes(6).toString('hex')}`;
  const maxAttempts = opts.maxAttempts ?? DEFAULT_WEBHOOK_MAX_ATTEMPTS;
  const baseMs = opts.retryBaseMs ?? DEFAULT_WEBHOOK_RETRY_BASE_MS;
  const capMs = opts.retryCapMs ?? WEBHOOK_RETRY_CAP_MS;
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUT_MS;
  const pollMs = opts.pollMs ?? 1_000;
  // The lease outlives one attempt's time limit, so no heartbeat is needed.
  const leaseMs = timeoutMs + 20_000;
  const store = ctx.store;
  let stopping = false;
  let loop: Promise<void> | undefined;
  let inHand: string | undefined;
  let wakeUp: (() => void) | undefined;
  let kicked = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (kicked || stopping) {
        kicked = false;
        return resolve();
      }
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });

  async function attempt(c: ClaimedDelivery): Promise<DeliveryOutcome> {
    const started = Date.now();
    const time = ctx.clock.now();
    let statusCode: number | null = null;
    let error: string | null = null;
    try {
      const secret = ctx.secretBox.open(c.secretSealed);
      const headers = webhookHeaders(secret, c.event.eventId, Math.floor(time / 1000), c.event.payload);
      statusCode = (await opts.send({ url: c.url, headers, body: c.event.payload, timeoutMs })).statusCode;
      if (statusCode < 200 || statusCode > 299) error = `The endpoint answered HTTP ${statusCode}.`;
    } catch (err) {
      if (err instanceof WebhookSendError) error = err.message;
      else {
        opts.log.error({ err, deliveryId: c.delivery.deliveryId }, 'webhook delivery failed with an unexpected error');
        error = 'An internal error occurred while sending.';
      }
    }
    const latencyMs = Date.now() - started;
    const n = c.delivery.attempts;
    const log = { attempt: n, time, statusCode, latencyMs, error };
    if (error === null) return { status: 'Succeeded', nextAttemptAt: time, attempt: log };
    if (n >= maxAttempts) return { status: 'Failed', nextAttemptAt: time, attempt: log };
    return { status: 'Pending', nextAttemptAt: time + retryDelay(n, baseMs, capMs), attempt: log };
  }

  async function runOne(): Promise<boolean> {
    const now = ctx.clock.now();
    const claimed = await store.webhooks.claim(owner, now, now + leaseMs);
    if (!claimed) return false;
    inHand = claimed.delivery.deliveryId;
    try {
      const outcome = await attempt(claimed);
      const recorded = await store.webhooks.complete(claimed.delivery.deliveryId, owner, outcome);
      if (!recorded) opts.log.warn({ deliveryId: claimed.delivery.deliveryId }, 'webhook delivery outcome not recorded: this node no longer holds its lease');
    } finally {
      inHand = undefined;
    }
    return true;
  }

  async function worker(): Promise<void> {
    while (!stopping) {
      let ran = false;
      try {
        ran = await runOne();
      } catch (err) {
        if (!stopping) opts.log.warn({ err }, 'webhook dispatcher: claiming or recording a delivery failed');
      }
      if (!ran && !stopping) await sleep(pollMs);
    }
  }

  return {
    owner,
    start() {
      if (loop) return;
      stopping = false;
      loop = worker();
    },
    kick() {
      kicked = true;
      wakeUp?.();
    },
    async stop(graceMs = 10_000) {
      stopping = true;
      wakeUp?.();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), graceMs);
      });
      const result = await Promise.race([(loop ?? Promise.resolve()).then(() => 'done' as const), timedOut]);
      clearTimeout(timer);
      if (result === 'timeout' && inHand) {
        await store.webhooks.release(inHand, owner).catch((err: unknown) => opts.log.warn({ err }, 'releasing a webhook delivery lease failed'));
      }
      loop = undefined;
    },
  };
}
