import { Secret, TOTP } from 'otpauth';

/**
 * TOTP as CloudSSO's virtual MFA devices use it (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps),
 * through the `otpauth` library. A code is accepted one step either side of now (clock drift), and
 * the step it matched is returned so the caller can refuse it the second time.
 */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
const WINDOW = 1;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totp(secretBase32: string, issuer = '', label = ''): TOTP {
  return new TOTP({ issuer, label, algorithm: 'SHA1', digits: TOTP_DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, issuer: string, label: string): string {
  return totp(secretBase32, issuer, label).toString();
}

/** The time step `code` matches at `now` (within the window), or undefined. */
export function matchTotp(secretBase32: string, code: string, now: number): number | undefined {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return undefined;
  const delta = totp(secretBase32).validate({ token: clean, timestamp: now, window: WINDOW });
  if (delta === null) return undefined;
  return Math.floor(now / 1000 / TOTP_PERIOD_SECONDS) + delta;
}
