import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseForm } from '../../../../src/rpc/signature/encoding.js';
import { CAPTURES } from './fixtures/captures.js';
import { parseHttpText } from './fixtures/http-text.js';
import { stringToSign } from '../../../../src/rpc/signature/v1.js';

describe('V1 string to sign (alibaba-sdk-protocol.md §5.4)', () => {
  it('rebuilds the worked example of B1', () => {
    const req = parseHttpText(CAPTURES.find((c) => c.name === 'B1')!.text);
    const params = parseForm(req.rawQuery);
    params.delete('Signature');
    const toSign = stringToSign(req.method, params);
    expect(toSign).toBe(
      'POST&%2F&AccessKeyId%3Dtestid%26Action%3DCreateSCIMServerCredential%26DirectoryId%3Dd-00fc2p61%252A%252A%252A%252A%26Format%3Djson%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D5e8cb6e586267a19309cf31fd34a1629%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-26T22%253A46%253A01Z%26Version%3D2021-05-15',
    );
    expect(createHmac('sha1', 'testsecret&').update(toSign).digest('base64')).toBe('7uB3KOASqgYtlHFShwwaKN0g6xI=');
  });

  it('upper-cases the method and keeps the path constant', () => {
    expect(stringToSign('get', new Map([['A', '1']]))).toBe('GET&%2F&A%3D1');
  });
});
