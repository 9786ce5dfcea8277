import { describe, expect, it } from 'vitest';
import { canonicalQuery as serverCanonicalQuery, parseForm } from '../../../src/rpc/signature/encoding.js';
import { canonicalQuery, percentEncode, signAcs3 } from '../../../console/src/api/signer.js';
import { CAPTURE_KEY, CAPTURES } from '../rpc/signature/fixtures/captures.js';
import { parseHttpText } from '../rpc/signature/fixtures/http-text.js';

/**
 * The console's browser signer, run on Node's WebCrypto (the same `crypto.subtle` API browsers
 * have), must reproduce the Authorization header of every captured ACS3-HMAC-SHA256 request
 * of alibaba-sdk-protocol.md §4 from the request's own parameters, date, nonce and headers.
 */
const ACS3 = CAPTURES.filter((c) => c.expect.scheme === 'ACS3-HMAC-SHA256');

describe('console browser signer: ACS3-HMAC-SHA256 with WebCrypto', () => {
  it('covers every ACS3-HMAC-SHA256 capture', () => {
    expect(ACS3.map((c) => c.name)).toEqual(['A1', 'A2', 'A3', 'A4', 'C1']);
  });

  it.each(ACS3)('$name: reproduces the captured Authorization header', async (capture) => {
    const req = parseHttpText(capture.text);
    const h = (name: string) => String(req.headers[name]);
    // x-acs-* headers the SDK adds beyond those the signer always sets.
    const own = new Set(['x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'x-acs-accesskey-id', 'x-acs-security-token']);
    const extraHeaders = Object.fromEntries(
      Object.keys(req.headers).filter((n) => n.startsWith('x-acs-') && !own.has(n)).map((n) => [n, h(n)]),
    );
    const body = req.rawBody.toString('utf8');
    const signed = await signAcs3(
      {
        method: req.method,
        host: h('host'),
        params: [...parseForm(req.rawQuery)],
        action: h('x-acs-action'),
        version: h('x-acs-version'),
        date: h('x-acs-date'),
        nonce: h('x-acs-signature-nonce'),
        ...(body ? { body, contentType: h('content-type') } : {}),
        extraHeaders,
      },
      {
        accessKeyId: CAPTURE_KEY.accessKeyId,
        accessKeySecret: CAPTURE_KEY.secret,
        ...(capture.expect.securityToken ? { securityToken: capture.expect.securityToken } : {}),
      },
    );
    expect(signed.authorization).toBe(h('authorization'));
    expect(signed.headers['x-acs-content-sha256']).toBe(h('x-acs-content-sha256'));
    // An STS token travels as the SDK sends it: x-acs-security-token beside x-acs-accesskey-id, both signed.
    for (const name of ['x-acs-security-token', 'x-acs-accesskey-id']) expect(signed.headers[name]).toBe(req.headers[name]);
  });

  it('a wrong secret gives another signature', async () => {
    const req = parseHttpText(ACS3[0]!.text);
    const signed = await signAcs3(
      {
        method: 'POST',
        host: String(req.headers.host),
        params: [...parseForm(req.rawQuery)],
        action: 'CreateSCIMServerCredential',
        version: '2021-05-15',
        date: String(req.headers['x-acs-date']),
        nonce: String(req.headers['x-acs-signature-nonce']),
        extraHeaders: { 'x-acs-credentials-provider': 'static_ak' },
      },
      { accessKeyId: 'testid', accessKeySecret: 'testsecreT' },
    );
    expect(signed.authorization).not.toBe(String(req.headers.authorization));
  });

  it('encodes and sorts the query exactly as the server canonicalizes it', () => {
    const params: [string, string][] = [
      ['b', "O'Neil (test)*!~ é/中文+&="],
      ['a', 'x y'],
      ['Tags.1.Key', 'env'],
    ];
    expect(canonicalQuery(params)).toBe(serverCanonicalQuery(new Map(params)));
    expect(percentEncode("!'()* ~")).toBe('%21%27%28%29%2A%20~');
  });
});
