import { isIP } from 'node:net';
import { recordAudit } from '../audit.js';
import type { CoreContext } from '../context.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { Store } from '../ports/store.js';
import { WEBHOOK_EVENT_TYPES, type WebhookAttempt, type WebhookDelivery, type WebhookDeliveryStatus, type WebhookEndpoint } from '../ports/webhooks.js';
import type { AuditedBy } from '../provenance.js';
import { decodeNextToken, encodeNextToken } from '../paging.js';
import { isBlockedAddress } from './addresses.js';
import { newWebhookSecret } from './signing.js';

/**
 * Webhook endpoints, an Open CloudSSO extension (docs/decisions/0190-webhooks.md). The signing
 * secret is made here, returned once by `createWebhook`, and kept sealed with the master key
 * (the dispatcher needs it back to sign, as signature checks need AccessKey secrets).
 */
export const MAX_WEBHOOKS = 20;
export const MAX_URL_LENGTH = 2048;

const invalid = (field: string, message: string) => new DomainError('InvalidParameter', message, { field });

export interface WebhookSettings {
  /** CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS: loopback, private and link-local targets allowed. */
  readonly allowPrivateTargets: boolean;
}

/** http(s) only, no credentials in the URL, and (unless allowed) no loopback/private/link-local host given as an address. */
export function checkWebhookUrl(raw: string, settings: WebhookSettings): URL {
  if (raw.length > MAX_URL_LENGTH) throw invalid('Url', `Url must be at most ${MAX_URL_LENGTH} characters.`);
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw invalid('Url', 'Url must be an absolute http:// or https:// URL.');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('Url', 'Url must use http or https.');
  if (url.username || url.password) throw invalid('Url', 'Url must not carry a user name or password.');
  if (url.hash) throw invalid('Url', 'Url must not have a fragment.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!settings.allowPrivateTargets) {
    if (host === 'localhost' || host.endsWith('.localhost') || (isIP(host) !== 0 && isBlockedAddress(host))) {
      throw invalid('Url', 'Url points at a loopback, private or link-local address; the server refuses such targets unless CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS is set.');
    }
  }
  return url;
}

export function checkEventTypes(types: readonly string[] | undefined): string[] {
  if (types === undefined || types.length === 0) return ['*'];
  const known = new Set<string>([...WEBHOOK_EVENT_TYPES, '*', 'user.*', 'group.*', 'assignment.*']);
  const out = [...new Set(types)];
  for (const t of out) {
    if (!known.has(t)) throw invalid('EventTypes', `Unknown event type "${t.slice(0, 64)}": use ${[...known].join(', ')}.`);
  }
  return out;
}

const audit = (tx: Store, ctx: CoreContext, by: AuditedBy, action: string, id: string) =>
  recordAudit(tx, ctx, by, { directoryId: null, action, resourceType: 'webhook', resourceId: id });

const notFound = (id: string) => new DomainError('WebhookNotFound', 'The specified webhook does not exist.', { id });

export interface NewWebhook {
  readonly url: string;
  readonly description?: string | undefined;
  readonly eventTypes?: readonly string[] | undefined;
}

export async function createWebhook(ctx: CoreContext, input: NewWebhook, by: AuditedBy): Promise<{ webhook: WebhookEndpoint; secret: string }> {
  const url = checkWebhookUrl(input.url, { allowPrivateTargets: ctx.settings.webhookAllowPrivateTargets === true });
  if (input.description !== undefined && [...input.description].length > 256) throw invalid('Description', 'Description must be at most 256 characters.');
  const eventTypes = checkEventTypes(input.eventTypes);
  const now = ctx.clock.now();
  const secret = newWebhookSecret();
  const webhook: WebhookEndpoint = {
    endpointId: newId('wh', now),
    url: url.href,
    description: input.description ?? null,
    eventTypes,
    status: 'Enabled',
    createTime: now,
    updateTime: now,
  };
  await ctx.store.transaction(async (tx) => {
    if ((await tx.webhooks.countEndpoints()) >= MAX_WEBHOOKS) {
      throw new DomainError('WebhookQuotaExceeded', `The server already has ${MAX_WEBHOOKS} webhooks, the maximum allowed.`);
    }
    await tx.webhooks.insertEndpoint(webhook, ctx.secretBox.seal(secret));
    await audit(tx, ctx, by, 'CreateWebhook', webhook.endpointId);
  });
  return { webhook, secret };
}

export async function getWebhook(ctx: CoreContext, id: string): Promise<WebhookEndpoint> {
  const w = await ctx.store.webhooks.getEndpoint(id);
  if (!w) throw notFound(id);
  return w;
}

export async function listWebhooks(ctx: CoreContext): Promise<WebhookEndpoint[]> {
  return ctx.store.webhooks.listEndpoints();
}

/** Deletes the endpoint, its pending deliveries and its delivery log. */
export async function deleteWebhook(ctx: CoreContext, id: string, by: AuditedBy): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    if (!(await tx.webhooks.deleteEndpoint(id))) throw notFound(id);
    await audit(tx, ctx, by, 'DeleteWebhook', id);
  });
}

export interface DeliveryPage {
  readonly deliveries: (WebhookDelivery & { readonly attemptLog: readonly WebhookAttempt[] })[];
  readonly nextToken?: string;
}

/** The delivery log of one endpoint, newest first, each with its attempts. */
export async function listWebhookDeliveries(
  ctx: CoreContext,
  id: string,
  q: { status?: WebhookDeliveryStatus | undefined; eventId?: string | undefined },
  page: { maxResults: number; nextToken?: string | undefined },
): Promise<DeliveryPage> {
  await getWebhook(ctx, id);
  const query = `webhook-deliveries\n${id}\n${JSON.stringify(q)}`;
  let after: { createTime: number; deliveryId: string } | undefined;
  if (page.nextToken) {
    const [t, d] = decodeNextToken(ctx, query, page.nextToken).split(' ');
    after = { createTime: Number(t), deliveryId: d ?? '' };
  }
  const rows = await ctx.store.webhooks.listDeliveries(id, q, after, page.maxResults + 1);
  const items = rows.slice(0, page.maxResults);
  const deliveries = [];
  for (const d of items) deliveries.push({ ...d, attemptLog: await ctx.store.webhooks.listAttempts(d.deliveryId) });
  const last = items[items.length - 1];
  return { deliveries, ...(rows.length > page.maxResults && last ? { nextToken: encodeNextToken(ctx, query, `${last.createTime} ${last.deliveryId}`) } : {}) };
}

/** Deliveries (with their attempts) and events are kept 7 days after they were made, then pruned in batches. */
export const WEBHOOK_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

export async function pruneWebhookDeliveries(ctx: CoreContext, batch = 500): Promise<number> {
  const before = ctx.clock.now() - WEBHOOK_RETENTION_MS;
  let total = 0;
  for (;;) {
    const n = await ctx.store.webhooks.prune(before, batch);
    total += n;
    if (n < batch) return total;
  }
}
