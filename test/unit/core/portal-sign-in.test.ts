import { describe, expect, it } from 'vitest';
import { isRisky, RISK_IDLE_MS, sourceAllowed } from '../../../src/core/sign-in/password-sign-in.js';
import { matchTotp, newTotpSecret, totpUri } from '../../../src/core/sign-in/totp.js';
import { base32Decode, hotp, totpAt } from '../../support/portal.js';

describe('TOTP (RFC 6238)', () => {
  // RFC 6238 appendix B, SHA-1 key "12345678901234567890" (base32 below), last 6 digits.
  const RFC_KEY = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
  it('the test-side implementation meets the RFC vectors', () => {
    expect(base32Decode(RFC_KEY).toString()).toBe('12345678901234567890');
    expect(hotp(base32Decode(RFC_KEY), Math.floor(59 / 30), 8)).toBe('94287082');
    expect(hotp(base32Decode(RFC_KEY), Math.floor(1111111109 / 30), 8)).toBe('07081804');
    expect(hotp(base32Decode(RFC_KEY), Math.floor(2000000000 / 30), 8)).toBe('69279037');
  });
  it('the server accepts the RFC codes one step either side, and says which step matched', () => {
    const t = 1111111109_000;
    const step = Math.floor(t / 30_000);
    expect(matchTotp(RFC_KEY, '081804', t)).toBe(step);
    expect(matchTotp(RFC_KEY, totpAt(RFC_KEY, t - 30_000), t)).toBe(step - 1);
    expect(matchTotp(RFC_KEY, totpAt(RFC_KEY, t + 30_000), t)).toBe(step + 1);
    expect(matchTotp(RFC_KEY, totpAt(RFC_KEY, t - 60_000), t)).toBeUndefined();
    expect(matchTotp(RFC_KEY, ' 081 804 ', t)).toBe(step);
    expect(matchTotp(RFC_KEY, '08180', t)).toBeUndefined();
    expect(matchTotp(RFC_KEY, 'abcdef', t)).toBeUndefined();
  });
  it('makes 160-bit secrets and otpauth URIs for authenticator apps', () => {
    const s = newTotpSecret();
    expect(s).toMatch(/^[A-Z2-7]{32}$/);
    expect(newTotpSecret()).not.toBe(s);
    const uri = new URL(totpUri(s, 'CloudSSO dir', 'alice'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.searchParams.get('secret')).toBe(s);
    expect(uri.searchParams.get('issuer')).toBe('CloudSSO dir');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});

describe('LoginNetworkMasks', () => {
  it('allows everything when empty, else only addresses inside an entry', () => {
    expect(sourceAllowed('', '203.0.113.1')).toBe(true);
    expect(sourceAllowed('10.0.0.0/8;192.168.1.7', '10.9.8.7')).toBe(true);
    expect(sourceAllowed('10.0.0.0/8;192.168.1.7', '::ffff:10.9.8.7')).toBe(true);
    expect(sourceAllowed('10.0.0.0/8;192.168.1.7', '192.168.1.7')).toBe(true);
    expect(sourceAllowed('10.0.0.0/8;192.168.1.7', '192.168.1.8')).toBe(false);
    expect(sourceAllowed('10.0.0.0/8', '2001:db8::1')).toBe(false);
    expect(sourceAllowed('10.0.0.0/8', 'garbage')).toBe(false);
  });
});

describe('risky sign-in (OnlyRiskyLogin)', () => {
  const now = 1_800_000_000_000;
  const seen = { failedAttempts: 0, lockedUntil: null, lastSuccessTime: now - 3600_000, lastSuccessSource: 'ip:198.51.100.1' };
  it('is risky the first time, from another address, after failures or a long absence', () => {
    expect(isRisky(undefined, '198.51.100.1', now)).toBe(true);
    expect(isRisky(seen, '198.51.100.1', now)).toBe(false);
    expect(isRisky(seen, '::ffff:198.51.100.1', now)).toBe(false);
    expect(isRisky(seen, '198.51.100.2', now)).toBe(true);
    expect(isRisky({ ...seen, failedAttempts: 1 }, '198.51.100.1', now)).toBe(true);
    expect(isRisky({ ...seen, lastSuccessTime: now - RISK_IDLE_MS - 1 }, '198.51.100.1', now)).toBe(true);
  });
  it('compares IPv6 sources by their /64', () => {
    const v6 = { ...seen, lastSuccessSource: 'ip6:20010db8000000ab::/64' };
    expect(isRisky(v6, '2001:db8:0:ab::1', now)).toBe(false);
    expect(isRisky(v6, '2001:db8:0:ab:ffff::9', now)).toBe(false);
    expect(isRisky(v6, '2001:db8:0:ac::1', now)).toBe(true);
  });
});
