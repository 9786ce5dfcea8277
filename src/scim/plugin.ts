import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { NO_AUTH_THROTTLE, type AuthThrottle } from '../core/auth-throttle.js';
import type { CoreContext } from '../core/context.js';
import type { ResourceKey } from '../core/ports/store.js';
import { countParameters, DEFAULT_MAX_PARAMETERS, rawQueryOf } from '../http-bounds.js';
import { isDomainError } from '../core/errors.js';
import { recordScimFailure } from './audit.js';
import { domainErrorToScim } from './error-map.js';
import { checkBody, checkRequestTarget } from './edge-input.js';
import { guard, type ScimAuth } from './guard.js';
import { sendScim } from './media.js';
import { serviceProviderConfig } from './resources/service-provider-config.js';
import { ScimError, invalidSyntax, invalidValue } from './scim-error.js';
import { registerDiscoveryRoutes } from './resources/discovery.js';
import { registerGroupRoutes } from './resources/groups.js';
import { registerUserRoutes } from './resources/users.js';

export interface ScimPluginOptions {
  readonly core: CoreContext;
  /** Failed-authentication throttle shared with the RPC edge (none if absent). */
  readonly throttle?: AuthThrottle;
  /** Most query parameters (CLOUDSSO_MAX_PARAMETERS). */
  readonly maxParameters?: number;
  /** CLOUDSSO_PUBLIC_URL: the origin of every absolute URL (meta.location, Location). */
  readonly publicUrl?: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    scimAuth?: ScimAuth;
  }
  interface FastifyContextConfig {
    /**
     * The user or group the route will read, if it can tell before the guard runs: the guard reads
     * it with the token, one statement on PostgreSQL (guard.ts, decision 0196). Must not throw: a
     * request it cannot judge (a malformed filter) returns undefined and is refused later, in order.
     */
    scimReads?: (request: FastifyRequest) => ResourceKey | undefined;
  }
}

/** Fastify's error for a request that fails a route schema (`validation` lists the failures). */
const isValidationError = (err: unknown): err is Error & { validation: unknown[]; validationContext?: string } =>
  err instanceof Error && Array.isArray((err as { validation?: unknown }).validation);

/** The SCIM 2.0 edge at /scim/v2 (RFC 7643/7644). */
export async function scimPlugin(app: FastifyInstance, opts: ScimPluginOptions): Promise<void> {
  const { core } = opts;
  const throttle = opts.throttle ?? NO_AUTH_THROTTLE;
  const maxParameters = opts.maxParameters ?? DEFAULT_MAX_PARAMETERS;

  // Refused before anything else (docs/decisions/0041-request-bounds.md).
  app.addHook('onRequest', async (request) => {
    if (countParameters(rawQueryOf(request.raw.url ?? '')) > maxParameters) {
      throw new ScimError({ status: 400, scimType: 'invalidValue' }, `The request carries more than ${maxParameters} query parameters.`);
    }
  });

  // IdPs send application/scim+json or application/json (Okta), with or without charset.
  // Every body is also checked for what no resource may hold (edge-input.ts) before a handler runs.
  app.removeAllContentTypeParsers();
  const parseJson = (body: string, notJson: () => ScimError) => {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      throw notJson();
    }
    checkBody(value);
    return value;
  };
  app.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, parseJson(body as string, () => invalidSyntax('The request body is not valid JSON.')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, parseJson(body as string, () => new ScimError({ status: 415 }, 'Send SCIM requests as application/scim+json or application/json.')));
    } catch (err) {
      done(err as Error, undefined);
    }
  });
  // Before the bearer guard: a NUL in the path or query is refused without touching the store.
  app.addHook('onRequest', async (request) => checkRequestTarget(request.url));

  app.setErrorHandler(scimErrorHandler);

  app.setNotFoundHandler((request, reply) =>
    sendScim(reply, 404, new ScimError({ status: 404 }, `No SCIM endpoint at ${request.method} ${request.url.split('?')[0]}.`).toJSON()),
  );

  // The configured public URL; else the request's scheme and Host (X-Forwarded-Proto/-Host only
  // from a trusted proxy, see CLOUDSSO_TRUSTED_PROXIES).
  const baseUrl = opts.publicUrl
    ? () => `${opts.publicUrl}/scim/v2`
    : (request: FastifyRequest) => `${request.protocol}://${request.host}/scim/v2`;

  // Discovery without authentication, as CloudSSO does for /ServiceProviderConfig.
  // `/serviceConfiguration` is the legacy path Microsoft's test collection requests.
  for (const url of ['/ServiceProviderConfig', '/serviceConfiguration']) {
    app.get(url, async (request, reply) => sendScim(reply, 200, serviceProviderConfig(baseUrl(request))));
  }
  registerDiscoveryRoutes(app, baseUrl);

  // RFC 7644 endpoints this server does not implement: 501 with a SCIM error, not a 404 that
  // reads as "no SCIM server here" (decision 0045). They describe the server, as discovery does.
  const notImplemented = (what: string) => async () => {
    throw new ScimError({ status: 501 }, `${what} is not implemented by this server (see /ServiceProviderConfig).`);
  };
  app.all('/Me', notImplemented('/Me (RFC 7644 §3.11)'));
  app.all('/Me/*', notImplemented('/Me (RFC 7644 §3.11)'));
  app.all('/Bulk', notImplemented('/Bulk (RFC 7644 §3.7)'));
  app.post('/.search', notImplemented('Searching across resource types at the server root (RFC 7644 §3.4.3); POST /Users/.search or /Groups/.search'));

  // Everything else needs a valid, enabled, unexpired credential of a directory with SCIM sync on.
  await app.register(async (authed) => {
    authed.addHook('onRequest', async (request) => {
      request.scimAuth = await guard(core, request, throttle, request.routeOptions.config.scimReads?.(request));
    });
    authed.addHook('onError', async (request, _reply, err) => recordScimFailure(core, request, err));
    registerUserRoutes(authed, { core, baseUrl });
    registerGroupRoutes(authed, { core, baseUrl });
  });
}

/** Every error of the SCIM edge in the SCIM Error format (RFC 7644 §3.12), never Fastify's own body. */
export function scimErrorHandler(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  if (err instanceof ScimError) {
    for (const [name, value] of Object.entries(err.headers)) reply.header(name, value);
    // RFC 7644 §2, RFC 6750 §3: a 401 names the scheme; a token that was sent and refused is `invalid_token`.
    if (err.status === 401) {
      reply.header('www-authenticate', request.headers.authorization ? 'Bearer realm="scim", error="invalid_token"' : 'Bearer realm="scim"');
    }
    return sendScim(reply, err.status, err.toJSON());
  }
  if (isDomainError(err)) {
    const e = domainErrorToScim(err);
    return sendScim(reply, e.status, e.toJSON());
  }
  // A request that fails a route's schema (route-schemas.ts): a SCIM error, not Fastify's 400 body.
  if (isValidationError(err)) {
    const e = invalidValue(`The request's ${err.validationContext ?? 'input'} is not valid: ${err.message}.`);
    return sendScim(reply, e.status, e.toJSON());
  }
  const status = (err as { statusCode?: number }).statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const e = status === 400 ? invalidSyntax((err as Error).message) : new ScimError({ status: 413 }, (err as Error).message);
    return sendScim(reply, e.status, e.toJSON());
  }
  request.log.error({ err }, 'unexpected error in the SCIM edge');
  return sendScim(reply, 500, new ScimError({ status: 500 }, `Internal server error (request ${request.id}).`).toJSON());
}
