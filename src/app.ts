import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { registerConsole } from './console-static.js';
import type { CoreContext } from './core/context.js';
import { newRequestId } from './core/ids.js';
import { sendError } from './rpc/envelope.js';
import { PRODUCTS } from './products/index.js';
import { rpcPlugin } from './rpc/plugin.js';
import type { Authorizer } from './rpc/pipeline/authorize.js';
import { RpcError } from './rpc/rpc-error.js';
import { sendScim } from './scim/media.js';
import { scimPlugin } from './scim/plugin.js';
import { invalidSyntax, ScimError } from './scim/scim-error.js';

export interface AppOptions {
  readonly core: CoreContext;
  readonly authorize: Authorizer;
  /** A pino logger configuration or instance (false for none). */
  readonly logger?: FastifyServerOptions['logger'];
  readonly loggerInstance?: FastifyServerOptions['loggerInstance'];
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
    trustProxy: false,
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
      const e = tooLong
        ? new RpcError('InvalidApi.NotFound', 404, 'Specified api is not found, please check your url and method.')
        : new RpcError('BadRequest', 400, 'The request path is not a valid URL.');
      return sendError(reply, e, request.id, request.hostname);
    },
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    const ready = await opts.core.store.ready();
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable' });
  });

  await app.register(rpcPlugin, { core: opts.core, authorize: opts.authorize, products: PRODUCTS });
  await app.register(scimPlugin, { prefix: '/scim/v2', core: opts.core });
  // The web console's static build at /console (it signs its own calls to the API above).
  await registerConsole(app);

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
