import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Store } from '../core/ports/store.js';

/** What a database handle tells about its connection pool (PostgreSQL; SQLite has one connection). */
export interface PoolStats {
  readonly total: number;
  readonly idle: number;
  readonly waiting: number;
}

export interface MetricsSources {
  readonly store: Store;
  readonly poolStats?: (() => PoolStats) | undefined;
}

/** Request latency buckets, in seconds: a SCIM GET takes about a millisecond, a bulk PATCH seconds. */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const QUERY_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

/**
 * The Prometheus metrics of one server (docs/decisions/0056-metrics.md), in a registry of their
 * own (tests run several servers in one process). Every label has a bounded set of values: the
 * RPC action only once resolved (a caller cannot invent label values), the SCIM route as
 * declared (`/scim/v2/Users/:id`), a credential only by its ID (at most two per directory).
 */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  let sources: MetricsSources | undefined;

  const http = new Counter({
    name: 'cloudsso_http_requests_total',
    help: 'HTTP requests by surface (rpc, scim, probe, other) and status.',
    labelNames: ['surface', 'status'] as const,
    registers: [registry],
  });
  const rpcRequests = new Counter({
    name: 'cloudsso_rpc_requests_total',
    help: 'Management API calls by product, action and HTTP status (action "unknown" until a signed call resolves to one).',
    labelNames: ['product', 'action', 'status'] as const,
    registers: [registry],
  });
  const rpcDuration = new Histogram({
    name: 'cloudsso_rpc_request_duration_seconds',
    help: 'Management API call latency by product and action.',
    labelNames: ['product', 'action'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const scimRequests = new Counter({
    name: 'cloudsso_scim_requests_total',
    help: 'SCIM requests by method, route and HTTP status.',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const scimDuration = new Histogram({
    name: 'cloudsso_scim_request_duration_seconds',
    help: 'SCIM request latency by method and route.',
    labelNames: ['method', 'route'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const scimAuthFailures = new Counter({
    name: 'cloudsso_scim_auth_failures_total',
    help: 'SCIM requests refused with 401, by reason (missing, malformed, unknown, disabled, expired, sync-disabled).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'cloudsso_scim_credential_last_used_timestamp_seconds',
    help: 'When each SCIM credential last authenticated a request (to the minute; credentials never used are absent).',
    labelNames: ['directory_id', 'credential_id'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      if (!sources) return;
      try {
        for (const d of await sources.store.directories.list()) {
          for (const c of await sources.store.scimCredentials.list(d.id)) {
            if (c.lastUsedTime !== null) this.set({ directory_id: d.id, credential_id: c.id }, c.lastUsedTime / 1000);
          }
        }
      } catch {
        // The database being down shows in /readyz and the pool metrics; the scrape still answers.
      }
    },
  });
  const tasksInFlight = new Gauge({
    name: 'cloudsso_tasks_in_flight',
    help: 'Background tasks running on this node, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'cloudsso_db_pool_connections',
    help: 'Database pool connections by state (total, idle, waiting requests); PostgreSQL only.',
    labelNames: ['state'] as const,
    registers: [registry],
    collect() {
      const stats = sources?.poolStats?.();
      if (!stats) return;
      this.set({ state: 'total' }, stats.total);
      this.set({ state: 'idle' }, stats.idle);
      this.set({ state: 'waiting' }, stats.waiting);
    },
  });
  const queryDuration = new Histogram({
    name: 'cloudsso_db_query_duration_seconds',
    help: 'Database query time by statement kind (select, insert, update, delete, other) and outcome.',
    labelNames: ['kind', 'outcome'] as const,
    buckets: QUERY_BUCKETS,
    registers: [registry],
  });
  const auditPruned = new Counter({
    name: 'cloudsso_audit_events_pruned_total',
    help: 'Audit events deleted by this node for being older than the retention period.',
    registers: [registry],
  });

  return {
    registry,
    http,
    rpcRequests,
    rpcDuration,
    scimRequests,
    scimDuration,
    scimAuthFailures,
    /** For the task runner: `tasksInFlight.inc({ kind })` when a task starts, `.dec` when it ends. */
    tasksInFlight,
    auditPruned,
    /** The database's query hook (store/db.ts `onQuery`). */
    observeQuery(kind: string, seconds: number, ok: boolean): void {
      queryDuration.observe({ kind, outcome: ok ? 'ok' : 'error' }, seconds);
    },
    /** Where the collected gauges read from, once the store is open. */
    bind(s: MetricsSources): void {
      sources = s;
    },
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
