import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { PASSWORD_POLICY_RANGES } from '../../../src/core/password-policy.js';
import { MAX_LOGIN_NETWORK_MASKS as SERVER_MAX_MASKS, normaliseLoginNetworkMasks } from '../../../src/core/sign-in/login-preference.js';
import { MAX_METADATA_LENGTH } from '../../../src/saml/metadata.js';
import { wireTime } from '../../../src/products/actiontrail/wire.js';
import {
  actionTrailTime,
  certificateProblem,
  differentCharsProblem,
  fromBase64,
  MAX_LOGIN_NETWORK_MASKS,
  MAX_METADATA_BYTES,
  networkMasksParam,
  networkMasksProblem,
  PASSWORD_RANGES,
  passwordFieldProblem,
  textProblem,
  toBase64,
  urlProblem,
} from '../../../console/src/validate.js';
import { testCertificate } from '../../management/fixtures/saml-metadata.js';

/**
 * The console checks sign-in settings before sending them; these checks must refuse what the
 * server refuses, accept what it accepts, and say it in the server's words.
 */
describe('console input checks agree with the server', () => {
  it('password policy ranges are the server ones', () => {
    expect(PASSWORD_RANGES).toEqual({
      MinPasswordLength: PASSWORD_POLICY_RANGES.minPasswordLength,
      MinPasswordDifferentChars: PASSWORD_POLICY_RANGES.minPasswordDifferentChars,
      MaxPasswordAge: PASSWORD_POLICY_RANGES.maxPasswordAge,
      PasswordReusePrevention: PASSWORD_POLICY_RANGES.passwordReusePrevention,
      MaxLoginAttempts: PASSWORD_POLICY_RANGES.maxLoginAttempts,
    });
    expect(passwordFieldProblem('MinPasswordLength', 8)).toBeUndefined();
    expect(passwordFieldProblem('MinPasswordLength', 7)).toBe('MinPasswordLength must be an integer from 8 to 32.');
    expect(passwordFieldProblem('MaxPasswordAge', 1.5)).toBe('MaxPasswordAge must be an integer from 1 to 120.');
    expect(passwordFieldProblem('MaxLoginAttempts', null)).toBeDefined();
    expect(differentCharsProblem(12, 12)).toBeUndefined();
    expect(differentCharsProblem(13, 12)).toBe('MinPasswordDifferentChars (13) must not exceed MinPasswordLength (12).');
  });

  const serverMasks = (text: string): string => {
    try {
      normaliseLoginNetworkMasks(text);
      return 'ok';
    } catch (e) {
      return e instanceof DomainError ? e.message : String(e);
    }
  };

  it.each([
    '10.0.0.0/8;192.168.1.1',
    ' 10.0.0.0/8 ; ; 10.0.0.0/8 ',
    ';',
    '',
    '10.1.0.0/33',
    '10.0.0.1;::1',
    '2001:db8::/32',
    '010.0.0.1',
    '256.1.1.1',
    'example.com',
    Array.from({ length: 101 }, (_, i) => `10.0.${i}.0/24`).join(';'),
    Array.from({ length: 100 }, (_, i) => `10.0.${i}.0/24`).join(';'),
  ])('LoginNetworkMasks %j: same verdict and words', (text) => {
    expect(networkMasksProblem(text) ?? 'ok').toBe(serverMasks(text));
  });

  it('LoginNetworkMasks: one per line in the form, joined by ";" on the wire, ";" to clear', () => {
    expect(MAX_LOGIN_NETWORK_MASKS).toBe(SERVER_MAX_MASKS);
    expect(networkMasksParam('10.0.0.0/8\n192.168.1.1\n\n10.0.0.0/8')).toBe('10.0.0.0/8;192.168.1.1');
    expect(networkMasksParam(' \n ')).toBe(';');
    expect(normaliseLoginNetworkMasks(networkMasksParam(''))).toBe('');
  });

  it('IdP entity ID, login URL and certificate', () => {
    expect(textProblem('EntityId', 'https://idp.example/')).toBeUndefined();
    expect(textProblem('EntityId', ' ')).toBe('EntityId must be 1 to 1024 characters.');
    expect(textProblem('EntityId', 'x'.repeat(1025))).toBeDefined();
    expect(urlProblem('LoginUrl', 'https://idp.example/sso')).toBeUndefined();
    expect(urlProblem('LoginUrl', 'ftp://idp.example/sso')).toBe('LoginUrl must be an http or https URL.');
    expect(urlProblem('LoginUrl', 'idp.example/sso')).toBe('LoginUrl must be an http or https URL.');
    expect(certificateProblem(testCertificate('console-check'))).toBeUndefined();
    expect(certificateProblem(`\n${testCertificate('console-check')}\n`)).toBeUndefined();
    expect(certificateProblem('not a certificate')).toBeDefined();
    expect(certificateProblem(`-----BEGIN CERTIFICATE-----\n${'A'.repeat(16_400)}\n-----END CERTIFICATE-----`)).toBeDefined();
  });

  it('metadata: the server limit before Base64, and Base64 both ways for any bytes', () => {
    expect(MAX_METADATA_BYTES).toBe(MAX_METADATA_LENGTH);
    const bytes = new Uint8Array(70_000).map((_, i) => (i * 31) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(fromBase64(toBase64(bytes))).toEqual(bytes);
  });

  it('times as LookupEvents takes them', () => {
    const ms = Date.UTC(2026, 11, 2, 7, 42, 16, 345);
    expect(actionTrailTime(ms)).toBe(wireTime(ms));
    expect(actionTrailTime(ms)).toBe('2026-12-02T07:42:16Z');
  });
});
