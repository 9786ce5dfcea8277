import { randomBytes, randomFillSync } from 'node:crypto';

/**
 * CloudSSO IDs: a prefix and lowercase alphanumerics (`d-` + 12, `u-` + 20, `g-` + 20,
 * `scimcred-` + 20). The suffix starts with the creation time in base36 so that ID order is
 * creation order, which keeps keyset paging in a natural order; the rest is random. Within one
 * millisecond of one process, the random part of the next ID is the previous one plus one (as
 * monotonic ULIDs do), so IDs made in a burst still sort in creation order.
 */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * Random bytes drawn from a pool refilled 4 KiB at a time: one call to the CSPRNG for a few hundred
 * IDs instead of one for each (as Node does for randomUUID); a call for 10 bytes cost more than the
 * rest of making an ID.
 */
const pool = Buffer.alloc(4096);
let poolOffset = pool.length;

function randomByte(): number {
  if (poolOffset >= pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- poolOffset < pool.length (refilled above)
  return pool[poolOffset++]!;
}

function randomSuffix(length: number): string {
  let out = '';
  // 252 = 7 * 36: reject bytes >= 252 so every character is uniform.
  while (out.length < length) {
    const b = randomByte();
    if (b < 252) out += ALPHABET[b % 36];
  }
  return out;
}

function timePrefix(now: number, width: number): string {
  return now.toString(36).padStart(width, '0').slice(-width);
}

/** The successor of a base36 string of the same length, or undefined if it is all `z`. */
function increment(s: string): string | undefined {
  const chars = s.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i is within bounds (loop condition)
    const d = ALPHABET.indexOf(chars[i]!);
    if (d < 35) {
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- d < 35, so d + 1 is an index of the 36-character alphabet
      chars[i] = ALPHABET[d + 1]!;
      return chars.join('');
    }
    chars[i] = '0';
  }
  return undefined;
}

const last = new Map<string, { time: string; rest: string }>();

export function newId(prefix: 'u' | 'g' | 'scimcred' | 'ram-u' | 'ram-g' | 'idp-c' | 'mfa' | 'ac' | 't' | 'up' | 'upe' | 'wh' | 'evt' | 'whd', now = Date.now()): string {
  const time = timePrefix(now, 10);
  const previous = last.get(prefix);
  const rest = (previous?.time === time ? increment(previous.rest) : undefined) ?? randomSuffix(10);
  last.set(prefix, { time, rest });
  return `${prefix}-${time}${rest}`;
}

export function newDirectoryId(now = Date.now()): string {
  return `d-${timePrefix(now, 9)}${randomSuffix(3)}`;
}

export const ID_PATTERNS = {
  directory: /^d-[0-9a-z]{12}$/,
  user: /^u-[0-9a-z]{20}$/,
  group: /^g-[0-9a-z]{20}$/,
  scimCredential: /^scimcred-[0-9a-z]{20}$/,
  task: /^t-[0-9a-z]{20}$/,
  webhook: /^wh-[0-9a-z]{20}$/,
  webhookEvent: /^evt-[0-9a-z]{20}$/,
} as const;

/** Uppercase UUID, the shape of Alibaba's `RequestId`. */
export function newRequestId(): string {
  return crypto.randomUUID().toUpperCase();
}

/** A random decimal string of `length` digits, not starting with 0 (Alibaba account and role IDs). */
export function randomDigits(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length)) {
      if (b < 250 && out.length < length && !(out.length === 0 && b % 10 === 0)) out += String(b % 10);
    }
  }
  return out;
}

/** A random string from [A-Za-z0-9] with about 5.95 bits per character. */
export function randomBase62(length: number): string {
  const chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length)) {
      if (b < 248 && out.length < length) out += chars[b % 62];
    }
  }
  return out;
}
