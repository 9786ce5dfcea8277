import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { CoreContext } from '../core/context.js';
import { isDomainError } from '../core/errors.js';
import type { ArnBuilder, RegisteredAction } from './action.js';
import { sendError, sendSuccess, INTERNAL_ERROR } from './envelope.js';
import { toRpcError } from './error-map.js';
import { parameterParser, type ParameterParser } from './params.js';
import { authenticate } from './pipeline/authenticate.js';
import type { Authorizer } from './pipeline/authorize.js';
import { resolveAction } from './pipeline/resolve-action.js';
import type { Product } from './product.js';
import { RpcError } from './rpc-error.js';

export interface RpcPluginOptions {
  readonly core: CoreContext;
  readonly authorize: Authorizer;
  /** The products this endpoint serves (src/products/index.ts). */
  readonly products: readonly Product[];
}

/**
 * The management API edge: `GET|POST /` like `cloudsso.<region>.aliyuncs.com`. The pipeline is a
 * visible list of steps: authenticate (parse, key, signature, timestamp, nonce), resolve action,
 * validate parameters, authorize, invoke, envelope.
 */
export async function rpcPlugin(app: FastifyInstance, opts: RpcPluginOptions): Promise<void> {
  const { core, authorize, products } = opts;
  // Keyed by definition: CloudSSO and RAM both have a CreateUser.
  const parsers = new Map<RegisteredAction, ParameterParser<TObject>>();
  for (const p of products) for (const a of p.actions.values()) parsers.set(a, parameterParser(a.params));
  // ARNs name the account the call acts in: the caller's (docs/decisions/0060).
  const arns = new Map<string, ArnBuilder>();
  const arnFor = (product: Product, accountId: string): ArnBuilder => {
    const key = `${product.code}|${product.version}|${accountId}`;
    let b = arns.get(key);
    if (!b) arns.set(key, (b = product.arn({ regionId: core.settings.regionId, accountId })));
    return b;
  };

  // The signature covers the raw body bytes (ACS3 hashes them): take every body as a Buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, request, reply) => {
    const hostId = request.hostname;
    if (err instanceof RpcError) return sendError(reply, err, request.id, hostId);
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const code = status === 413 ? 'InvalidParameter.Body' : 'BadRequest';
      return sendError(reply, new RpcError(code, status, (err as Error).message), request.id, hostId);
    }
    request.log.error({ err }, 'unexpected error in the management API');
    return sendError(reply, INTERNAL_ERROR(), request.id, hostId);
  });

  const handle = async (request: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const { signed, principal } = await authenticate(core, {
      method: request.method,
      rawQuery: rawQueryOf(request.raw.url ?? '/'),
      headers: request.headers,
      rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    });
    const { product, action } = resolveAction(products, signed);
    const params = parsers.get(action)!.parse(signed.params);
    if (!action.ram.alwaysAllowed) await authorize(core, {
      principal,
      action: `${product.code}:${action.name}`,
      accessLevel: action.ram.accessLevel,
      resources: action.ram.resources(params, arnFor(product, principal.accountId)),
      context: {
        'acs:SourceIp': request.ip,
        'acs:CurrentTime': new Date(core.clock.now()).toISOString(),
        'acs:SecureTransport': String(request.protocol === 'https'),
        'acs:AccessId': principal.accessKeyId,
      },
    });
    request.log.info({ action: action.name, accessKeyId: principal.accessKeyId }, 'management API call');
    let result: unknown;
    try {
      const baseUrl = core.settings.publicUrl ?? `${request.protocol}://${request.host}`;
      result = await action.handler({ core, principal, actor: { type: 'access-key', id: principal.accessKeyId }, requestId: request.id, baseUrl }, params);
    } catch (err) {
      // The core's errors leave in the vocabulary of the product that was called.
      throw isDomainError(err) ? toRpcError(product.errors, err) : err;
    }
    // Only what the response schema lists reaches the wire.
    return sendSuccess(reply, request.id, Value.Clean(action.response, result) as Record<string, unknown>);
  };

  app.route({ method: ['GET', 'POST'], url: '/', handler: handle });
}

function rawQueryOf(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
}
