import type { CoreContext } from './context.js';
import type { AuditEvent, Store } from './ports/store.js';
import type { WebhookEndpoint } from './ports/webhooks.js';
import type { AuditedBy } from './provenance.js';

/**
 * The one place audit rows are written. Every write of every product calls it once, with the
 * store of its own transaction, so the row commits or rolls back with the change it records
 * (a write that fails after this call leaves no row). `directoryId` is null for account-level
 * entities (RAM principals, keys and policies).
 */
export interface AuditEntry {
  readonly directoryId: string | null;
  readonly action: string;
  readonly resourceType: string;
  readonly resourceId: string | null;
}

export async function recordAudit(tx: Store, ctx: Pick<CoreContext, 'clock'>, by: AuditedBy, entry: AuditEntry): Promise<void> {
  await tx.audit.record(auditEvent(ctx, by, entry));
}

/**
 * `recordAudit` for a change that emits webhook events: also returns the endpoints enabled at
 * that point of the transaction, read with the row (see `recordAuditedChange`, webhooks/events.ts).
 */
export async function recordAuditOfChange(tx: Store, ctx: Pick<CoreContext, 'clock'>, by: AuditedBy, entry: AuditEntry): Promise<WebhookEndpoint[]> {
  return tx.audit.recordChange(auditEvent(ctx, by, entry));
}

/** The row `recordAudit` writes, for a store method that writes it with its change. */
export function auditEvent(ctx: Pick<CoreContext, 'clock'>, by: AuditedBy, entry: AuditEntry): AuditEvent {
  return {
    directoryId: entry.directoryId,
    time: ctx.clock.now(),
    actorType: by.actor.type,
    actorId: by.actor.id,
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    requestId: by.requestId ?? null,
    request: by.request,
  };
}
