import { describe, expect, it } from 'vitest';
import { addressSubject } from '../../../src/core/auth-throttle.js';

describe('addressSubject', () => {
  it('counts an IPv4 client once however the socket spells it', () => {
    expect(addressSubject('127.0.0.1')).toBe('ip:127.0.0.1');
    expect(addressSubject('::ffff:127.0.0.1')).toBe('ip:127.0.0.1');
    expect(addressSubject('::ffff:7f00:1')).toBe('ip:127.0.0.1');
  });
  it('counts an IPv6 client by its /64', () => {
    expect(addressSubject('2001:db8:1:2::1')).toBe(addressSubject('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressSubject('2001:db8:1:2::1')).not.toBe(addressSubject('2001:db8:1:3::1'));
    expect(addressSubject('::1')).toBe('ip6:0::/64');
  });
  it('keeps what it cannot parse as it is', () => {
    expect(addressSubject('')).toBe('ip:');
  });
});
