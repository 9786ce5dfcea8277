import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { CoreContext } from './core/context.js';
import { newRequestId } from './core/ids.js';
import { sendError } from './rpc/envelope.js';
import { PRODUCTS } from './products/index.js';
import { rpcPlugin } from './rpc/plugin.js';
import type { Authorizer } from './rpc/pipeline/authorize.js';
import { RpcError } from './rpc/rpc-error.js';
import { scimPlugin } from './scim/plugin.js';

export interface AppOptions {
  readonly core: CoreContext;
  readonly authorize: Authorizer;
  /** A pino logger configuration or instance (false for none). */
  readonly logger?: FastifyServerOptions['logger'];
  readonly loggerInstance?: FastifyServerOptions['loggerInstance'];
  /** CLOUDSSO_PUBLIC_URL: the origin of every absolute URL the server emits. */
  readonly publicUrl?: string | undefined;
  /** CLOUDSSO_TRUSTED_PROXIES: peers whose X-Forwarded-For/-Proto/-Host are believed (none by default). */
  readonly trustedProxies?: readonly string[];
}

/**
 * The whole HTTP surface on one port: the management API at `/`, SCIM at `/scim/v2`, and the
 * health endpoints. Separate from listen() so tests can inject() or listen on port 0.
 */
export async function buildApp(opts: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    ...(opts.loggerInstance ? { loggerInstance: opts.loggerInstance } : { logger: opts.logger ?? false }),
    genReqId: () => newRequestId(),
    // Microsoft's SCIM collection requests /scim/v2/users: paths match case-insensitively
    // (route parameters keep their case).
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true },
    bodyLimit: 1024 * 1024,
    // The RAM SDK sends CreatePolicy's PolicyDocument in the query string: 6,144 characters,
    // percent-encoded, reach ~18 KiB of request line, past Node's default 16 KiB header limit.
    http: { maxHeaderSize: 64 * 1024 },
    // request.ip (acs:SourceIp) and request.protocol come from X-Forwarded-* only when the peer is a
    // configured proxy; a client's own X-Forwarded-For is ignored.
    trustProxy: opts.trustedProxies?.length ? [...opts.trustedProxies] : false,
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await opts.core.store.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
  });

  await app.register(rpcPlugin, { core: opts.core, authorize: opts.authorize, products: PRODUCTS });
  await app.register(scimPlugin, { prefix: '/scim/v2', core: opts.core, publicUrl: opts.publicUrl });

  app.setNotFoundHandler((request, reply) =>
    sendError(
      reply,
      new RpcError('InvalidApi.NotFound', 404, 'Specified api is not found, please check your url and method.'),
      request.id,
      request.hostname,
    ),
  );
  return app;
}
