import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { parse as parseQuerystring } from 'fast-querystring';
import type { CoreContext } from '../core/context.js';
import type { PortalRequestInfo } from '../core/sign-in/portal-audit.js';
import { completeSamlSignIn, SamlSignInRefused, startSamlSignIn, type SamlSignInFailure } from '../core/sign-in/saml-sign-in.js';
import { getServiceProviderInfo } from '../core/sign-in/saml-sp.js';
import { PortalSignInRefused, startPortalSession } from '../core/sign-in/sessions.js';
import { MAX_SAML_RESPONSE_BASE64 } from '../saml/response.js';
import { completePortalSignIn, portalOrigin, portalPath, readCookie, secureCookies } from './session-cookie.js';

/**
 * The SAML side of the user portal (docs/decisions/0125-saml-sign-in.md):
 * - `GET /portal/<DirectoryName>/saml/login` starts SP-initiated sign-in: a 303 to the IdP
 *   (HTTP-Redirect) or a page that posts the AuthnRequest (HTTP-POST), and the browser-binding cookie;
 * - `POST /saml/acs/<uuid>` (the AcsUrl of GetDirectorySAMLServiceProviderInfo) takes the Response,
 *   and on success starts a portal session and goes to the portal;
 * - `GET /saml/sp/<DirectoryId>` (the SP EntityId) serves the SP metadata, so the entity ID resolves.
 * Refusals are pages with a sentence and a way back, never a 500.
 */
export interface PortalSamlOptions {
  readonly core: CoreContext;
  readonly publicUrl: string | undefined;
}

/** Where the portal's sign-in page sends a directory's users when SSO is on. */
export function samlStartPath(directoryName: string): string {
  return portalPath(directoryName, '/saml/login');
}

/** Set with the AuthnRequest, required at the ACS: the Response must come back to the browser that asked. */
export const SAML_BINDING_COOKIE = 'cloudsso_saml_request';
/** Form body of the ACS: the SAMLResponse bound plus RelayState and form overhead. */
const ACS_BODY_LIMIT = MAX_SAML_RESPONSE_BASE64 + 16 * 1024;

const MESSAGES: Record<SamlSignInFailure, string> = {
  PortalNotFound: 'There is no sign-in portal at this address.',
  SSODisabled: 'Single sign-on is not enabled for this directory. Sign in with your user name and password.',
  Malformed: 'The identity provider\'s answer could not be read.',
  Signature: 'The identity provider\'s answer is not signed by a certificate this directory trusts.',
  IdPStatus: 'The identity provider did not sign you in.',
  Issuer: 'The answer comes from an identity provider this directory does not trust.',
  Audience: 'The identity provider\'s answer is meant for another service.',
  Recipient: 'The identity provider\'s answer was sent to another address.',
  Expired: 'The identity provider\'s answer has expired or is not valid yet. Check the clocks, then sign in again.',
  InResponseTo: 'This sign-in was not started here, or it was completed or expired already. Start again from the portal.',
  RelayState: 'This sign-in was not started here. Start again from the portal.',
  Browser: 'This sign-in was started in another browser. Start again from the portal in this browser.',
  Replay: 'This answer of the identity provider was used already. Start again from the portal.',
  NameID: 'The identity provider\'s answer does not name a user.',
  Encrypted: 'The identity provider encrypted its answer, and this directory does not accept encrypted answers. Ask your administrator.',
  Decryption: 'The identity provider\'s encrypted answer could not be decrypted with this directory\'s key. Ask your administrator.',
  UserNotFound: 'You are not a user of this directory. Ask your administrator to add you with the user name your identity provider sends.',
  UserDisabled: 'Your user is disabled. Ask your administrator.',
};

const STATUS: Record<SamlSignInFailure, number> = {
  PortalNotFound: 404,
  SSODisabled: 409,
  Malformed: 400,
  Signature: 403,
  IdPStatus: 403,
  Issuer: 403,
  Audience: 403,
  Recipient: 403,
  Expired: 403,
  InResponseTo: 403,
  RelayState: 403,
  Browser: 403,
  Replay: 403,
  NameID: 403,
  Encrypted: 403,
  Decryption: 403,
  UserNotFound: 403,
  UserDisabled: 403,
};

export async function portalSamlPlugin(app: FastifyInstance, opts: PortalSamlOptions): Promise<void> {
  const { core, publicUrl } = opts;
  const baseUrl = (request: FastifyRequest) => portalOrigin(request, core.settings.publicUrl ?? publicUrl);
  const secure = (request: FastifyRequest) => secureCookies(request, core.settings.publicUrl ?? publicUrl);
  const info = (request: FastifyRequest): PortalRequestInfo => ({
    sourceIp: request.ip,
    userAgent: request.headers['user-agent']?.slice(0, 512),
    requestId: request.id,
  });

  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: ACS_BODY_LIMIT }, (_req, body, done) => {
    done(null, parseQuerystring(body as string));
  });
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: ACS_BODY_LIMIT }, (_req, _body, done) => done(null, {}));
  app.setErrorHandler((err, request, reply) => {
    const status = (err as { statusCode?: number }).statusCode;
    if (typeof status === 'number' && status >= 400 && status < 500) {
      return page(reply, status, 'Sign-in failed', status === 413 ? 'The identity provider\'s answer is too large.' : 'The request could not be read.');
    }
    request.log.error({ err }, 'unexpected error in SAML sign-in');
    return page(reply, 503, 'Sign-in failed', 'Signing in is not possible right now. Try again in a moment.');
  });

  app.get<{ Params: { dir: string } }>('/portal/:dir/saml/login', async (request, reply) => {
    try {
      const started = await startSamlSignIn(core, request.params.dir, baseUrl(request));
      reply.header('set-cookie', bindingCookie(started.browserToken, started.maxAgeSeconds, secure(request)));
      reply.header('cache-control', 'no-store');
      if (started.message.binding === 'Redirect') return reply.redirect(started.message.url, 303);
      return postPage(reply, started.message.url, started.message.fields);
    } catch (err) {
      if (err instanceof SamlSignInRefused && err.reason === 'SSODisabled' && err.directory) return reply.redirect(portalPath(err.directory.name), 303);
      return refusal(reply, err);
    }
  });

  app.post<{ Params: { acsId: string } }>('/saml/acs/:acsId', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const samlResponse = typeof form['SAMLResponse'] === 'string' ? form['SAMLResponse'] : '';
    const relayState = typeof form['RelayState'] === 'string' ? form['RelayState'] : undefined;
    reply.header('set-cookie', bindingCookie('', 0, secure(request)));
    try {
      const signedIn = await completeSamlSignIn(core, {
        acsId: request.params.acsId,
        samlResponse,
        relayState,
        browserToken: readCookie(request, SAML_BINDING_COOKIE),
        // SameSite=None, which lets the cookie ride the IdP's cross-site POST, requires Secure.
        enforceBrowserBinding: secure(request),
        baseUrl: baseUrl(request),
        request: info(request),
      });
      const started = await startPortalSession(core, { directoryId: signedIn.directory.id, userId: signedIn.userId, authMethod: 'saml', request: info(request) });
      return completePortalSignIn(request, reply, started, { publicUrl: core.settings.publicUrl ?? publicUrl });
    } catch (err) {
      if (err instanceof PortalSignInRefused) return page(reply, 403, 'Sign-in failed', MESSAGES.UserDisabled);
      return refusal(reply, err);
    }
  });

  app.get('/saml/acs/:acsId', async (_request, reply) =>
    page(reply, 405, 'Sign-in failed', 'The identity provider must post its answer here (HTTP-POST binding). Start again from the portal.'),
  );

  app.get<{ Params: { directoryId: string } }>('/saml/sp/:directoryId', async (request, reply) => {
    const id = request.params.directoryId;
    if (!/^d-[A-Za-z0-9]{1,64}$/.test(id) || !(await core.store.directories.get(id))) return page(reply, 404, 'Not found', 'There is no service provider at this address.');
    const sp = await getServiceProviderInfo(core, id, baseUrl(request));
    return reply.type('application/samlmetadata+xml; charset=utf-8').send(Buffer.from(sp.encodedMetadataDocument, 'base64').toString('utf8'));
  });
}

function refusal(reply: FastifyReply, err: unknown): FastifyReply {
  if (!(err instanceof SamlSignInRefused)) throw err;
  const back = err.directory ? portalPath(err.directory.name) : undefined;
  return page(reply, STATUS[err.reason], 'Sign-in failed', MESSAGES[err.reason], back);
}

function bindingCookie(value: string, maxAgeSeconds: number, secure: boolean): string {
  // Path: only the ACS reads it. SameSite=None so the IdP's cross-site POST carries it (Secure only).
  return `${SAML_BINDING_COOKIE}=${value}; Path=/saml/acs/; Max-Age=${maxAgeSeconds}; HttpOnly; ${secure ? 'SameSite=None; Secure' : 'SameSite=Lax'}`;
}

const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

function shell(title: string, body: string, nonce?: string): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${esc(title)} · Open CloudSSO</title>`,
    '<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5;color:#1f1f1f}',
    'button,a.button{font:inherit;padding:.6rem 1.2rem;border-radius:.4rem;border:0;background:#1a56db;color:#fff;text-decoration:none;display:inline-block}</style>',
    `</head><body><main>${body}</main>${nonce ? `<script nonce="${nonce}">document.forms[0].submit()</script>` : ''}</body></html>`,
  ].join('');
}

function page(reply: FastifyReply, status: number, title: string, message: string, back?: string): FastifyReply {
  const link = back ? `<p><a class="button" href="${esc(back)}">Back to the sign-in page</a></p>` : '';
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
    .type('text/html; charset=utf-8')
    .send(shell(title, `<h1>${esc(title)}</h1><p role="alert">${esc(message)}</p>${link}`));
}

/** HTTP-POST binding (Bindings §3.5.4): a form the page submits at once, with a button for a browser without scripts. */
function postPage(reply: FastifyReply, url: string, fields: Readonly<Record<string, string>>): FastifyReply {
  const nonce = randomBytes(16).toString('base64');
  const inputs = Object.entries(fields)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  const origin = new URL(url).origin;
  return reply
    .code(200)
    .header('cache-control', 'no-store')
    .header('content-security-policy', `default-src 'none'; style-src 'unsafe-inline'; script-src 'nonce-${nonce}'; form-action ${origin}; frame-ancestors 'none'`)
    .type('text/html; charset=utf-8')
    .send(
      shell(
        'Signing in',
        `<h1>Signing in</h1><form method="post" action="${esc(url)}">${inputs}<p>Taking you to your identity provider…</p><button type="submit">Continue</button></form>`,
        nonce,
      ),
    );
}
