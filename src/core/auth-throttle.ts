import { parseIpAddress } from '../policy/ip.js';
import type { CoreContext } from './context.js';

/**
 * Throttling of failed authentication (docs/decisions/0042-authentication-throttling.md): wrong
 * signatures, unknown AccessKeys and refused SCIM bearer tokens are counted per source address
 * and, for a wrong signature of an existing key, per AccessKey ID, in fixed windows kept in the
 * database (so every PostgreSQL node counts the same failures). A source or key that reached its
 * limit is refused before its signature or token is even checked, until its window ends: a
 * correct guess made while blocked is refused like a wrong one, so the block cannot be used as
 * an oracle. Successes are never counted, and a request is never delayed: the check is one
 * indexed read that the edges run alongside the AccessKey or token lookup.
 */
export interface AuthThrottleLimits {
  /** Failures per source address per window; 0 disables. */
  readonly perIp: number;
  /** Failed signatures per AccessKey ID per window; 0 disables. */
  readonly perAccessKey: number;
  readonly windowSeconds: number;
}

export const DEFAULT_AUTH_THROTTLE_LIMITS: AuthThrottleLimits = { perIp: 50, perAccessKey: 20, windowSeconds: 60 };

/** Who failed: the client address, and the AccessKey ID when a signature of a real key failed. */
export interface AuthSource {
  readonly ip: string;
  readonly accessKeyId?: string;
}

export interface AuthThrottle {
  /** Milliseconds until `source` may try again, or undefined if it is not blocked. */
  blockedFor(source: AuthSource): Promise<number | undefined>;
  /**
   * `blockedFor` without its read, for an edge that reads the counts in the same statement as the
   * credential it checks (the SCIM bearer token; a signed call's AccessKey on PostgreSQL): which
   * counters to read, and the verdict on them.
   */
  check(source: AuthSource): ThrottleCheck;
  /** Counts one failure of `source`. */
  fail(source: AuthSource): Promise<void>;
}

/** The counters a source is judged by in the current window, and the judgement. */
export interface ThrottleCheck {
  /** Counter subjects to read (none: the source is never blocked). */
  readonly subjects: readonly string[];
  /** The current window's start: only failures counted in it apply. */
  readonly windowStart: number;
  /** Milliseconds until the source may try again given the counts read then, or undefined. */
  blockedFor(counts: ReadonlyMap<string, number>): number | undefined;
}

export function authThrottle(ctx: CoreContext, limits: AuthThrottleLimits = DEFAULT_AUTH_THROTTLE_LIMITS): AuthThrottle {
  const windowMs = limits.windowSeconds * 1000;
  const windowOf = (now: number) => Math.floor(now / windowMs) * windowMs;
  const subjects = (s: AuthSource): Array<[string, number]> => {
    const out: Array<[string, number]> = [];
    if (limits.perIp > 0) out.push([addressSubject(s.ip), limits.perIp]);
    if (limits.perAccessKey > 0 && s.accessKeyId !== undefined) out.push([`key:${s.accessKeyId}`, limits.perAccessKey]);
    return out;
  };
  const check = (source: AuthSource): ThrottleCheck => {
    const limited = subjects(source);
    const now = ctx.clock.now();
    const start = windowOf(now);
    return {
      subjects: limited.map(([s]) => s),
      windowStart: start,
      blockedFor: (counts) => (limited.some(([s, limit]) => (counts.get(s) ?? 0) >= limit) ? start + windowMs - now : undefined),
    };
  };
  return {
    check,
    async blockedFor(source) {
      const c = check(source);
      if (c.subjects.length === 0) return undefined;
      return c.blockedFor(await ctx.store.authFailures.counts(c.subjects, c.windowStart));
    },
    async fail(source) {
      const limited = subjects(source);
      if (limited.length === 0) return;
      const start = windowOf(ctx.clock.now());
      await ctx.store.authFailures.record(
        limited.map(([s]) => s),
        start,
        start + windowMs,
      );
    },
  };
}

/**
 * The counter of a client address: an IPv4 address (however the socket spells it, `::ffff:a.b.c.d`
 * included) on its own, an IPv6 address by its /64, the smallest block a site is normally given,
 * so that rotating through one's own /64 does not reset the count.
 */
export function addressSubject(ip: string): string {
  const value = parseIpAddress(ip);
  if (value === undefined) return `ip:${ip}`;
  if (value >> 32n === 0xffffn) return `ip:${Number((value >> 24n) & 0xffn)}.${Number((value >> 16n) & 0xffn)}.${Number((value >> 8n) & 0xffn)}.${Number(value & 0xffn)}`;
  return `ip6:${(value >> 64n).toString(16)}::/64`;
}

/** Never blocks, counts nothing. */
export const NO_AUTH_THROTTLE: AuthThrottle = {
  blockedFor: async () => undefined,
  check: () => ({ subjects: [], windowStart: 0, blockedFor: () => undefined }),
  fail: async () => undefined,
};
