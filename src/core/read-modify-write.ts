import { isDomainError } from './errors.js';

/**
 * The core's read-modify-write for users and groups (SCIM PUT and PATCH, management updates):
 * one transaction that locks the directory, reads the entity once with its row lock
 * (PostgreSQL `FOR NO KEY UPDATE`; SQLite writes are serial), applies the caller's change to what
 * it read, and writes it with `UPDATE ... WHERE version = <read> RETURNING *`. Under the lock the
 * version check cannot fail; it stays as the guard it is, and `withVersionRetry` runs the whole
 * transaction again, after a jittered backoff, should it ever fail. A request that pinned a
 * version (SCIM If-Match) is never retried: its 412 is the answer (docs/decisions/0030).
 */
export const RETRY = { attempts: 8, baseMs: 4, capMs: 250 } as const;

/** Full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): 0 .. min(cap, base * 2^n). */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return Math.floor(random() * Math.min(RETRY.capMs, RETRY.baseMs * 2 ** attempt));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Runs `run` again while it fails with VersionMismatch, unless the version was pinned. */
export async function withVersionRetry<T>(pinned: boolean, run: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      if (pinned || attempt + 1 >= RETRY.attempts || !isDomainError(err) || err.code !== 'VersionMismatch') throw err;
      await sleep(backoffMs(attempt));
    }
  }
}

/** `expectedVersion` as one version or the several an If-Match header may name. */
export type ExpectedVersion = number | readonly number[];

/**
 * A resource as the request already read it, without a lock, moments before the write (a SCIM
 * write's guard reads it with the bearer token, in the token's statement on PostgreSQL; decision
 * 0212). A write that computes its change from an unlocked read (`oneStatement`) takes this one
 * instead of reading again. `resource` undefined: the directory has no such resource.
 */
export interface UnlockedRead<T> {
  readonly resource: T | undefined;
}

export function versionMatches(expected: ExpectedVersion | undefined, current: number): boolean {
  if (expected === undefined) return true;
  return typeof expected === 'number' ? expected === current : expected.includes(current);
}

export function describeExpected(expected: ExpectedVersion | undefined): string {
  if (expected === undefined) return 'any version';
  return typeof expected === 'number' ? String(expected) : expected.join(' or ');
}
