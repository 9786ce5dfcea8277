import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { parse as parseQuerystring } from 'fast-querystring';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './config.js';
import { authThrottle, DEFAULT_AUTH_THROTTLE_LIMITS, type AuthThrottleLimits } from './core/auth-throttle.js';
import { registerConsole } from './console-static.js';
import type { CoreContext } from './core/context.js';
import { newRequestId } from './core/ids.js';
import { countParameters } from './http-bounds.js';
import { metricsPlugin } from './metrics/plugin.js';
import { portalSamlPlugin, samlStartPath } from './portal/saml.js';
import type { Metrics } from './metrics/registry.js';
import { sendError } from './rpc/envelope.js';
import { portalPlugin } from './portal/plugin.js';
import { portalApiPlugin } from './portal/api.js';
import { PRODUCTS } from './products/index.js';
import { actionsPage } from './products/catalog.js';
import { rpcPlugin } from './rpc/plugin.js';
import type { Authorizer } from './rpc/pipeline/authorize.js';
import { edgeError } from './rpc/edge-errors.js';
import { sendScim } from './scim/media.js';
import { scimPlugin } from './scim/plugin.js';
import { invalidSyntax, ScimError } from './scim/scim-error.js';

export interface AppOptions {
  readonly core: CoreContext;
  readonly authorize: Authorizer;
  /** A pino logger configuration or instance (false for none). */
  readonly logger?: FastifyServerOptions['logger'];
  readonly loggerInstance?: FastifyServerOptions['loggerInstance'];
  /** Failed-authentication limits (CLOUDSSO_AUTH_FAILURES_PER_IP, ...); the defaults if absent. */
  readonly authThrottle?: AuthThrottleLimits;
  /** Timeouts and size bounds (CLOUDSSO_REQUEST_TIMEOUT_MS, ...); the defaults if absent. */
  readonly http?: HttpLimits;
  /** CLOUDSSO_PUBLIC_URL: the origin of every absolute URL the server emits. */
  readonly publicUrl?: string | undefined;
  /** CLOUDSSO_TRUSTED_PROXIES: peers whose X-Forwarded-For/-Proto/-Host are believed (none by default). */
  readonly trustedProxies?: readonly string[];
  /** Serves /metrics and counts requests when given (runtime.ts makes one per server). */
  readonly metrics?: Metrics;
  readonly metricsToken?: string | undefined;
  /**
   * Check every management API response against its action's response schema, not only strip it
   * to the schema: a mismatch is a 500 with the differences in the log. For tests (docs/decisions/0080).
   */
  readonly checkResponses?: boolean;
}

/**
 * The whole HTTP surface on one port: the management API at `/`, SCIM at `/scim/v2`, and the
 * health endpoints. Separate from listen() so tests can inject() or listen on port 0.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const limits = opts.http ?? DEFAULT_HTTP_LIMITS;
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: opts.logger ?? false }),
    genReqId: () => newRequestId(),
    // Microsoft's SCIM collection requests /scim/v2/users: paths match case-insensitively
    // (route parameters keep their case).
    routerOptions: {
      caseSensitive: false,
      ignoreTrailingSlash: true,
      // Parsed for every request before any hook: a query over the parameter bound is not parsed
      // at all, and each edge then refuses it in its own format (countParameters).
      querystringParser: (query: string) => (countParameters(query) > limits.maxParameters ? {} : parseQuerystring(query)),
    },
    bodyLimit: limits.bodyLimitBytes,
    // Node's defaults hold a connection whose body never ends forever (docs/decisions/0041).
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    http: {
      // The RAM SDK sends CreatePolicy's PolicyDocument in the query string: 6,144 characters,
      // percent-encoded, reach ~18 KiB of request line, past Node's default 16 KiB header limit.
      maxHeaderSize: 64 * 1024,
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // Node checks the two timeouts above only this often (30 s by default).
      connectionsCheckingInterval: Math.max(250, Math.min(5_000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    // request.ip (acs:SourceIp) and request.protocol come from X-Forwarded-* only when the peer is a
    // configured proxy; a client's own X-Forwarded-For is ignored.
    trustProxy: opts.trustedProxies?.length ? [...opts.trustedProxies] : false,
    // Errors of the router itself (a malformed %-escape in the path, a path parameter over 100
    // characters) answer in the protocol's own format, not Fastify's: a SCIM client gets a SCIM
    // error (an id that long is no resource: 404), the management API its envelope.
    frameworkErrors: (error, request, reply) => {
      const tooLong = error.code === 'FST_ERR_MAX_PARAM_LENGTH';
      const status = tooLong ? 404 : 400;
      if ((request.url ?? '').toLowerCase().startsWith('/scim/')) {
        const detail = tooLong ? 'No resource has an id that long.' : 'The request path is not a valid URL (a malformed %-escape).';
        return sendScim(reply, status, (tooLong ? new ScimError({ status: 404 }, detail) : invalidSyntax(detail)).toJSON());
      }
      const e = edgeError(tooLong ? 'ApiNotFound' : 'MalformedPath');
      return sendError(reply, e, request.id, request.hostname);
    },
  });
  // First, so its hooks see every route added below.
  if (opts.metrics) await app.register(metricsPlugin, { metrics: opts.metrics, token: opts.metricsToken });
  app.get('/healthz', async () => ({ status: 'ok' }));
  // The list of supported actions (README "Supported actions"): public, nothing in it is secret.
  const actionsHtml = actionsPage(PRODUCTS);
  app.get('/docs/actions', async (_request, reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(actionsHtml));
  app.get('/readyz', async (_request, reply) => {
    const ready = await opts.core.store.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
  });

  // One throttle for both edges: a source address's failures add up across signatures and tokens.
  const throttle = authThrottle(opts.core, opts.authThrottle ?? DEFAULT_AUTH_THROTTLE_LIMITS);
  const maxParameters = limits.maxParameters;
  await app.register(rpcPlugin, { core: opts.core, authorize: opts.authorize, products: PRODUCTS, throttle, maxParameters, checkResponses: opts.checkResponses ?? false });
  await app.register(scimPlugin, { prefix: '/scim/v2', core: opts.core, throttle, maxParameters, publicUrl: opts.publicUrl });
  // The user portal: users of each directory sign in at /portal/<DirectoryName>.
  await app.register(portalPlugin, { prefix: '/portal', core: opts.core, throttle, publicUrl: opts.publicUrl, maxParameters, ssoStartPath: (d) => samlStartPath(d.name) });
  // SAML sign-in to the user portal: the start, the ACS and the SP metadata (docs/decisions/0125).
  await app.register(portalSamlPlugin, { core: opts.core, publicUrl: opts.publicUrl });
  // The programmatic portal API (device flow, assignments, credentials) at the root (docs/decisions/0136).
  await app.register(portalApiPlugin, { core: opts.core, publicUrl: opts.publicUrl });
  // The web console's static build at /console (it signs its own calls to the API above).
  await registerConsole(app);

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, edgeError('ApiNotFound'), request.id, request.hostname),
  );
  return app;
}
