import type { Kysely, Selectable } from 'kysely';
import type {
  WebhookAttempt,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookEndpoint,
  WebhookEventType,
  WebhookRepository,
} from '../../core/ports/webhooks.js';
import type { Dialect } from '../db.js';
import { leaseClaim } from '../lease-claim.js';
import type { Database, WebhookDeliveryRow, WebhookEndpointRow } from '../schema.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

export function toEndpoint(r: Selectable<WebhookEndpointRow>): WebhookEndpoint {
  return {
    endpointId: r.endpoint_id,
    url: r.url,
    description: r.description,
    eventTypes: JSON.parse(r.event_types) as string[],
    status: r.status as WebhookEndpoint['status'],
    createTime: Number(r.create_time),
    updateTime: Number(r.update_time),
  };
}

function toDelivery(r: Selectable<WebhookDeliveryRow> & { event_type: string }): WebhookDelivery {
  return {
    deliveryId: r.delivery_id,
    endpointId: r.endpoint_id,
    eventId: r.event_id,
    eventType: r.event_type as WebhookEventType,
    status: r.status as WebhookDeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: Number(r.next_attempt_at),
    lastAttemptTime: num(r.last_attempt_time),
    lastStatusCode: num(r.last_status_code),
    lastLatencyMs: num(r.last_latency_ms),
    lastError: r.last_error,
    createTime: Number(r.create_time),
    endTime: num(r.end_time),
  };
}

export function webhookRepository(db: Kysely<Database>, dialect: Dialect): WebhookRepository {
  // Every poll of the dispatcher on every node.
  const claimDue = leaseClaim(db, dialect, 'webhook_deliveries', 'Pending');
  const deliveries = () => db.selectFrom('webhook_deliveries as d').innerJoin('webhook_events as e', 'e.event_id', 'd.event_id').selectAll('d').select('e.event_type');
  return {
    async insertEndpoint(e, secretSealed) {
      await db
        .insertInto('webhook_endpoints')
        .values({
          endpoint_id: e.endpointId,
          url: e.url,
          description: e.description,
          event_types: JSON.stringify(e.eventTypes),
          secret_sealed: secretSealed,
          status: e.status,
          create_time: e.createTime,
          update_time: e.updateTime,
        })
        .execute();
    },
    async getEndpoint(endpointId) {
      const r = await db.selectFrom('webhook_endpoints').selectAll().where('endpoint_id', '=', endpointId).executeTakeFirst();
      return r && toEndpoint(r);
    },
    async listEndpoints() {
      const rows = await db.selectFrom('webhook_endpoints').selectAll().orderBy('create_time').orderBy('endpoint_id').execute();
      return rows.map(toEndpoint);
    },
    async countEndpoints() {
      const r = await db.selectFrom('webhook_endpoints').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async deleteEndpoint(endpointId) {
      const ids = db.selectFrom('webhook_deliveries').select('delivery_id').where('endpoint_id', '=', endpointId);
      await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
      await db.deleteFrom('webhook_deliveries').where('endpoint_id', '=', endpointId).execute();
      const r = await db.deleteFrom('webhook_endpoints').where('endpoint_id', '=', endpointId).executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async enabledEndpoints() {
      const rows = await db.selectFrom('webhook_endpoints').selectAll().where('status', '=', 'Enabled').execute();
      return rows.map(toEndpoint);
    },
    async insertEvent(e, endpointIds, deliveryIds) {
      await db
        .insertInto('webhook_events')
        .values({ event_id: e.eventId, directory_id: e.directoryId, event_type: e.eventType, payload: e.payload, create_time: e.createTime })
        .execute();
      if (endpointIds.length === 0) return;
      await db
        .insertInto('webhook_deliveries')
        .values(
          endpointIds.map((endpointId, i) => ({
            delivery_id: deliveryIds[i] ?? '',
            endpoint_id: endpointId,
            event_id: e.eventId,
            status: 'Pending',
            attempts: 0,
            next_attempt_at: e.createTime,
            lease_owner: null,
            lease_until: null,
            last_attempt_time: null,
            last_status_code: null,
            last_latency_ms: null,
            last_error: null,
            create_time: e.createTime,
            end_time: null,
          })),
        )
        .execute();
    },
    async claim(owner, now, leaseUntil) {
      const r = await claimDue(owner, leaseUntil, now);
      if (!r) return undefined;
      const row = await deliveries()
        .innerJoin('webhook_endpoints as w', 'w.endpoint_id', 'd.endpoint_id')
        .select(['e.payload', 'e.directory_id', 'e.create_time as event_time', 'w.url', 'w.secret_sealed'])
        .where('d.delivery_id', '=', r.delivery_id)
        .executeTakeFirst();
      if (!row) return undefined;
      return {
        delivery: toDelivery(row),
        event: {
          eventId: row.event_id,
          directoryId: row.directory_id,
          eventType: row.event_type as WebhookEventType,
          payload: row.payload,
          createTime: Number(row.event_time),
        },
        url: row.url,
        secretSealed: row.secret_sealed,
      };
    },
    async complete(deliveryId, owner, o) {
      const inTransaction = <T>(fn: (trx: Kysely<Database>) => Promise<T>) => (db.isTransaction ? fn(db) : db.transaction().execute(fn));
      return inTransaction(async (trx) => {
        const r = await trx
          .updateTable('webhook_deliveries')
          .set({
            status: o.status,
            next_attempt_at: o.nextAttemptAt,
            lease_owner: null,
            lease_until: null,
            last_attempt_time: o.attempt.time,
            last_status_code: o.attempt.statusCode,
            last_latency_ms: o.attempt.latencyMs,
            last_error: o.attempt.error,
            end_time: o.status === 'Pending' ? null : o.attempt.time,
          })
          .where('delivery_id', '=', deliveryId)
          .where('lease_owner', '=', owner)
          .where('status', '=', 'Pending')
          .executeTakeFirst();
        if (Number(r.numUpdatedRows) === 0) return false;
        await trx
          .insertInto('webhook_attempts')
          .values({
            delivery_id: deliveryId,
            attempt: o.attempt.attempt,
            time: o.attempt.time,
            status_code: o.attempt.statusCode,
            latency_ms: o.attempt.latencyMs,
            error: o.attempt.error,
          })
          .onConflict((oc) => oc.columns(['delivery_id', 'attempt']).doNothing())
          .execute();
        return true;
      });
    },
    async release(deliveryId, owner) {
      const r = await db
        .updateTable('webhook_deliveries')
        .set((eb) => ({ lease_owner: null, lease_until: null, attempts: eb('attempts', '-', 1) }))
        .where('delivery_id', '=', deliveryId)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'Pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async listDeliveries(endpointId, q, after, limit) {
      let b = deliveries().where('d.endpoint_id', '=', endpointId);
      if (q.status) b = b.where('d.status', '=', q.status);
      if (q.eventId) b = b.where('d.event_id', '=', q.eventId);
      if (after) {
        b = b.where((eb) =>
          eb.or([eb('d.create_time', '<', after.createTime), eb.and([eb('d.create_time', '=', after.createTime), eb('d.delivery_id', '<', after.deliveryId)])]),
        );
      }
      const rows = await b.orderBy('d.create_time', 'desc').orderBy('d.delivery_id', 'desc').limit(limit).execute();
      return rows.map(toDelivery);
    },
    async listAttempts(deliveryId) {
      const rows = await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', deliveryId).orderBy('attempt').execute();
      return rows.map(
        (r): WebhookAttempt => ({
          deliveryId: r.delivery_id,
          attempt: Number(r.attempt),
          time: Number(r.time),
          statusCode: num(r.status_code),
          latencyMs: Number(r.latency_ms),
          error: r.error,
        }),
      );
    },
    async prune(before, batch) {
      const victims = await db
        .selectFrom('webhook_deliveries')
        .select('delivery_id')
        .where('create_time', '<', before)
        .where('status', '<>', 'Pending')
        .limit(batch)
        .execute();
      const ids = victims.map((v) => v.delivery_id);
      if (ids.length > 0) {
        await db.deleteFrom('webhook_attempts').where('delivery_id', 'in', ids).execute();
        await db.deleteFrom('webhook_deliveries').where('delivery_id', 'in', ids).execute();
      }
      // An event goes once no delivery of it is left.
      const orphans = db
        .selectFrom('webhook_events as e')
        .select('e.event_id')
        .where('e.create_time', '<', before)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('webhook_deliveries as d').select('d.delivery_id').whereRef('d.event_id', '=', 'e.event_id'))))
        .limit(batch);
      await db.deleteFrom('webhook_events').where('event_id', 'in', orphans).execute();
      return ids.length;
    },
  };
}
