import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { CoreContext } from '../core/context.js';
import { isDomainError } from '../core/errors.js';
import { domainErrorToScim } from './error-map.js';
import { guard, type ScimAuth } from './guard.js';
import { sendScim } from './media.js';
import { serviceProviderConfig } from './resources/service-provider-config.js';
import { ScimError, invalidSyntax } from './scim-error.js';
import { registerDiscoveryRoutes } from './resources/discovery.js';
import { registerGroupRoutes } from './resources/groups.js';
import { registerUserRoutes } from './resources/users.js';

export interface ScimPluginOptions {
  readonly core: CoreContext;
  /** CLOUDSSO_PUBLIC_URL: the origin of every absolute URL (meta.location, Location). */
  readonly publicUrl?: string | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    scimAuth?: ScimAuth;
  }
}

/** The SCIM 2.0 edge at /scim/v2 (RFC 7643/7644). */
export async function scimPlugin(app: FastifyInstance, opts: ScimPluginOptions): Promise<void> {
  const { core } = opts;

  // IdPs send application/scim+json or application/json (Okta), with or without charset.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(['application/json', 'application/scim+json'], { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(invalidSyntax('The request body is not valid JSON.'), undefined);
    }
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
    if (body === '') return done(null, undefined);
    try {
      done(null, JSON.parse(body as string));
    } catch {
      done(new ScimError({ status: 415 }, 'Send SCIM requests as application/scim+json or application/json.'), undefined);
    }
  });

  app.setErrorHandler((err, request, reply) => {
    if (err instanceof ScimError) return sendScim(reply, err.status, err.toJSON());
    if (isDomainError(err)) {
      const e = domainErrorToScim(err);
      return sendScim(reply, e.status, e.toJSON());
    }
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      const e = status === 400 ? invalidSyntax((err as Error).message) : new ScimError({ status: 413 }, (err as Error).message);
      return sendScim(reply, e.status, e.toJSON());
    }
    request.log.error({ err }, 'unexpected error in the SCIM edge');
    return sendScim(reply, 500, new ScimError({ status: 500 }, `Internal server error (request ${request.id}).`).toJSON());
  });

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

  // Everything else needs a valid, enabled, unexpired credential of a directory with SCIM sync on.
  await app.register(async (authed) => {
    authed.addHook('onRequest', async (request) => {
      request.scimAuth = await guard(core, request);
    });
    registerUserRoutes(authed, { core, baseUrl });
    registerGroupRoutes(authed, { core, baseUrl });
  });
}
