import { randomUUID } from 'node:crypto';
import type { Kysely, QueryCreator } from 'kysely';
import type { AuditAttribute, AuditEvent, AuditRepository, StoredAuditEvent } from '../../core/ports/store.js';
import type { WebhookRepository } from '../../core/ports/webhooks.js';
import type { Dialect } from '../db.js';
import { prepared } from '../prepared.js';
import type { AuditEventRow, Database } from '../schema.js';
import { toEndpoint } from './webhooks.js';

/** A request's parameters are kept up to this size; longer values are cut down to a marker. */
const MAX_PARAMETERS_JSON = 8 * 1024;
const LONG_VALUE = 256;

const COLUMN: Record<AuditAttribute, keyof AuditEventRow> = {
  eventName: 'event_name',
  eventId: 'id',
  serviceName: 'service_name',
  user: 'principal_name',
  accessKeyId: 'access_key_id',
  resourceType: 'resource_type',
  resourceName: 'resource_id',
  eventRW: 'event_rw',
};

/** The columns of an audit row, in the order `auditRow` fills them. */
export const AUDIT_COLUMNS = [
  'id',
  'directory_id',
  'time',
  'actor_type',
  'actor_id',
  'action',
  'resource_type',
  'resource_id',
  'request_id',
  'service_name',
  'event_name',
  'event_rw',
  'api_version',
  'source_ip',
  'user_agent',
  'access_key_id',
  'principal_type',
  'principal_id',
  'principal_name',
  'request_parameters',
  'error_code',
  'error_message',
] as const satisfies ReadonlyArray<keyof AuditEventRow>;

export type AuditValue = AuditEventRow[(typeof AUDIT_COLUMNS)[number]];

const rowOf = (values: AuditValue[]) => Object.fromEntries(AUDIT_COLUMNS.map((c, i) => [c, values[i]])) as unknown as AuditEventRow;

/** Inserts one audit row from `auditValues`: every audited write does, so compiled once (prepared.ts). */
export const auditInsert = (db: Kysely<Database>, dialect: Dialect) =>
  prepared(db, dialect, 'audit.insert', (...values: AuditValue[]) => db.insertInto('audit_events').values(rowOf(values)));

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- WITH queries add their own names to the tables a query may read
type WithQueries = QueryCreator<any>;

/**
 * The audit row `audit` (`auditValues`), inserted once for each row the statement's WITH query
 * `source` returns, within a data-modifying WITH (PostgreSQL): no change, no row.
 */
export const auditInsertFrom = (qc: WithQueries, source: string, audit: readonly unknown[]) =>
  qc
    .insertInto('audit_events')
    .columns([...AUDIT_COLUMNS])
    .expression(qc.selectFrom(source).select((eb) => AUDIT_COLUMNS.map((c, i) => eb.val(audit[i]).as(c))));

export function auditRepository(db: Kysely<Database>, dialect: Dialect, webhooks: Pick<WebhookRepository, 'enabledEndpoints'>): AuditRepository {
  const insert = auditInsert(db, dialect);
  // A change that emits webhook events reads the enabled endpoints next (the outbox): on
  // PostgreSQL the insert rides in the same statement, as a data-modifying WITH, which runs to
  // completion whether or not the select reads it (issue 16: one round trip fewer per write).
  const insertReadingEndpoints = prepared(db, dialect, 'audit.insertReadingEndpoints', (...values: AuditValue[]) =>
    db
      .with('recorded', (qc) => qc.insertInto('audit_events').values(rowOf(values)))
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('status', '=', 'Enabled'),
  );
  return {
    async record(e) {
      await insert(...auditValues(e));
    },
    async recordChange(e) {
      if (dialect !== 'postgres') {
        await insert(...auditValues(e));
        return webhooks.enabledEndpoints();
      }
      return (await insertReadingEndpoints(...auditValues(e))).map(toEndpoint);
    },
    async list(directoryId, limit) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('directory_id', '=', directoryId)
        .orderBy('time', 'desc')
        .limit(limit)
        .execute();
      return rows.map(fromRow);
    },
    async lookup(q) {
      const desc = q.direction === 'BACKWARD';
      let query = db
        .selectFrom('audit_events')
        .selectAll()
        .where('time', '>=', q.startTime)
        .where('time', '<=', q.endTime);
      for (const [attribute, value] of Object.entries(q.where) as [AuditAttribute, string][]) {
        query = query.where(COLUMN[attribute], '=', attribute === 'serviceName' ? value.toLowerCase() : value);
      }
      if (q.after) {
        const { time, eventId } = q.after;
        const cmp = desc ? '<' : '>';
        query = query.where((eb) => eb.or([eb('time', cmp, time), eb.and([eb('time', '=', time), eb('id', cmp, eventId)])]));
      }
      const order = desc ? 'desc' : 'asc';
      const rows = await query.orderBy('time', order).orderBy('id', order).limit(q.limit).execute();
      return rows.map(fromRow);
    },
    async prune(before, batch) {
      // One bounded statement per call, through the time index: the caller loops, so a long
      // backlog never holds a long transaction.
      const result = await db
        .deleteFrom('audit_events')
        .where('id', 'in', (eb) => eb.selectFrom('audit_events').select('id').where('time', '<', before).limit(batch))
        .executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

/** The values of `e`'s row, in AUDIT_COLUMNS' order. */
export function auditValues(e: AuditEvent): AuditValue[] {
  const row = toRow(e);
  return AUDIT_COLUMNS.map((c) => row[c] ?? null);
}

function toRow(e: AuditEvent): AuditEventRow {
  const ram = e.action.startsWith('ram:');
  const r = e.request;
  const byKey = e.actorType === 'access-key' || e.actorType === 'scim-credential';
  return {
    id: randomUUID(),
    directory_id: e.directoryId,
    time: e.time,
    actor_type: e.actorType,
    actor_id: e.actorId,
    action: e.action,
    resource_type: e.resourceType,
    resource_id: e.resourceId,
    request_id: e.requestId,
    service_name: (r?.service ?? (ram ? 'ram' : e.actorType === 'scim-credential' ? 'scim' : 'cloudsso')).toLowerCase(),
    event_name: ram ? e.action.slice(4) : e.action,
    event_rw: e.eventRW ?? 'Write',
    api_version: r?.apiVersion ?? null,
    source_ip: r?.sourceIp ?? null,
    user_agent: r?.userAgent ? r.userAgent.slice(0, 512) : null,
    access_key_id: r?.accessKeyId ?? (byKey ? e.actorId : null),
    principal_type: r?.principal?.type ?? null,
    principal_id: r?.principal?.id ?? e.actorId,
    principal_name: r?.principal?.name ?? null,
    request_parameters: r?.parameters ? parametersJson(r.parameters) : null,
    error_code: e.errorCode ?? null,
    error_message: e.errorMessage ? e.errorMessage.slice(0, 1024) : null,
  };
}

/** JSON of the parameters, with long values cut down when the whole would be too large. */
export function parametersJson(parameters: Record<string, unknown>): string {
  const json = JSON.stringify(parameters);
  if (json.length <= MAX_PARAMETERS_JSON) return json;
  const cut: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(parameters)) {
    const s = typeof v === 'string' ? v : JSON.stringify(v);
    cut[k] = s !== undefined && s.length > LONG_VALUE ? `[${s.length} characters not kept]` : v;
  }
  const smaller = JSON.stringify(cut);
  return smaller.length <= MAX_PARAMETERS_JSON ? smaller : JSON.stringify({ truncated: `[${json.length} characters not kept]` });
}

/** An audit row as the core reads it (LookupEvents, `list`); exported for tests that read rows directly. */
export function fromRow(r: AuditEventRow): StoredAuditEvent {
  const eventRW = r.event_rw === 'Read' ? 'Read' : 'Write';
  return {
    eventId: r.id,
    directoryId: r.directory_id,
    time: Number(r.time),
    actorType: r.actor_type,
    actorId: r.actor_id,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    requestId: r.request_id,
    serviceName: r.service_name ?? 'cloudsso',
    eventName: r.event_name ?? r.action,
    eventRW,
    request: {
      service: r.service_name ?? 'cloudsso',
      apiVersion: r.api_version ?? undefined,
      sourceIp: r.source_ip ?? undefined,
      userAgent: r.user_agent ?? undefined,
      accessKeyId: r.access_key_id ?? undefined,
      principal: r.principal_type ? { type: r.principal_type, id: r.principal_id ?? r.actor_id, name: r.principal_name ?? '' } : undefined,
      parameters: r.request_parameters ? (JSON.parse(r.request_parameters) as Record<string, unknown>) : undefined,
    },
    errorCode: r.error_code,
    errorMessage: r.error_message,
  };
}
