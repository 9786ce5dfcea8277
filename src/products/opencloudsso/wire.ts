import { Type } from '@sinclair/typebox';
import { ID_PATTERNS } from '../../core/ids.js';
import type { WebhookAttempt, WebhookDelivery, WebhookEndpoint } from '../../core/ports/webhooks.js';

const iso = (ms: number) => new Date(ms).toISOString();

export const WebhookIdParam = Type.String({
  pattern: ID_PATTERNS.webhook.source,
  errorMessage: 'it must be a webhook ID such as wh-00000000000000000000',
});

export const WebhookSchema = Type.Object({
  WebhookId: Type.String(),
  Url: Type.String(),
  Description: Type.Optional(Type.String()),
  EventTypes: Type.Array(Type.String()),
  Status: Type.String(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

export function toWireWebhook(w: WebhookEndpoint) {
  return {
    WebhookId: w.endpointId,
    Url: w.url,
    ...(w.description !== null ? { Description: w.description } : {}),
    EventTypes: [...w.eventTypes],
    Status: w.status,
    CreateTime: iso(w.createTime),
    UpdateTime: iso(w.updateTime),
  };
}

const AttemptSchema = Type.Object({
  Attempt: Type.Integer(),
  Time: Type.String(),
  StatusCode: Type.Optional(Type.Integer()),
  LatencyMs: Type.Integer(),
  Error: Type.Optional(Type.String()),
});

export const DeliverySchema = Type.Object({
  DeliveryId: Type.String(),
  WebhookId: Type.String(),
  EventId: Type.String(),
  EventType: Type.String(),
  Status: Type.String(),
  Attempts: Type.Integer(),
  NextAttemptTime: Type.Optional(Type.String()),
  LastAttemptTime: Type.Optional(Type.String()),
  LastStatusCode: Type.Optional(Type.Integer()),
  LastLatencyMs: Type.Optional(Type.Integer()),
  LastError: Type.Optional(Type.String()),
  CreateTime: Type.String(),
  EndTime: Type.Optional(Type.String()),
  AttemptLog: Type.Array(AttemptSchema),
});

function toWireAttempt(a: WebhookAttempt) {
  return {
    Attempt: a.attempt,
    Time: iso(a.time),
    ...(a.statusCode !== null ? { StatusCode: a.statusCode } : {}),
    LatencyMs: a.latencyMs,
    ...(a.error !== null ? { Error: a.error } : {}),
  };
}

export function toWireDelivery(d: WebhookDelivery & { attemptLog: readonly WebhookAttempt[] }) {
  return {
    DeliveryId: d.deliveryId,
    WebhookId: d.endpointId,
    EventId: d.eventId,
    EventType: d.eventType,
    Status: d.status,
    // A delivery claimed and not yet recorded counts its attempt already; the log shows what ended.
    Attempts: d.attemptLog.length,
    ...(d.status === 'Pending' ? { NextAttemptTime: iso(d.nextAttemptAt) } : {}),
    ...(d.lastAttemptTime !== null ? { LastAttemptTime: iso(d.lastAttemptTime) } : {}),
    ...(d.lastStatusCode !== null ? { LastStatusCode: d.lastStatusCode } : {}),
    ...(d.lastLatencyMs !== null ? { LastLatencyMs: d.lastLatencyMs } : {}),
    ...(d.lastError !== null ? { LastError: d.lastError } : {}),
    CreateTime: iso(d.createTime),
    ...(d.endTime !== null ? { EndTime: iso(d.endTime) } : {}),
    AttemptLog: d.attemptLog.map(toWireAttempt),
  };
}
