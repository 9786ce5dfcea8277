import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { directoryNameOf, pkcePair } from '../../../console/src/api/device-helpers.js';

/**
 * The console's side of the device flow (docs/decisions/0170), on Node's WebCrypto: the PKCE
 * pair is what the portal checks (S256 of the verifier, base64url), and only a portal of the
 * console's own origin, or a directory name, is accepted.
 */
describe('console device flow helpers', () => {
  it('makes a PKCE S256 pair the portal verifies: 43 base64url characters and their SHA-256', async () => {
    const a = await pkcePair();
    const b = await pkcePair();
    expect(a.verifier).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.challenge).toBe(createHash('sha256').update(a.verifier).digest('base64url'));
    expect(a.verifier).not.toBe(b.verifier);
  });

  const origin = 'https://sso.example.com';
  it.each([
    ['https://sso.example.com/portal/acme/login', 'acme'],
    ['https://sso.example.com/portal/acme', 'acme'],
    ['  https://sso.example.com/portal/my-dir/device?user_code=X  ', 'my-dir'],
    ['acme', 'acme'],
    ['d-0123456789', 'd-0123456789'],
  ])('reads the directory of %j', (input, name) => {
    expect(directoryNameOf(input, origin)).toBe(name);
  });

  it.each([
    ['another origin', 'https://evil.example.com/portal/acme/login'],
    ['another port', 'https://sso.example.com:8443/portal/acme/login'],
    ['not a portal path', 'https://sso.example.com/console/'],
    ['an encoded slash', 'https://sso.example.com/portal/a%2Fb/login'],
    ['upper case', 'Acme'],
    ['a path', '../acme'],
    ['empty', '   '],
    ['too long', 'a'.repeat(65)],
    ['far too long', `https://sso.example.com/portal/${'a'.repeat(5000)}`],
  ])('refuses %s', (_what, input) => {
    expect(directoryNameOf(input, origin)).toBeUndefined();
  });
});
