/**
 * V1 HMAC-SHA1, SignatureVersion 1.0 (alibaba-sdk-protocol.md §5.2): pop-core always, and
 * openapi-client/openapi-core with `signatureAlgorithm: 'v2'`. Everything is a parameter.
 */
import { createHmac } from 'node:crypto';
import { constantTimeEqual } from './constant-time.js';
import { canonicalQuery, pct } from './encoding.js';
import { SignatureFormatError } from './errors.js';
import type { SchemeParts } from './types.js';

function fail(code: SignatureFormatError['code'], message: string): never {
  throw new SignatureFormatError(code, message);
}

/**
 * `METHOD&%2F&pct(canonical)`. The method is the real one (pop-core's default is GET, §5.2);
 * the path is always the constant `%2F`.
 */
export function stringToSign(method: string, signed: ReadonlyMap<string, string>): string {
  return `${method.toUpperCase()}&${pct('/')}&${pct(canonicalQuery(signed))}`;
}

/**
 * `params` is query ∪ form body, body winning (openapi-client signs {...query, ...body}); every
 * one of them except Signature is signed, body parameters included.
 */
export function parseV1(method: string, params: ReadonlyMap<string, string>): SchemeParts {
  const given = params.get('Signature');
  if (!given) fail('MissingSignature', 'no Authorization header and no Signature parameter');
  if (params.get('SignatureMethod') !== 'HMAC-SHA1') {
    fail('UnsupportedSignatureMethod', 'SignatureMethod must be HMAC-SHA1');
  }
  if (params.get('SignatureVersion') !== '1.0') {
    fail('UnsupportedSignatureVersion', 'SignatureVersion must be 1.0');
  }
  const accessKeyId = params.get('AccessKeyId');
  if (!accessKeyId) fail('MissingAccessKeyId', 'AccessKeyId parameter is missing');
  const timestamp = params.get('Timestamp');
  if (!timestamp) fail('MissingTimestamp', 'Timestamp parameter is missing');
  const nonce = params.get('SignatureNonce');
  if (!nonce) fail('MissingSignatureNonce', 'SignatureNonce parameter is missing');

  // Built on the first verify, once the caller has found the AccessKey: a request naming an
  // unknown key costs no canonicalization (docs/decisions/0041-request-bounds.md).
  let toSign: string | undefined;
  const prepare = (): string => {
    if (toSign === undefined) {
      const signed = new Map(params);
      signed.delete('Signature');
      toSign = stringToSign(method, signed);
    }
    return toSign;
  };
  return {
    scheme: 'HMAC-SHA1',
    accessKeyId,
    // The x-acs-action/x-acs-version headers are sent but unsigned in V1 (§0.5): never read them.
    action: params.get('Action'),
    version: params.get('Version'),
    timestamp,
    nonce,
    securityToken: params.get('SecurityToken'),
    verify(secret: string): boolean {
      try {
        const expected = createHmac('sha1', `${secret}&`).update(prepare(), 'utf8').digest('base64');
        return constantTimeEqual(expected, given);
      } catch {
        return false;
      }
    },
  };
}
