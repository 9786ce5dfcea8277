import { describe, expect, it } from 'vitest';
import { checkTimestamp, parseTimestamp } from '../../../../src/rpc/signature/timestamp.js';

const T = Date.parse('2026-11-26T22:46:01Z');
const MIN = 60_000;
const SKEW = 15 * MIN; // §5.5

describe('checkTimestamp (alibaba-sdk-protocol.md §3, §5.5)', () => {
  it.each<[string, string, number, 'ok' | 'format' | 'expired']>([
    ['same instant', '2026-11-26T22:46:01Z', T, 'ok'],
    ['exactly 15 min old', '2026-11-26T22:46:01Z', T + SKEW, 'ok'],
    ['exactly 15 min ahead', '2026-11-26T22:46:01Z', T - SKEW, 'ok'],
    ['15 min + 1 s old', '2026-11-26T22:46:01Z', T + SKEW + 1000, 'expired'],
    ['15 min + 1 s ahead', '2026-11-26T22:46:01Z', T - SKEW - 1000, 'expired'],
    ['fractional seconds', '2026-11-26T22:46:01.500Z', T, 'ok'],
    ['nanosecond fraction', '2026-11-26T22:46:01.123456789Z', T, 'ok'],
    ['year 0099 is not 1999', '0099-11-26T22:46:01Z', T, 'expired'],
    ['garbage', 'yesterday', T, 'format'],
    ['empty', '', T, 'format'],
    ['epoch seconds', '1795733161', T, 'format'],
    ['space instead of T', '2026-11-26 22:46:01Z', T, 'format'],
    ['offset instead of Z', '2026-11-26T22:46:01+00:00', T, 'format'],
    ['lower-case z', '2026-11-26T22:46:01z', T, 'format'],
    ['no seconds', '2026-11-26T22:46Z', T, 'format'],
    ['empty fraction', '2026-11-26T22:46:01.Z', T, 'format'],
    ['HTTP date', 'Thu, 26 Nov 2026 22:46:01 GMT', T, 'format'],
    ['February 30', '2026-02-30T00:00:00Z', T, 'format'],
    ['hour 24', '2026-11-26T24:00:00Z', T, 'format'],
    ['second 60', '2026-11-26T22:46:60Z', T, 'format'],
    ['month 13', '2026-13-01T00:00:00Z', T, 'format'],
    ['trailing newline', '2026-11-26T22:46:01Z\n', T, 'format'],
  ])('%s: %j', (_label, raw, now, expected) => {
    expect(checkTimestamp(raw, now, SKEW)).toBe(expected);
  });

  it('parses to the exact instant, milliseconds included', () => {
    expect(parseTimestamp('2026-11-26T22:46:01Z')).toBe(T);
    expect(parseTimestamp('2026-11-26T22:46:01.5Z')).toBe(T + 500);
    expect(parseTimestamp('2028-02-29T00:00:00Z')).toBe(Date.parse('2028-02-29T00:00:00Z'));
  });
});
