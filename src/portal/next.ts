import type { FastifyReply, FastifyRequest } from 'fastify';
import { cookieHeader, parseCookies, portalPath } from './session-cookie.js';

/**
 * Where to go after signing in (docs/decisions/0161-return-after-sign-in.md). A signed-out browser
 * that opens a portal page (the device approval page with its `user_code`) is sent to the sign-in
 * form with `?next=<path>`; the form keeps the path in a short-lived cookie, so it survives the
 * password, MFA and password-change steps and the SAML round trip (whose RelayState stays an
 * opaque token bound to the request); the landing page, reached once the session is active,
 * takes the cookie once and goes there. Only a relative path inside the same directory's portal
 * is ever followed: no scheme, no host, no `//`, no backslash, no control character, no dot
 * segment or encoding that a URL parser would change, and not the sign-in or sign-out pages.
 */
export const NEXT_COOKIE = 'cloudsso_portal_next';
const NEXT_MAX_AGE_SECONDS = 900;
const NEXT_MAX_LENGTH = 512;

/** `raw` when it is a safe same-portal path of directory `directoryName`, else undefined. */
export function safeNext(directoryName: string, raw: string): string | undefined {
  if (raw.length === 0 || raw.length > NEXT_MAX_LENGTH) return undefined;
  if (/[\u0000-\u001f\u007f\\]/.test(raw)) return undefined;
  const prefix = `${portalPath(directoryName)}/`;
  if (!raw.startsWith(prefix) || raw.startsWith('//')) return undefined;
  let url: URL;
  try {
    url = new URL(raw, 'http://portal.invalid');
  } catch {
    return undefined;
  }
  if (url.origin !== 'http://portal.invalid' || `${url.pathname}${url.search}` !== raw || url.hash !== '') return undefined;
  const rest = url.pathname.slice(prefix.length);
  if (rest === '' || /^(login|logout)(\/|$)/.test(rest) || /%2f|%5c|%2e/i.test(rest)) return undefined;
  return raw;
}

export function setNextCookie(reply: FastifyReply, path: string, secure: boolean): void {
  appendSetCookie(reply, cookieHeader(NEXT_COOKIE, Buffer.from(path, 'utf8').toString('base64url'), { secure, maxAgeSeconds: NEXT_MAX_AGE_SECONDS }));
}

export function clearNextCookie(reply: FastifyReply, secure: boolean): void {
  appendSetCookie(reply, cookieHeader(NEXT_COOKIE, '', { secure, maxAgeSeconds: 0 }));
}

/** The path kept in the cookie (still to be checked with safeNext; '' when malformed), or undefined when there is none. */
export function readNext(request: FastifyRequest): string | undefined {
  const v = parseCookies(request.headers.cookie).get(NEXT_COOKIE);
  if (v === undefined) return undefined;
  return /^[A-Za-z0-9_-]{1,1024}$/.test(v) ? Buffer.from(v, 'base64url').toString('utf8') : '';
}

function appendSetCookie(reply: FastifyReply, cookie: string): void {
  const prior = reply.getHeader('set-cookie');
  const list = prior === undefined ? [] : Array.isArray(prior) ? prior.map(String) : [String(prior)];
  reply.header('set-cookie', [...list, cookie]);
}
