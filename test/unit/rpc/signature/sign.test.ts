import { describe, expect, it } from 'vitest';
import { parseSignedRequest } from '../../../../src/rpc/signature/index.js';
import { signAcs3 } from '../../../../src/rpc/signature/sign.js';

/** The client-side signer (`cloudsso call`, the bench): what it sends, the verifier accepts as sent. */
describe('signAcs3, the client side', () => {
  const sign = (securityToken?: string) =>
    signAcs3({
      endpoint: 'http://127.0.0.1:8080',
      action: 'GetDirectory',
      version: '2021-05-15',
      params: { DirectoryId: 'd-00fc2p61pmbr' },
      accessKeyId: 'STS.NTest',
      accessKeySecret: 'testsecret',
      ...(securityToken !== undefined ? { securityToken } : {}),
    });
  const received = (call: ReturnType<typeof sign>, edit: (h: Record<string, string>) => void = () => undefined) => {
    const headers: Record<string, string> = { ...call.headers, host: '127.0.0.1:8080' };
    edit(headers);
    return parseSignedRequest({ method: 'POST', rawQuery: new URL(call.url).search.slice(1), headers, rawBody: Buffer.alloc(0) });
  };

  it('signs a call without a token', () => {
    const s = received(sign());
    expect([s.action, s.accessKeyId, s.securityToken, s.verify('testsecret')]).toEqual(['GetDirectory', 'STS.NTest', undefined, true]);
  });

  it('sends and signs an STS SecurityToken as x-acs-security-token', () => {
    const call = sign('CAIStoken');
    expect(call.headers['authorization']).toContain('x-acs-security-token');
    const s = received(call);
    expect([s.securityToken, s.verify('testsecret')]).toEqual(['CAIStoken', true]);
    // The token is signed: another one breaks the signature.
    expect(received(call, (h) => (h['x-acs-security-token'] = 'CAISother')).verify('testsecret')).toBe(false);
  });
});
