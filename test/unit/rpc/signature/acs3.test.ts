import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalRequest, stringToSign } from '../../../../src/rpc/signature/acs3.js';
import { canonicalQuery, parseForm } from '../../../../src/rpc/signature/encoding.js';
import { CAPTURES } from './fixtures/captures.js';
import { parseHttpText } from './fixtures/http-text.js';

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const SIGNED = 'host;x-acs-action;x-acs-content-sha256;x-acs-credentials-provider;x-acs-date;x-acs-signature-nonce;x-acs-version';

function inputsOf(name: string) {
  const req = parseHttpText(CAPTURES.find((c) => c.name === name)!.text);
  const signedHeaders = SIGNED.split(';');
  const headerValues = new Map(signedHeaders.map((h) => [h, String(req.headers[h])]));
  return { method: req.method, query: parseForm(req.rawQuery), signedHeaders, headerValues, contentSha256: EMPTY_SHA256 };
}

describe('ACS3 canonical request (alibaba-sdk-protocol.md §5.4)', () => {
  it('rebuilds the worked example of A1 byte for byte, empty line included', () => {
    const canonical = canonicalRequest(inputsOf('A1'));
    expect(canonical).toBe(
      [
        'POST',
        '/',
        'DirectoryId=d-00fc2p61%2A%2A%2A%2A',
        'host:127.0.0.1:34377',
        'x-acs-action:CreateSCIMServerCredential',
        `x-acs-content-sha256:${EMPTY_SHA256}`,
        'x-acs-credentials-provider:static_ak',
        'x-acs-date:2026-11-26T22:46:01Z',
        'x-acs-signature-nonce:d5212cb7df4a200a2c7f578b0c39197f',
        'x-acs-version:2021-05-15',
        '',
        SIGNED,
        EMPTY_SHA256,
      ].join('\n'),
    );
    const toSign = stringToSign('ACS3-HMAC-SHA256', canonical);
    expect(toSign).toBe('ACS3-HMAC-SHA256\n020b6f29fa5e8e2fae0ff3e98b6b5c76cd2dfaca7ed23b47e93e116606875eaf');
    expect(createHmac('sha256', 'testsecret').update(toSign).digest('hex')).toBe(
      'a2f2d3d6fb1cf90bcf3d2f8a3abf753da45608088bb654333b52c390c3ce12e1',
    );
  });

  it('A2: reusing the raw query instead of decoding and re-encoding it gives another signature', () => {
    const captured = '5143b4e0e085e09514d6a093960ed52dc405410e9a16a3d2113d5540151872e4';
    const inputs = inputsOf('A2');
    const sign = (canonical: string) =>
      createHmac('sha256', 'testsecret').update(stringToSign('ACS3-HMAC-SHA256', canonical)).digest('hex');

    const canonical = canonicalRequest(inputs);
    expect(sign(canonical)).toBe(captured);

    // The naive verifier: sort the raw k=v pieces. The wire has `*!()` unescaped (§4).
    const req = parseHttpText(CAPTURES.find((c) => c.name === 'A2')!.text);
    const naiveQuery = req.rawQuery.split('&').sort().join('&');
    expect(naiveQuery).not.toBe(canonicalQuery(inputs.query));
    expect(sign(canonical.replace(canonicalQuery(inputs.query), naiveQuery))).not.toBe(captured);
  });
});
