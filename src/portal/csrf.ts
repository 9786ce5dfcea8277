import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * CSRF protection of every portal form: a double-submit token tied to the browser's secret
 * cookie (the session token once signed in or pending a step, a random pre-session value on the
 * sign-in form). The token is a hash of that cookie, so only a page that could read the cookie's
 * holder's pages has it; a cross-site form post carries the cookie but cannot know the token.
 * SameSite=Lax already keeps the cookie off cross-site POSTs; this holds even where it does not.
 */
export function csrfToken(cookieValue: string): string {
  return createHash('sha256').update('cloudsso-portal-csrf\0', 'utf8').update(cookieValue, 'utf8').digest('base64url');
}

export function csrfValid(cookieValue: string | undefined, submitted: unknown): boolean {
  if (!cookieValue || typeof submitted !== 'string' || submitted.length > 100) return false;
  const a = Buffer.from(csrfToken(cookieValue));
  const b = Buffer.from(submitted);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function newPreSessionValue(): string {
  return randomBytes(24).toString('base64url');
}
