import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { Metrics } from './registry.js';

export interface MetricsPluginOptions {
  readonly metrics: Metrics;
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  readonly token?: string | undefined;
}

/** Health and metrics probes: polled every few seconds, so their request lines stay below info. */
export const PROBE_URLS = new Set(['/healthz', '/readyz', '/metrics']);

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

/**
 * `GET /metrics` in the Prometheus text format, and the hooks that count every request. Not
 * encapsulated (like fastify-plugin): its hooks must see the routes the app adds after it.
 */
const plugin: FastifyPluginAsync<MetricsPluginOptions> = async (app: FastifyInstance, opts) => {
  const { metrics } = opts;
  const expected = opts.token === undefined ? undefined : digest(`Bearer ${opts.token}`);

  app.addHook('onRoute', (route) => {
    if (PROBE_URLS.has(route.url)) route.logLevel = 'warn';
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    const status = String(reply.statusCode);
    const seconds = reply.elapsedTime / 1000;
    if (route === '/') {
      const product = request.rpcCall?.product ?? 'unknown';
      const action = request.rpcCall?.action ?? 'unknown';
      metrics.http.inc({ surface: 'rpc', status });
      metrics.rpcRequests.inc({ product, action, status });
      metrics.rpcDuration.observe({ product, action }, seconds);
    } else if (route?.toLowerCase().startsWith('/scim/') || (route === undefined && request.url.toLowerCase().startsWith('/scim/'))) {
      const label = route ?? 'unmatched';
      metrics.http.inc({ surface: 'scim', status });
      metrics.scimRequests.inc({ method: request.method, route: label, status });
      metrics.scimDuration.observe({ method: request.method, route: label }, seconds);
      if (request.scimAuthFailure) metrics.scimAuthFailures.inc({ reason: request.scimAuthFailure });
    } else {
      metrics.http.inc({ surface: route !== undefined && PROBE_URLS.has(route) ? 'probe' : 'other', status });
    }
  });

  app.get('/metrics', async (request, reply) => {
    if (expected) {
      const given = digest(request.headers.authorization ?? '');
      if (!timingSafeEqual(given, expected)) {
        return reply
          .code(401)
          .header('www-authenticate', 'Bearer realm="metrics"')
          .type('text/plain; charset=utf-8')
          .send('Send "Authorization: Bearer <CLOUDSSO_METRICS_TOKEN>" to read the metrics.\n');
      }
    }
    const body = await metrics.registry.metrics();
    return reply.type(metrics.registry.contentType).send(body);
  });
};

(plugin as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;

export const metricsPlugin = plugin;
