import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StartedPortalSession } from '../core/sign-in/sessions.js';

/**
 * The portal's cookies (docs/decisions/0115-portal-sign-in.md): the session token, httpOnly,
 * SameSite=Lax (a SAML Response POSTed from the IdP may set it; the redirect that follows is a
 * top-level GET, which Lax lets carry it), Secure whenever the portal is reached over https, Path=/
 * (the SAML ACS and the portal pages share it), Max-Age = the session's remaining life.
 */
export const SESSION_COOKIE = 'cloudsso_portal_session';
/** The anti-CSRF secret of a browser before it has a session (the sign-in form). */
export const PRE_SESSION_COOKIE = 'cloudsso_portal_pre';

/** `https://sso.example.com`: the configured public URL, else the scheme and host the request came to. */
export function portalOrigin(request: FastifyRequest, publicUrl: string | undefined): string {
  return publicUrl ?? `${request.protocol}://${request.host}`;
}

/** Cookies are Secure when the public URL (or, without one, the request) is https. */
export function secureCookies(request: FastifyRequest, publicUrl: string | undefined): boolean {
  return portalOrigin(request, publicUrl).startsWith('https:');
}

/** The path of a directory's portal page: `/portal/<DirectoryName>` + `sub` (`/login`, `/mfa`, ...). */
export function portalPath(directoryName: string, sub = ''): string {
  return `/portal/${encodeURIComponent(directoryName)}${sub}`;
}

/** The cookies of a request, parsed leniently (a malformed pair is skipped, the first of a name wins). */
export function parseCookies(header: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    if (name === '') continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (!out.has(name)) out.set(name, value);
  }
  return out;
}

export function readCookie(request: FastifyRequest, name: string): string | undefined {
  const v = parseCookies(request.headers.cookie).get(name);
  return v === undefined || v === '' || !/^[A-Za-z0-9_-]{1,256}$/.test(v) ? undefined : v;
}

export interface CookieOptions {
  readonly secure: boolean;
  readonly maxAgeSeconds: number;
}

/** A Set-Cookie value; `value` must be base64url (tokens are). */
export function cookieHeader(name: string, value: string, o: CookieOptions): string {
  return `${name}=${value}; Path=/; Max-Age=${o.maxAgeSeconds}; HttpOnly; SameSite=Lax${o.secure ? '; Secure' : ''}`;
}

function appendCookie(reply: FastifyReply, cookie: string): void {
  const prior = reply.getHeader('set-cookie');
  const list = prior === undefined ? [] : Array.isArray(prior) ? prior.map(String) : [String(prior)];
  reply.header('set-cookie', [...list, cookie]);
}

/**
 * Sets the session cookie (and drops the pre-session one): at the start of a session, and again
 * when a pending sign-in becomes active, so the cookie lives as long as the session (8 hours).
 */
export function setPortalSessionCookie(reply: FastifyReply, started: Pick<StartedPortalSession, 'token' | 'maxAgeSeconds'>, secure: boolean): void {
  appendCookie(reply, cookieHeader(SESSION_COOKIE, started.token, { secure, maxAgeSeconds: started.maxAgeSeconds }));
  appendCookie(reply, cookieHeader(PRE_SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 }));
}

export function clearPortalSessionCookie(reply: FastifyReply, secure: boolean): void {
  appendCookie(reply, cookieHeader(SESSION_COOKIE, '', { secure, maxAgeSeconds: 0 }));
}

export function setPreSessionCookie(reply: FastifyReply, value: string, secure: boolean): void {
  appendCookie(reply, cookieHeader(PRE_SESSION_COOKIE, value, { secure, maxAgeSeconds: 3600 }));
}

/**
 * After a successful sign-in (password, or a validated SAML Response): sets the session cookie and
 * answers 303 See Other to the directory's portal landing page (`/portal/<DirectoryName>`), or to
 * `to` when given (a path on this server, such as a later step of the sign-in).
 */
export function completePortalSignIn(
  request: FastifyRequest,
  reply: FastifyReply,
  started: StartedPortalSession,
  opts: { publicUrl: string | undefined; to?: string },
): FastifyReply {
  setPortalSessionCookie(reply, started, secureCookies(request, opts.publicUrl));
  const to = opts.to ?? portalPath(started.session.directoryName);
  return reply.code(303).header('cache-control', 'no-store').redirect(to, 303);
}
