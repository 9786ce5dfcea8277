import type { CoreContext } from '../context.js';
import { newId } from '../ids.js';
import type { Group, User } from '../model.js';
import type { Store } from '../ports/store.js';
import type { WebhookEndpoint, WebhookEventType } from '../ports/webhooks.js';
import type { AuditedBy, Provenance } from '../provenance.js';
import { recordAuditOfChange, type AuditEntry } from '../audit.js';

/**
 * The outbox (docs/decisions/0190-webhooks.md): a change to a user, group, membership or access
 * assignment calls `recordChangeEvent` with the store of its own transaction, so the event and one
 * Pending delivery per subscribed endpoint commit with the change or not at all. The dispatcher
 * (dispatcher.ts) sends them afterwards, at least once, each with its stable event ID.
 */

/** A body larger than this is never sent: the event keeps its IDs and says it was truncated. */
export const MAX_EVENT_BYTES = 64 * 1024;
/** Member IDs listed in one `group.members.changed` event; counts say how many there were in all. */
export const MAX_MEMBER_IDS = 100;

export type ChangeSource = 'scim' | 'management' | 'task' | 'system';

export interface ChangeEvent {
  readonly type: WebhookEventType;
  readonly directoryId: string | null;
  readonly data: Record<string, unknown>;
  readonly source: ChangeSource;
}

export function sourceOf(p: Provenance): ChangeSource {
  if (p.via === 'scim') return 'scim';
  return p.actor.type === 'system' ? 'system' : 'management';
}

/** The fields an event shows of a user: no password, no SCIM document (bounded by the core's limits). */
export function userData(u: User): Record<string, unknown> {
  return {
    userId: u.id,
    userName: u.userName,
    displayName: u.displayName,
    email: u.email,
    status: u.status,
    provisionType: u.provisionType,
    externalId: u.externalId?.id ?? null,
    version: u.version,
  };
}

export function groupData(g: Group): Record<string, unknown> {
  return { groupId: g.id, groupName: g.name, description: g.description, provisionType: g.provisionType, externalId: g.externalId ?? null, version: g.version };
}

/** Only the first MAX_MEMBER_IDS IDs, with the full count. */
export function boundedIds(ids: readonly string[]): { ids: string[]; count: number; truncated: boolean } {
  return { ids: ids.slice(0, MAX_MEMBER_IDS), count: ids.length, truncated: ids.length > MAX_MEMBER_IDS };
}

function subscribed(eventTypes: readonly string[], type: string): boolean {
  return eventTypes.some((t) => t === '*' || t === type || (t.endsWith('.*') && type.startsWith(t.slice(0, -1))));
}

export async function recordChangeEvent(tx: Store, ctx: Pick<CoreContext, 'clock'>, change: ChangeEvent, enabled?: readonly WebhookEndpoint[]): Promise<void> {
  const endpoints = (enabled ?? (await tx.webhooks.enabledEndpoints())).filter((e) => subscribed(e.eventTypes, change.type));
  // Nobody listens: nothing to keep (an endpoint created later does not receive older events anyway).
  if (endpoints.length === 0) return;
  const now = ctx.clock.now();
  const eventId = newId('evt', now);
  const body = (data: Record<string, unknown>) =>
    JSON.stringify({ id: eventId, type: change.type, timestamp: new Date(now).toISOString(), directoryId: change.directoryId, source: change.source, data });
  let payload = body(change.data);
  if (Buffer.byteLength(payload) > MAX_EVENT_BYTES) {
    const ids = Object.fromEntries(Object.entries(change.data).filter(([k, v]) => /Id$/.test(k) && typeof v === 'string'));
    payload = body({ ...ids, truncated: true });
  }
  await tx.webhooks.insertEvent(
    { eventId, directoryId: change.directoryId, eventType: change.type, payload, createTime: now },
    endpoints.map((e) => e.endpointId),
    endpoints.map(() => newId('whd', now)),
  );
}

/**
 * The audit row of a change and the change's events (none for an `undefined`), in the change's
 * transaction. The endpoints the events fan out to are read with the audit row: on PostgreSQL
 * one round trip for both (issue 16), where `recordAudit` then `recordChangeEvent` take two.
 */
export async function recordAuditedChange(
  tx: Store,
  ctx: Pick<CoreContext, 'clock'>,
  by: AuditedBy,
  entry: AuditEntry,
  changes: ReadonlyArray<ChangeEvent | undefined>,
): Promise<void> {
  const enabled = await recordAuditOfChange(tx, ctx, by, entry);
  for (const change of changes) if (change) await recordChangeEvent(tx, ctx, change, enabled);
}
