/**
 * ACS3-HMAC-SHA256 and ACS3-HMAC-SM3 (alibaba-sdk-protocol.md §5.3): the header-signed scheme
 * that the typed CloudSSO SDK, openapi-client and openapi-core use by default (§0.1).
 */
import { createHash, createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time.js';
import { canonicalQuery } from './encoding.js';
import { SignatureFormatError } from './errors.js';
import { headerValue, type RawRequest, type SchemeParts } from './types.js';

type Acs3Algorithm = 'ACS3-HMAC-SHA256' | 'ACS3-HMAC-SM3';

// Node's name for the hash behind each algorithm; SM3 still travels in x-acs-content-sha256.
const HASH: Record<Acs3Algorithm, string> = { 'ACS3-HMAC-SHA256': 'sha256', 'ACS3-HMAC-SM3': 'sm3' };

/** Exactly the form the SDKs emit: one space after the algorithm, none after the commas. */
const AUTHORIZATION =
  /^(ACS3-HMAC-SHA256|ACS3-HMAC-SM3) Credential=([^\s,]+),SignedHeaders=([^\s,]+),Signature=([0-9a-f]{64})$/;
/** A lower-case RFC 9110 token; the SDKs lower-case every name they sign. */
const HEADER_NAME = /^[a-z0-9!#$%&'*+.^_`|~-]+$/;

/** Headers that carry what the server acts on; unsigned, they could be swapped in transit. */
const MUST_SIGN = ['host', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256', 'x-acs-action', 'x-acs-version'];

function fail(code: SignatureFormatError['code'], message: string): never {
  throw new SignatureFormatError(code, message);
}

/** The algorithm token only, so an ACS3-RSA-SHA256 client hears "unsupported", not "malformed". */
function algorithmOf(authorization: string): string {
  const space = authorization.indexOf(' ');
  return space < 0 ? authorization : authorization.slice(0, space);
}

/** Parses `a;b;c`: non-empty lower-case names, no repeats (a repeat would sign one value twice). */
function parseSignedHeaders(list: string): string[] {
  const names = list.split(';');
  if (names.some((n) => !HEADER_NAME.test(n)) || new Set(names).size !== names.length) {
    fail('IncompleteSignature', 'SignedHeaders is not a list of distinct lower-case header names');
  }
  return names;
}

export interface CanonicalRequestInput {
  method: string;
  query: ReadonlyMap<string, string>;
  signedHeaders: readonly string[];
  headerValues: ReadonlyMap<string, string>;
  contentSha256: string;
}

/**
 * §5.3. The path is the constant `/`: the RPC API is only served at `/` (§2), so the edge never
 * calls this for another path. The header block ends in "\n" and is followed by another "\n",
 * which gives the empty line of the worked example in §5.4.
 */
export function canonicalRequest(i: CanonicalRequestInput): string {
  const headers = i.signedHeaders.map((h) => `${h}:${(i.headerValues.get(h) ?? '').trim()}\n`).join('');
  return [
    i.method.toUpperCase(),
    '/',
    canonicalQuery(i.query),
    headers,
    i.signedHeaders.join(';'),
    i.contentSha256,
  ].join('\n');
}

export function stringToSign(algorithm: Acs3Algorithm, canonical: string): string {
  return `${algorithm}\n${createHash(HASH[algorithm]).update(canonical, 'utf8').digest('hex')}`;
}

/**
 * Steps, in order: algorithm, exact Authorization form, date and nonce present, every
 * must-sign header listed, every listed header present, STS key id consistent, body hash.
 * The string to sign depends on no secret, but it is built on the first `verify`, once the caller
 * has found the AccessKey: a request naming an unknown key costs no canonicalization.
 */
export function parseAcs3(req: RawRequest, query: ReadonlyMap<string, string>, authorization: string): SchemeParts {
  const algorithm = algorithmOf(authorization);
  if (algorithm !== 'ACS3-HMAC-SHA256' && algorithm !== 'ACS3-HMAC-SM3') {
    fail('UnsupportedSignatureMethod', 'only ACS3-HMAC-SHA256 and ACS3-HMAC-SM3 are supported');
  }
  const m = AUTHORIZATION.exec(authorization);
  if (!m) fail('IncompleteSignature', 'Authorization is not "<algorithm> Credential=…,SignedHeaders=…,Signature=<hex>"');
  const [, , accessKeyId = '', signedList = '', given = ''] = m;

  const h = (name: string) => headerValue(req.headers, name);
  const timestamp = h('x-acs-date');
  if (!timestamp) fail('MissingTimestamp', 'x-acs-date header is missing');
  const nonce = h('x-acs-signature-nonce');
  if (!nonce) fail('MissingSignatureNonce', 'x-acs-signature-nonce header is missing');

  const signedHeaders = parseSignedHeaders(signedList);
  const mustSign = [...MUST_SIGN];
  if (req.rawBody.length > 0) mustSign.push('content-type');
  const securityToken = h('x-acs-security-token');
  if (securityToken !== undefined) mustSign.push('x-acs-security-token');
  const unsigned = mustSign.filter((n) => !signedHeaders.includes(n));
  if (unsigned.length > 0) fail('IncompleteSignature', `SignedHeaders must include ${unsigned.join(', ')}`);

  const headerValues = new Map<string, string>();
  for (const name of signedHeaders) {
    const v = h(name);
    if (v === undefined) fail('MissingParameter', `signed header ${name} is missing from the request`);
    headerValues.set(name, v);
  }

  // §5.3: with STS the SDK also sends the key id in a header; two ids would be ambiguous.
  const keyIdHeader = h('x-acs-accesskey-id');
  if (keyIdHeader !== undefined && keyIdHeader !== accessKeyId) {
    fail('IncompleteSignature', 'x-acs-accesskey-id does not match the Authorization Credential');
  }

  // The hash covers the raw bytes, before any body parser (§5.3); not a secret, so plain ===.
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- x-acs-content-sha256 must be signed (checked above), so it is in headerValues
  const contentSha256 = headerValues.get('x-acs-content-sha256')!;
  if (createHash(HASH[algorithm]).update(req.rawBody).digest('hex') !== contentSha256) {
    fail('ContentSha256Mismatch', 'x-acs-content-sha256 does not match the request body');
  }

  let toSign: string | undefined;
  const prepare = (): string =>
    (toSign ??= stringToSign(algorithm, canonicalRequest({ method: req.method, query, signedHeaders, headerValues, contentSha256 })));
  return {
    scheme: algorithm,
    accessKeyId,
    action: headerValues.get('x-acs-action'),
    version: headerValues.get('x-acs-version'),
    timestamp,
    nonce,
    securityToken,
    verify(secret: string): boolean {
      try {
        // The key is the secret itself, without V1's trailing '&' (§5.3).
        const expected = createHmac(HASH[algorithm], secret).update(prepare(), 'utf8').digest('hex');
        return constantTimeEqual(expected, given);
      } catch {
        return false;
      }
    },
  };
}
