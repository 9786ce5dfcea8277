import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TObject } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { NO_AUTH_THROTTLE, type AuthThrottle } from '../core/auth-throttle.js';
import type { CoreContext } from '../core/context.js';
import { countParameters, DEFAULT_MAX_PARAMETERS, rawQueryOf } from '../http-bounds.js';
import { isDomainError } from '../core/errors.js';
import { inAccount } from '../core/ram/common.js';
import { recordRamUserLogin } from '../core/ram/users.js';
import type { AuditRequest } from '../core/ports/store.js';
import type { ArnBuilder, RegisteredAction } from './action.js';
import { recordRpcFailure, rpcAuditRequest } from './audit.js';
import { edgeError, edgeErrorWith } from './edge-errors.js';
import { sendError, sendSuccess } from './envelope.js';
import { toRpcError } from './error-map.js';
import { parameterParser, type ParameterParser } from './params.js';
import { authenticate } from './pipeline/authenticate.js';
import type { Authorizer } from './pipeline/authorize.js';
import { resolveAction } from './pipeline/resolve-action.js';
import { responseChecker } from './response-check.js';
import type { Principal } from './principal.js';
import type { Product } from './product.js';
import { RpcError } from './rpc-error.js';
import { isFormBody } from './signature/types.js';
import type { SignedRequest } from './signature/index.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The product and action a management API call resolved to (for metrics and logs). */
    rpcCall?: { readonly product: string; readonly action: string };
  }
}

export interface RpcPluginOptions {
  readonly core: CoreContext;
  readonly authorize: Authorizer;
  /** The products this endpoint serves (src/products/index.ts). */
  readonly products: readonly Product[];
  /** Failed-authentication throttle shared with the SCIM edge (none if absent). */
  readonly throttle?: AuthThrottle;
  /** Most parameters in the query string and form body together (CLOUDSSO_MAX_PARAMETERS). */
  readonly maxParameters?: number;
  /** Check each response against its action's schema after stripping it; a mismatch is a 500 (for tests, docs/decisions/0080). */
  readonly checkResponses?: boolean;
}

/**
 * The management API edge: `GET|POST /` like `cloudsso.<region>.aliyuncs.com`. The pipeline is a
 * visible list of steps: authenticate (parse, key, signature, timestamp, nonce), resolve action,
 * validate parameters, authorize, invoke, envelope.
 */
export async function rpcPlugin(app: FastifyInstance, opts: RpcPluginOptions): Promise<void> {
  const { core, authorize, products } = opts;
  const throttle = opts.throttle ?? NO_AUTH_THROTTLE;
  const maxParameters = opts.maxParameters ?? DEFAULT_MAX_PARAMETERS;
  const tooMany = () => edgeError('TooManyParameters', maxParameters);
  // Keyed by definition: CloudSSO and RAM both have a CreateUser.
  const parsers = new Map<RegisteredAction, ParameterParser<TObject>>();
  for (const p of products) for (const a of p.actions.values()) parsers.set(a, parameterParser(a.params));
  const checkResponse = opts.checkResponses ? responseChecker(products) : undefined;
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
  // Bounded before anything parses them: the query string as soon as the head is in, the form
  // body as soon as it is read, both before the AccessKey is looked up or a signature computed.
  app.addHook('onRequest', async (request) => {
    if (countParameters(rawQueryOf(request.raw.url ?? '/')) > maxParameters) throw tooMany();
  });
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (req, body, done) => {
    const buffer = body as Buffer;
    if (isFormBody(req.headers) && countParameters(rawQueryOf(req.raw.url ?? '/')) + countParameters(buffer) > maxParameters) {
      return done(tooMany(), undefined);
    }
    done(null, buffer);
  });

  app.setErrorHandler((err, request, reply) => {
    const hostId = request.hostname;
    if (err instanceof RpcError) return sendError(reply, err, request.id, hostId);
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const message = (err as Error).message;
      const wire = status === 413 ? edgeError('BodyTooLarge', message) : edgeErrorWith('BadRequest', { status }, message);
      return sendError(reply, wire, request.id, hostId);
    }
    request.log.error({ err }, 'unexpected error in the management API');
    return sendError(reply, edgeError('InternalError'), request.id, hostId);
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const raw = {
      method: request.method,
      rawQuery: rawQueryOf(request.raw.url ?? '/'),
      headers: request.headers,
      rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
    };
    const { signed, principal } = await authenticate(core, raw, { ip: request.ip, throttle });
    // RAM's GetUser.LastLoginDate: the last time the user's key signed an accepted request (decision 0048).
    if (principal.type === 'ram-user') await recordRamUserLogin(core, principal.userId);
    const { product, action } = resolveAction(products, signed);
    request.rpcCall = { product: product.code, action: action.name };
    const audit = rpcAuditRequest(core, request, product, principal, signed.params);
    try {
      return await invoke(request, reply, signed, principal, product, action, audit);
    } catch (err) {
      // The core's errors leave in the vocabulary of the product that was called.
      const wire = isDomainError(err) ? toRpcError(product.errors, err) : err;
      await recordRpcFailure(core, request, action, audit, wire);
      throw wire;
    }
  };

  const invoke = async (
    request: FastifyRequest,
    reply: FastifyReply,
    signed: SignedRequest,
    principal: Principal,
    product: Product,
    action: RegisteredAction,
    audit: AuditRequest,
  ) => {
    const params = (parsers.get(action) ?? parameterParser(action.params)).parse(signed.params);
    if (!action.ram.alwaysAllowed) await authorize(core, {
      principal,
      action: `${product.code}:${action.name}`,
      accessLevel: action.ram.accessLevel,
      resources: await action.ram.resources(params, arnFor(product, principal.accountId), inAccount(core, principal.accountId)),
      context: {
        'acs:SourceIp': request.ip,
        'acs:CurrentTime': new Date(core.clock.now()).toISOString(),
        'acs:SecureTransport': String(request.protocol === 'https'),
        'acs:AccessId': principal.accessKeyId,
      },
    });
    await product.admit?.(core, principal, action);
    request.log.info({ action: action.name, accessKeyId: principal.accessKeyId }, 'management API call');
    const baseUrl = core.settings.publicUrl ?? `${request.protocol}://${request.host}`;
    const result: unknown = await action.handler(
      { core, principal, actor: { type: 'access-key', id: principal.accessKeyId }, requestId: request.id, baseUrl, request: audit },
      params,
    );
    // Only what the response schema lists reaches the wire.
    const body = Value.Clean(action.response, result) as Record<string, unknown>;
    const mismatch = checkResponse?.(product, action, body);
    if (mismatch) {
      request.log.error({ action: action.name, errors: mismatch.errors }, "response does not match the action's response schema");
      throw mismatch.error;
    }
    return sendSuccess(reply, request.id, body);
  };

  app.route({ method: ['GET', 'POST'], url: '/', handler: handle });
}

