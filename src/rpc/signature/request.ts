/**
 * Entry point of the management API edge's signature step (alibaba-sdk-protocol.md §9.1-§9.3):
 * pick the scheme, gather the parameters, hand back a request that can be verified once the
 * caller has looked up the secret of `accessKeyId`.
 */
import { parseAcs3 } from './acs3.js';
import { FormEncodingError, parseForm, parseFormBody } from './encoding.js';
import { SignatureFormatError } from './errors.js';
import { headerValue, isFormBody, type RawRequest, type SchemeParts, type SignedRequest } from './types.js';
import { parseV1 } from './v1.js';

/** V1's protocol parameters (§3): never business input, whichever scheme signed the request. */
const PROTOCOL_PARAMS: ReadonlySet<string> = new Set([
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp',
  'AccessKeyId',
  'Format',
  'Action',
  'Version',
  'SecurityToken',
]);

function decode(what: string, parse: () => Map<string, string>): Map<string, string> {
  try {
    return parse();
  } catch (e) {
    if (e instanceof FormEncodingError) {
      throw new SignatureFormatError('MalformedEncoding', `${what}: ${e.message}`);
    }
    throw e;
  }
}

/** Only form bodies carry parameters (§9.2); a JSON body is covered by the ACS3 hash alone. */
function formBody(req: RawRequest): Map<string, string> {
  return isFormBody(req.headers) ? decode('form body', () => parseFormBody(req.rawBody)) : new Map();
}

/** Null prototype: parameter names come from the client (`__proto__`, `constructor`). */
function businessParams(merged: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of merged) if (!PROTOCOL_PARAMS.has(k)) out[k] = v;
  return out;
}

/** Throws SignatureFormatError for requests that cannot even be parsed as signed. */
export function parseSignedRequest(req: RawRequest): SignedRequest {
  const query = decode('query string', () => parseForm(req.rawQuery));
  const authorization = headerValue(req.headers, 'authorization');
  let parts: SchemeParts;
  let body: Map<string, string>;
  if (authorization?.startsWith('ACS3-')) {
    // ACS3 checks the body hash on the raw bytes before the body is decoded (§9.2), and its
    // canonical query is the query string alone (§5.3).
    parts = parseAcs3(req, query, authorization);
    body = formBody(req);
  } else {
    body = formBody(req);
    parts = parseV1(req.method, new Map([...query, ...body]));
  }
  return { ...parts, params: businessParams(new Map([...query, ...body])) };
}
