import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Value } from '@sinclair/typebox/value';
import type { CoreContext } from '../core/context.js';
import { isDomainError } from '../core/errors.js';
import type { ActionDefinition } from './action.js';
import { sendError, sendSuccess, INTERNAL_ERROR } from './envelope.js';
import { domainErrorToRpc } from './error-map.js';
import { parameterParser, type ParameterParser } from './params.js';
import { authenticate } from './pipeline/authenticate.js';
import type { Authorizer } from './pipeline/authorize.js';
import { PRODUCTS, resolveAction } from './pipeline/resolve-action.js';
import { RpcError } from './rpc-error.js';

export interface RpcPluginOptions {
  readonly core: CoreContext;
  readonly authorize: Authorizer;
}

/**
 * The management API edge: `GET|POST /` like `cloudsso.<region>.aliyuncs.com`. The pipeline is a
 * visible list of steps: authenticate (parse, key, signature, timestamp, nonce), resolve action,
 * validate parameters, authorize, invoke, envelope.
 */
export async function rpcPlugin(app: FastifyInstance, opts: RpcPluginOptions): Promise<void> {
  const { core, authorize } = opts;
  // Keyed by definition: CloudSSO and RAM both have a CreateUser.
  const parsers = new Map<ActionDefinition<any, any>, ParameterParser<any>>();
  for (const p of PRODUCTS) for (const a of p.registry.values()) parsers.set(a, parameterParser(a.params));
  const arns = new Map(PRODUCTS.map((p) => [p, p.arn(core.settings)]));

  // The signature covers the raw body bytes (ACS3 hashes them): take every body as a Buffer.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));

  app.setErrorHandler((err, request, reply) => {
    const hostId = request.hostname;
    if (err instanceof RpcError) return sendError(reply, err, request.id, hostId);
    if (isDomainError(err)) return sendError(reply, domainErrorToRpc(err), request.id, hostId);
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
    const { product, action } = resolveAction(signed);
    const params = parsers.get(action)!.parse(signed.params);
    await authorize(core, {
      principal,
      action: `${product.code}:${action.name}`,
      accessLevel: action.ram.accessLevel,
      resources: action.ram.resources(params, arns.get(product)!),
      context: {
        'acs:SourceIp': request.ip,
        'acs:CurrentTime': new Date(core.clock.now()).toISOString(),
        'acs:SecureTransport': String(request.protocol === 'https'),
        'acs:AccessId': principal.accessKeyId,
      },
    });
    request.log.info({ action: action.name, accessKeyId: principal.accessKeyId }, 'management API call');
    const result = await action.handler(
      { core, principal, actor: { type: 'access-key', id: principal.accessKeyId }, requestId: request.id },
      params,
    );
    // Only what the response schema lists reaches the wire.
    return sendSuccess(reply, request.id, Value.Clean(action.response, result) as Record<string, unknown>);
  };

  app.route({ method: ['GET', 'POST'], url: '/', handler: handle });
}

function rawQueryOf(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? '' : url.slice(i + 1);
}
