import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { accountsOfUser, configurationsOfUser, issueUserCredentials, PortalAccessRefused } from '../core/access/user-access.js';
import type { CoreContext } from '../core/context.js';
import {
  authenticateAccessToken,
  credentialTarget,
  exchangeDeviceCode,
  recordTokenSelection,
  startDeviceAuthorization,
  type TokenHolder,
} from '../core/sign-in/device-flow.js';
import { readPortalSession } from '../core/sign-in/sessions.js';
import { portalOrigin, portalPath, readCookie, SESSION_COOKIE } from './session-cookie.js';

export interface PortalApiOptions {
  readonly core: CoreContext;
  readonly publicUrl?: string | undefined;
}

/** JSON bodies of the portal API are small: an ID or two. */
const BODY_LIMIT = 16 * 1024;
const MAX_RESULTS = { default: 20, max: 100 } as const;

/**
 * The programmatic portal API at the root of the portal host (cloudsso-access.md §6.8;
 * docs/decisions/0136, 0137): the device flow (`POST /device-authorization`, `POST /token`), the
 * signed-in user's accounts and access configurations, and `POST /cloud-credentials`, as
 * Alibaba's CLI and credential libraries call them. JSON with PascalCase fields; errors are
 * `{ErrorCode, ErrorMessage, RequestId}` with a 4xx status (the clients read a 5xx as success).
 * `GET /device/code` sends the browser to the approval page of its portal.
 */
export async function portalApiPlugin(app: FastifyInstance, opts: PortalApiOptions): Promise<void> {
  const core = opts.core;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    try {
      const v: unknown = JSON.parse(text);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
      done(null, v);
    } catch {
      done(new PortalAccessRefused('InvalidParameter.Body', 'The body must be a JSON object.', 400), undefined);
    }
  });

  app.addHook('onSend', async (_request, reply) => {
    reply.header('cache-control', 'no-store');
  });

  const fail = (reply: FastifyReply, request: FastifyRequest, status: number, code: string, message: string) =>
    reply.code(status).type('application/json; charset=utf-8').send({ ErrorCode: code, ErrorMessage: message, RequestId: request.id });

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    if (error instanceof PortalAccessRefused) return fail(reply, request, error.status, error.code, error.message);
    const status = error.statusCode;
    if (status === 413) return fail(reply, request, 413, 'RequestTooLarge', 'The request body is too large.');
    if (status !== undefined && status >= 400 && status < 500) return fail(reply, request, 400, 'BadRequest', 'The request could not be understood.');
    request.log.error({ err: error }, 'portal API request failed');
    // 503, never a 2xx-looking body: the CLI reads any non-4xx body as a success.
    return fail(reply, request, 503, 'ServiceUnavailable', 'The portal could not complete the request. Try again in a moment.');
  });

  const body = (request: FastifyRequest): Record<string, unknown> => (request.body as Record<string, unknown> | undefined) ?? {};
  const query = (request: FastifyRequest): Record<string, unknown> => (request.query as Record<string, unknown> | undefined) ?? {};

  async function holder(request: FastifyRequest): Promise<TokenHolder> {
    const auth = request.headers.authorization;
    const m = typeof auth === 'string' ? /^Bearer\s+(\S+)$/i.exec(auth) : null;
    return authenticateAccessToken(core, m?.[1]);
  }

  /** Offset paging over a short list the core computes whole: NextToken is the next offset. */
  function pageOf<T>(items: readonly T[], request: FastifyRequest): { items: T[]; IsTruncated: boolean; NextToken?: string } {
    const q = query(request);
    const rawMax = q.MaxResults;
    const max = rawMax === undefined || rawMax === '' ? MAX_RESULTS.default : Number(rawMax);
    if (!Number.isInteger(max) || max < 1 || max > MAX_RESULTS.max) {
      throw new PortalAccessRefused('InvalidParameter.MaxResults', `MaxResults must be an integer from 1 to ${MAX_RESULTS.max}.`, 400);
    }
    const rawNext = q.NextToken;
    const start = rawNext === undefined || rawNext === '' ? 0 : Number(rawNext);
    if (!Number.isInteger(start) || start < 0 || start > items.length) {
      throw new PortalAccessRefused('InvalidParameter.NextToken', 'NextToken is not valid.', 400);
    }
    const end = start + max;
    return { items: items.slice(start, end), IsTruncated: end < items.length, ...(end < items.length ? { NextToken: String(end) } : {}) };
  }

  app.post('/device-authorization', async (request, reply) => {
    const b = body(request);
    const started = await startDeviceAuthorization(core, { clientId: b.ClientId, codeChallenge: b.CodeChallenge, codeChallengeMethod: b.CodeChallengeMethod });
    const verificationUri = `${portalOrigin(request, opts.publicUrl)}/device/code`;
    return reply.send({
      DeviceCode: started.deviceCode,
      UserCode: started.userCode,
      VerificationUri: verificationUri,
      VerificationUriComplete: `${verificationUri}?user_code=${encodeURIComponent(started.userCode)}`,
      ExpiresIn: started.expiresIn,
      Interval: started.interval,
    });
  });

  app.post('/token', async (request, reply) => {
    const b = body(request);
    const issued = await exchangeDeviceCode(core, { clientId: b.ClientId, deviceCode: b.DeviceCode, codeVerifier: b.CodeVerifier, grantType: b.GrantType });
    return reply.send({ AccessToken: issued.accessToken, ExpiresIn: issued.expiresIn, TokenType: 'Bearer' });
  });

  app.get('/access-assignments/accounts', async (request, reply) => {
    const h = await holder(request);
    const page = pageOf(await accountsOfUser(core, h.directoryId, h.userId), request);
    return reply.send({
      Accounts: page.items.map((a) => ({ AccountId: a.id, DisplayName: a.displayName })),
      IsTruncated: page.IsTruncated,
      ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      RequestId: request.id,
    });
  });

  app.get('/access-assignments/access-configurations', async (request, reply) => {
    const h = await holder(request);
    const accountId = query(request).AccountId;
    if (typeof accountId !== 'string' || accountId === '') throw new PortalAccessRefused('MissingParameter.AccountId', 'AccountId is required.', 400);
    const page = pageOf(await configurationsOfUser(core, h.directoryId, h.userId, accountId), request);
    return reply.send({
      AccessConfigurationsForAccount: page.items.map((c) => ({
        AccessConfigurationId: c.id,
        AccessConfigurationName: c.name,
        AccessConfigurationDescription: c.description ?? '',
      })),
      IsTruncated: page.IsTruncated,
      ...(page.NextToken ? { NextToken: page.NextToken } : {}),
      RequestId: request.id,
    });
  });

  app.post('/cloud-credentials', async (request, reply) => {
    const h = await holder(request);
    const b = body(request);
    const target = credentialTarget(h, b.AccountId, b.AccessConfigurationId);
    const issued = await issueUserCredentials(core, {
      directoryId: h.directoryId,
      userId: h.userId,
      accountId: target.accountId,
      accessConfigurationId: target.accessConfigurationId,
      requestId: request.id,
    });
    await recordTokenSelection(core, h, target);
    return reply.send({
      RequestId: request.id,
      CloudCredential: {
        AccessKeyId: issued.credential.id,
        AccessKeySecret: issued.secret,
        SecurityToken: issued.securityToken,
        Expiration: new Date(issued.credential.expireTime).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      },
    });
  });

  // The VerificationUri: on to the approval page of the portal the browser is signed in to.
  app.get('/device/code', async (request, reply) => {
    const code = query(request).user_code;
    const userCode = typeof code === 'string' ? code.slice(0, 32) : '';
    const session = await readPortalSession(core, readCookie(request, SESSION_COOKIE));
    if (session) {
      return reply.code(303).redirect(`${portalPath(session.directoryName, '/device')}${userCode ? `?user_code=${encodeURIComponent(userCode)}` : ''}`, 303);
    }
    return reply
      .code(401)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'")
      .send(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in first</title></head><body><h1>Sign in to your user portal first</h1>' +
          '<p>Open your organisation\u2019s CloudSSO user portal, sign in, then open this link again to approve the sign-in of your command-line tool.</p></body></html>',
      );
  });
}
