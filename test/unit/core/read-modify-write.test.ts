import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { backoffMs, RETRY, versionMatches, withVersionRetry } from '../../../src/core/read-modify-write.js';

const mismatch = () => new DomainError('VersionMismatch', 'moved on');

describe('the core read-modify-write retry', () => {
  it('backs off with full jitter, growing exponentially up to the cap', () => {
    expect(backoffMs(0, () => 0)).toBe(0);
    expect(backoffMs(0, () => 0.999)).toBeLessThan(RETRY.baseMs);
    expect(backoffMs(3, () => 0.999)).toBe(RETRY.baseMs * 8 - 1);
    expect(backoffMs(30, () => 0.999)).toBe(RETRY.capMs - 1);
  });

  it('runs again after a VersionMismatch when no version was pinned, up to the attempt limit', async () => {
    let calls = 0;
    expect(await withVersionRetry(false, async () => (++calls < 3 ? Promise.reject(mismatch()) : 'done'))).toBe('done');
    expect(calls).toBe(3);
    calls = 0;
    await expect(withVersionRetry(false, async () => (++calls, Promise.reject(mismatch())))).rejects.toMatchObject({ code: 'VersionMismatch' });
    expect(calls).toBe(RETRY.attempts);
  });

  it('never retries a pinned version (If-Match) nor any other error', async () => {
    let calls = 0;
    await expect(withVersionRetry(true, async () => (++calls, Promise.reject(mismatch())))).rejects.toMatchObject({ code: 'VersionMismatch' });
    expect(calls).toBe(1);
    calls = 0;
    await expect(withVersionRetry(false, async () => (++calls, Promise.reject(new DomainError('UserNotFound', 'x'))))).rejects.toMatchObject({ code: 'UserNotFound' });
    expect(calls).toBe(1);
  });

  it('matches one expected version or any of several (If-Match lists)', () => {
    expect(versionMatches(undefined, 3)).toBe(true);
    expect(versionMatches(3, 3)).toBe(true);
    expect(versionMatches(2, 3)).toBe(false);
    expect(versionMatches([1, 3], 3)).toBe(true);
    expect(versionMatches([], 3)).toBe(false);
  });
});
