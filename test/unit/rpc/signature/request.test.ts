import { describe, expect, it } from 'vitest';
import { CAPTURE_CLOCK_MS, CAPTURE_KEY, CAPTURES } from './fixtures/captures.js';
import { parseHttpText } from './fixtures/http-text.js';
import { editBody, editHeader, pipe, rehash, setBody, setHeader, setMethod, setQuery, type Mutation } from './fixtures/mutate.js';
import { checkTimestamp, parseSignedRequest, SignatureFormatError, type SignatureFormatCode } from '../../../../src/rpc/signature/index.js';

const capture = (name: string) => parseHttpText(CAPTURES.find((c) => c.name === name)!.text);

describe.each(CAPTURES)('capture $name ($title)', ({ text, expect: want }) => {
  it('parses as the scheme, key, action, version, nonce and token it was sent with', () => {
    const s = parseSignedRequest(parseHttpText(text));
    expect(s.scheme).toBe(want.scheme);
    expect(s.accessKeyId).toBe(CAPTURE_KEY.accessKeyId);
    expect(s.action).toBe(want.action);
    expect(s.version).toBe('2021-05-15');
    expect(s.timestamp).toBe('2026-11-26T22:46:01Z');
    expect(s.nonce).toBe(want.nonce);
    expect(s.securityToken).toBe(want.securityToken);
    expect(checkTimestamp(s.timestamp, CAPTURE_CLOCK_MS, 15 * 60_000)).toBe('ok');
  });

  it('verifies with testsecret', () => {
    expect(parseSignedRequest(parseHttpText(text)).verify(CAPTURE_KEY.secret)).toBe(true);
  });

  it.each(['testsecreT', 'testsecret&', ' testsecret', '', 'x'.repeat(10_000), '\u0000'])(
    'fails with another secret %#',
    (secret) => {
      expect(parseSignedRequest(parseHttpText(text)).verify(secret)).toBe(false);
    },
  );

  it('is transcribed faithfully (Content-Length matches the body)', () => {
    const req = parseHttpText(text);
    const length = req.headers['content-length'];
    if (length !== undefined) expect(req.rawBody.length).toBe(Number(length));
  });
});

type Outcome = 'accept' | 'reject' | SignatureFormatCode;

/** §5.7 "Tampering": every signed part matters; the unsigned ones (V1 x-acs-* headers) do not. */
const TAMPERING: [string, string, Outcome, Mutation][] = [
  ['A1', 'query value changed', 'reject', setQuery('DirectoryId', 'd-00fc2p61***')],
  ['A1', 'query parameter added', 'reject', setQuery('Extra', '1')],
  ['A2', 'query value changed', 'reject', setQuery('UserName', 'Alice%20Smitj')],
  ['A2', 'query value re-encoded equivalently', 'accept', setQuery('UserName', 'Alice+Smith')],
  ['A1', 'x-acs-action header changed', 'reject', setHeader('x-acs-action', 'DeleteSCIMServerCredential')],
  ['A1', 'x-acs-version header changed', 'reject', setHeader('x-acs-version', '2021-05-16')],
  ['A1', 'method changed', 'reject', setMethod('GET')],
  ['A1', 'host changed (proxy rewrite)', 'reject', setHeader('host', 'cloudsso.example')],
  ['A1', 'x-acs-date changed', 'reject', setHeader('x-acs-date', '2026-11-26T22:46:02Z')],
  ['A1', 'nonce changed', 'reject', setHeader('x-acs-signature-nonce', 'd5212cb7df4a200a2c7f578b0c39197e')],
  ['A1', 'unsigned header added', 'accept', setHeader('user-agent', 'curl')],
  ['A3', 'body byte changed', 'ContentSha256Mismatch', editBody((b) => b.replace('bob', 'bib'))],
  ['A3', 'body byte changed, hash header recomputed', 'reject', pipe(editBody((b) => b.replace('bob', 'bib')), rehash())],
  ['A3', 'content-type changed', 'reject', setHeader('content-type', 'application/json')],
  ['A4', 'security token changed', 'reject', setHeader('x-acs-security-token', 'sts-token-abd')],
  ['S1', 'body byte changed, SM3 hash recomputed', 'reject', pipe(editBody((b) => b.replace('bob', 'bib')), rehash('sm3'))],
  ['S1', 'algorithm relabelled SHA256', 'ContentSha256Mismatch', editHeader('authorization', (a) => a.replace('SM3', 'SHA256'))],
  ['B1', 'query value changed', 'reject', setQuery('DirectoryId', 'd-00fc2p61***')],
  ['B1', 'method changed', 'reject', setMethod('GET')],
  ['B1', 'x-acs-action header changed (unsigned in V1)', 'accept', setHeader('x-acs-action', 'DeleteUser')],
  ['B1', 'non-ACS3 Authorization header present', 'accept', setHeader('authorization', 'Bearer abc')],
  ['B2', 'Timestamp changed', 'reject', setQuery('Timestamp', '2026-11-26T22%3A46%3A02Z')],
  ['B3', 'body value changed', 'reject', editBody((b) => b.replace('bob', 'bib'))],
  ['B3', 'body removed', 'reject', setBody('')],
  ['B3', 'body param added', 'reject', editBody((b) => `${b}&Extra=1`)],
  ['B4', 'SecurityToken changed', 'reject', setQuery('SecurityToken', 'sts-token-abd')],
  ['D1', 'body value changed', 'reject', editBody((b) => b.replace('DirectoryId=d-00', 'DirectoryId=d-01'))],
  ['D1', 'method changed', 'reject', setMethod('GET')],
  ['D1', 'body no longer form (params unread)', 'MissingSignature', setHeader('content-type', 'text/plain')],
  ['D2', 'method changed', 'reject', setMethod('POST')],
  ['D3', 'query parameter added beside the body', 'reject', setQuery('Extra', '1')],
];

function outcome(mutated: ReturnType<Mutation>): Outcome {
  try {
    return parseSignedRequest(mutated).verify(CAPTURE_KEY.secret) ? 'accept' : 'reject';
  } catch (e) {
    if (e instanceof SignatureFormatError) return e.code;
    throw e;
  }
}

describe('tampering', () => {
  it.each(TAMPERING)('%s, %s -> %s', (name, _what, want, mutate) => {
    expect(outcome(mutate(capture(name)))).toBe(want);
  });
});

describe('business parameters', () => {
  it('V1: protocol parameters removed, names and values decoded (B2)', () => {
    const { params } = parseSignedRequest(capture('B2'));
    expect(params).toEqual({
      DirectoryId: 'd-00fc2p61****',
      UserName: 'Alice Smith',
      DisplayName: "O'Neil (test)*!~ é/中文+&=",
      'Tags.1.Key': 'env',
      'Tags.1.Value': 'prod',
      'Tags.2.Key': 'team',
      'Tags.2.Value': 'a b',
      'Nested.A': '1',
      'Nested.B.C': '2',
      InlinePolicyDocument: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"ecs:*","Resource":"*"}]}',
      Count: '5',
      Flag: 'true',
    });
  });

  it('ACS3 and V1 give the same parameters for the same call (A2 = B2)', () => {
    expect(parseSignedRequest(capture('A2')).params).toEqual(parseSignedRequest(capture('B2')).params);
  });

  it.each([
    ['A3', { DirectoryId: 'd-1', UserName: 'bob b', 'Tags.1.Key': 'k', 'Tags.1.Value': 'v*' }],
    ['B3', { DirectoryId: 'd-1', UserName: 'bob b', 'Tags.1.Key': 'k', 'Tags.1.Value': 'v*' }],
    ['D1', { DirectoryId: 'd-00fc2p61****' }],
    ['D2', { DirectoryId: 'd-00fc2p61****' }],
    ['B4', { DirectoryId: 'd-00fc2p61****' }],
    ['D3', expect.objectContaining({ Nested: '[object Object]', 'Tags.2.Value': 'a b', UserName: 'Alice Smith' })],
  ])('%s: query and form body merged', (name, want) => {
    expect(parseSignedRequest(capture(name)).params).toEqual(want);
  });

  it('the body wins over the query on a clash, in params and in what V1 signs', () => {
    const req = setQuery('DirectoryId', 'd-query')(capture('D1'));
    const s = parseSignedRequest(req);
    expect(s.params.DirectoryId).toBe('d-00fc2p61****');
    expect(s.verify(CAPTURE_KEY.secret)).toBe(true);
  });

  it('V1 takes the action from the signed parameter, never from the header', () => {
    const s = parseSignedRequest(setHeader('x-acs-action', 'DeleteUser')(capture('D2')));
    expect(s.action).toBe('CreateSCIMServerCredential');
  });

  it('is a null-prototype record, so parameter names cannot reach Object.prototype', () => {
    const s = parseSignedRequest(setQuery('__proto__', 'x')(capture('B1')));
    expect(Object.getPrototypeOf(s.params)).toBeNull();
    expect(Object.keys(s.params)).toContain('__proto__');
    expect(s.params.__proto__).toBe('x');
  });
});

describe('secrecy', () => {
  it('the parsed request carries neither the expected signature nor the string to sign', () => {
    for (const c of CAPTURES) {
      // The captured signature is the expected one, since every capture verifies.
      const captured = /(?:,Signature=|&Signature=)([^&\s]+)/.exec(c.text)![1]!;
      const dump = JSON.stringify(parseSignedRequest(parseHttpText(c.text)));
      for (const secret of [captured, decodeURIComponent(captured), '%2F&', 'ACS3-HMAC-SHA256\\n', 'ACS3-HMAC-SM3\\n']) {
        expect(dump).not.toContain(secret);
      }
    }
  });
});
