import { describe, expect, it } from 'vitest';
import { actionMatches } from '../../../src/policy/action.js';
import { resourceMatches } from '../../../src/policy/arn.js';
import { parseInstant } from '../../../src/policy/date.js';
import { ipInBlock, parseIpAddress, parseIpBlock } from '../../../src/policy/ip.js';
import { wildcardMatch } from '../../../src/policy/wildcard.js';

describe('wildcardMatch', () => {
  it.each([
    ['*', '', true],
    ['a*', 'a', true],
    ['a*c', 'abbbc', true],
    ['a*c', 'abbbd', false],
    ['a?c', 'abc', true],
    ['a?c', 'ac', false],
    ['*a*a*a*a*b', 'a'.repeat(5000), false],
    ['x/*', 'x/y/z', true],
    ['?', '😀', true],
    ['', '', true],
    ['', 'a', false],
  ])('%s ~ %s is %s', (pattern, text, expected) => {
    expect(wildcardMatch(pattern, text)).toBe(expected);
  });
});

describe('actionMatches and resourceMatches', () => {
  it('never lets a wildcard cross the colon between parts', () => {
    expect(actionMatches('cloud*', 'cloudsso:GetUser')).toBe(false);
    expect(resourceMatches('acs:cloudsso:*:1:x', 'acs:cloudsso:cn-shanghai:2:1:x')).toBe(false);
  });
  it('matches a non-ARN request resource only with *', () => {
    expect(resourceMatches('*', 'anything')).toBe(true);
    expect(resourceMatches('acs:*:*:*:*', 'anything')).toBe(false);
  });
  it('lets a relative ID contain colons', () => {
    expect(resourceMatches('acs:oss:*:*:bucket/a:b*', 'acs:oss:cn-shanghai:1:bucket/a:b:c')).toBe(true);
  });
});

describe('IP parsing', () => {
  const v4 = (s: string) => parseIpAddress(s);
  it.each(['0.0.0.0', '255.255.255.255', '::', '::1', '1::', '2001:db8::8a2e:370:7334', '::ffff:1.2.3.4', '1:2:3:4:5:6:7:8', '1:2:3:4:5:6:1.2.3.4', 'FE80::AbC'])(
    'accepts %s',
    (s) => expect(v4(s)).toBeTypeOf('bigint'),
  );
  it.each(['', '1.2.3', '1.2.3.4.5', '256.0.0.1', '01.2.3.4', '1.2.3.-4', ':::', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7::8:9', '12345::', 'fe80::1%eth0', '::ffff:1.2.3', 'g::1', '1.2.3.4::'])(
    'refuses %s',
    (s) => expect(v4(s)).toBeUndefined(),
  );
  it('treats 1.2.3.4 and ::ffff:1.2.3.4 as the same address', () => {
    expect(v4('1.2.3.4')).toBe(v4('::ffff:1.2.3.4'));
    expect(v4('1.2.3.4')).toBe(v4('::ffff:102:304'));
  });
  it('accepts /0 to /32 for IPv4 and /0 to /128 for IPv6, no leading zeros', () => {
    expect(parseIpBlock('10.0.0.0/0')).toEqual({ network: parseIpAddress('::ffff:0.0.0.0'), prefix: 96 });
    expect(parseIpBlock('::/0')).toEqual({ network: 0n, prefix: 0 });
    expect(parseIpBlock('10.0.0.0/33')).toBeUndefined();
    expect(parseIpBlock('10.0.0.0/08')).toBeUndefined();
    expect(parseIpBlock('10.0.0.0/')).toBeUndefined();
    expect(parseIpBlock('::1/129')).toBeUndefined();
  });
  it('contains exactly the addresses of the block', () => {
    const block = parseIpBlock('192.168.4.0/22');
    if (!block) throw new Error('unparsed');
    expect(ipInBlock(parseIpAddress('192.168.7.255') as bigint, block)).toBe(true);
    expect(ipInBlock(parseIpAddress('192.168.8.0') as bigint, block)).toBe(false);
    expect(ipInBlock(parseIpAddress('192.168.3.255') as bigint, block)).toBe(false);
  });
});

describe('parseInstant', () => {
  it.each([
    ['2026-01-01', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00Z', Date.UTC(2026, 0, 1)],
    ['2026-01-01T08:00:00+08:00', Date.UTC(2026, 0, 1)],
    ['2026-01-01T08:00+0800', Date.UTC(2026, 0, 1)],
    ['2025-12-31T19:00:00-05:00', Date.UTC(2026, 0, 1)],
    ['2026-01-01T00:00:00.123456Z', Date.UTC(2026, 0, 1) + 123],
    ['2026-01-01T00:00:00', Date.UTC(2026, 0, 1)],
    ['2024-02-29T00:00:00Z', Date.UTC(2024, 1, 29)],
    ['1767225600', Date.UTC(2026, 0, 1)],
    ['0', 0],
  ])('%s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });
  it.each(['', 'tomorrow', '2026-1-01', '2025-02-29', '2026-04-31', '2026-01-01T24:00:00Z', '2026-01-01T00:60:00Z', '2026-01-01 00:00:00Z', '2026-01-01T00:00:00+25:00', '-1', '1.5'])(
    'refuses %s',
    (text) => expect(parseInstant(text)).toBeUndefined(),
  );
});
