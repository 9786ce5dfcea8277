/**
 * The sign-in settings' input rules, checked in the browser as the server checks them, with the
 * server's wording (test/unit/console/validate.test.ts holds them against the server's own).
 * The server stays the judge: when it refuses anyway, its error is shown.
 */
import { parseIpBlock } from '../../src/policy/ip.js';
import { m } from './messages.js';

/** src/core/password-policy.ts PASSWORD_POLICY_RANGES, by wire name. */
export const PASSWORD_RANGES = {
  MinPasswordLength: { min: 8, max: 32 },
  MinPasswordDifferentChars: { min: 0, max: 32 },
  MaxPasswordAge: { min: 1, max: 120 },
  PasswordReusePrevention: { min: 0, max: 24 },
  MaxLoginAttempts: { min: 0, max: 32 },
} as const;
export type PasswordField = keyof typeof PASSWORD_RANGES;

export function passwordFieldProblem(field: PasswordField, value: unknown): string | undefined {
  const r = PASSWORD_RANGES[field];
  return typeof value === 'number' && Number.isInteger(value) && value >= r.min && value <= r.max
    ? undefined
    : m.signInSettings.rangeError(field, r.min, r.max);
}

export function differentCharsProblem(different: number, length: number): string | undefined {
  return different > length ? m.signInSettings.differentCharsError(different, length) : undefined;
}

/** src/core/sign-in/login-preference.ts MAX_LOGIN_NETWORK_MASKS. */
export const MAX_LOGIN_NETWORK_MASKS = 100;

/** The entries of a LoginNetworkMasks text (`;` or new lines), trimmed, without duplicates. */
export function networkMaskEntries(text: string): string[] {
  return [...new Set(text.split(/[;\n]/).map((e) => e.trim()).filter((e) => e !== ''))];
}

/** normaliseLoginNetworkMasks' checks: IPv4 addresses or CIDR blocks, at most 100. */
export function networkMasksProblem(text: string): string | undefined {
  const entries = networkMaskEntries(text);
  if (entries.length > MAX_LOGIN_NETWORK_MASKS) return m.signInSettings.networkMasksTooMany(entries.length);
  const bad = entries.find((e) => e.includes(':') || parseIpBlock(e) === undefined);
  return bad === undefined ? undefined : m.signInSettings.networkMaskInvalid(bad);
}

/** What SetLoginPreference gets: entries joined by `;`, or `;` alone to clear the list. */
export function networkMasksParam(text: string): string {
  const entries = networkMaskEntries(text);
  return entries.length === 0 ? ';' : entries.join(';');
}

const MAX_TEXT = 1024;

/** saml-idp.ts checkText: EntityId. */
export function textProblem(field: string, v: string): string | undefined {
  return v.trim() === '' || v.length > MAX_TEXT ? m.signInSettings.textRequired(field) : undefined;
}

/** saml-idp.ts checkUrl: LoginUrl. */
export function urlProblem(field: string, v: string): string | undefined {
  const text = textProblem(field, v);
  if (text) return text;
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  return !url || (url.protocol !== 'https:' && url.protocol !== 'http:') ? m.signInSettings.urlInvalid(field) : undefined;
}

/** The server parses the certificate; here only its PEM armour and the parameter's length limit. */
export const MAX_CERTIFICATE_LENGTH = 16_384;
const PEM = /^-----BEGIN CERTIFICATE-----\s*[A-Za-z0-9+/=\s]+-----END CERTIFICATE-----$/;
export function certificateProblem(v: string): string | undefined {
  const t = v.trim();
  return t.length > MAX_CERTIFICATE_LENGTH || !PEM.test(t) ? m.signInSettings.certificateInvalid : undefined;
}

/** src/saml/metadata.ts MAX_METADATA_LENGTH: the XML document before Base64. */
export const MAX_METADATA_BYTES = 256 * 1024;

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** UTC, to the second, as ActionTrail's StartTime/EndTime take it. */
export function actionTrailTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
