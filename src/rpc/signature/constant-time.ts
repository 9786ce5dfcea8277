import { timingSafeEqual } from 'node:crypto';

/**
 * Constant-time string equality for signatures. Only the length can leak, and the expected
 * length is public (64 hex for ACS3, 28 base64 for V1). timingSafeEqual throws on unequal
 * lengths, hence the early return.
 */
export function constantTimeEqual(expected: string, given: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(given, 'utf8');
  return a.length === b.length && timingSafeEqual(a, b);
}
