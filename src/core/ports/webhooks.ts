/**
 * Webhooks (docs/decisions/0190-webhooks.md): endpoints, the event outbox, one delivery per event
 * and endpoint, and the log of each delivery's attempts. Times are epoch milliseconds.
 */
export const WEBHOOK_EVENT_TYPES = [
  'user.created',
  'user.updated',
  'user.deleted',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.members.changed',
  'assignment.created',
  'assignment.deleted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

export const WEBHOOK_DELIVERY_STATUSES = ['Pending', 'Succeeded', 'Failed'] as const;
export type WebhookDeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

export interface WebhookEndpoint {
  readonly endpointId: string;
  readonly url: string;
  readonly description: string | null;
  /** The event types it receives; `['*']` for all. */
  readonly eventTypes: readonly string[];
  readonly status: 'Enabled' | 'Disabled';
  readonly createTime: number;
  readonly updateTime: number;
}

export interface WebhookEvent {
  readonly eventId: string;
  readonly directoryId: string | null;
  readonly eventType: WebhookEventType;
  /** The JSON body sent, exactly as signed. */
  readonly payload: string;
  readonly createTime: number;
}

export interface WebhookDelivery {
  readonly deliveryId: string;
  readonly endpointId: string;
  readonly eventId: string;
  readonly eventType: WebhookEventType;
  readonly status: WebhookDeliveryStatus;
  readonly attempts: number;
  readonly nextAttemptAt: number;
  readonly lastAttemptTime: number | null;
  readonly lastStatusCode: number | null;
  readonly lastLatencyMs: number | null;
  readonly lastError: string | null;
  readonly createTime: number;
  readonly endTime: number | null;
}

export interface WebhookAttempt {
  readonly deliveryId: string;
  readonly attempt: number;
  readonly time: number;
  readonly statusCode: number | null;
  readonly latencyMs: number;
  readonly error: string | null;
}

/** A claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  readonly delivery: WebhookDelivery;
  readonly event: WebhookEvent;
  readonly url: string;
  readonly secretSealed: string;
}

export interface DeliveryOutcome {
  readonly status: WebhookDeliveryStatus;
  readonly nextAttemptAt: number;
  readonly attempt: Omit<WebhookAttempt, 'deliveryId'>;
}

export interface WebhookRepository {
  insertEndpoint(e: WebhookEndpoint, secretSealed: string): Promise<void>;
  getEndpoint(endpointId: string): Promise<WebhookEndpoint | undefined>;
  listEndpoints(): Promise<WebhookEndpoint[]>;
  countEndpoints(): Promise<number>;
  /** Deletes the endpoint with its deliveries and their attempts; false if there was none. */
  deleteEndpoint(endpointId: string): Promise<boolean>;
  /** The enabled endpoints, with their event types (fan-out at write time). */
  enabledEndpoints(): Promise<WebhookEndpoint[]>;
  /** The event and one Pending delivery per endpoint, due at `event.createTime`. */
  insertEvent(e: WebhookEvent, endpointIds: readonly string[], deliveryIds: readonly string[]): Promise<void>;
  /**
   * Claims one due Pending delivery (lease free or expired) for `owner` until `leaseUntil`,
   * counting an attempt; on PostgreSQL `FOR UPDATE SKIP LOCKED`, so no two nodes hold one delivery.
   */
  claim(owner: string, now: number, leaseUntil: number): Promise<ClaimedDelivery | undefined>;
  /** Records an attempt and the delivery's new state, only while `owner` holds the lease. */
  complete(deliveryId: string, owner: string, outcome: DeliveryOutcome): Promise<boolean>;
  /** Gives a claim back uncounted (shutdown). */
  release(deliveryId: string, owner: string): Promise<boolean>;
  /** Newest first, keyset on (createTime, deliveryId). */
  listDeliveries(
    endpointId: string,
    q: { status?: WebhookDeliveryStatus | undefined; eventId?: string | undefined },
    after: { createTime: number; deliveryId: string } | undefined,
    limit: number,
  ): Promise<WebhookDelivery[]>;
  listAttempts(deliveryId: string): Promise<WebhookAttempt[]>;
  /** Deletes ended deliveries (and their attempts) and events older than `before`, at most `batch` of each; how many deliveries. */
  prune(before: number, batch: number): Promise<number>;
}
