import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { AccessKeyPair } from './server.js';

/**
 * Hand-built signed requests for the signature tests: a signer written from the protocol reference
 * (alibaba-sdk-protocol.md §5), independent of the server's own code, with every part overridable
 * so a test can send exactly the wrong thing it means to.
 */
export interface RawCall {
  readonly method: 'GET' | 'POST';
  /** Path and query, e.g. `/?DirectoryId=d-1`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface RawResponse {
  readonly status: number;
  readonly text: string;
  readonly json: Record<string, any>;
}

/** RFC 3986: only A-Z a-z 0-9 - _ . ~ unescaped, space as %20. */
export function pct(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(params: Readonly<Record<string, string>>): string {
  return Object.keys(params)
    .map((k) => [pct(k), pct(params[k]!)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export const nowTimestamp = (offsetMs = 0): string => new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

export interface Acs3Input {
  /** `127.0.0.1:<port>`: the host header, which ACS3 signs. */
  readonly host: string;
  readonly action: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly key: AccessKeyPair;
  readonly version?: string;
  readonly date?: string;
  readonly nonce?: string;
  /** A form body (sent as application/x-www-form-urlencoded). */
  readonly body?: string;
  /** The x-acs-content-sha256 to sign and send instead of the body's real hash. */
  readonly contentSha256?: string;
}

/** What the signer computed, so a test can check the server never echoes it. */
export interface Acs3Signed extends RawCall {
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  readonly signature: string;
}

export function signAcs3(i: Acs3Input): Acs3Signed {
  const params = i.params ?? {};
  const contentSha256 = i.contentSha256 ?? sha256(i.body ?? '');
  const headers: Record<string, string> = {
    host: i.host,
    'x-acs-action': i.action,
    'x-acs-version': i.version ?? '2021-05-15',
    'x-acs-date': i.date ?? nowTimestamp(),
    'x-acs-signature-nonce': i.nonce ?? randomBytes(16).toString('hex'),
    'x-acs-content-sha256': contentSha256,
    ...(i.body !== undefined ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
  };
  const signedHeaders = Object.keys(headers).sort();
  const canonicalRequest = [
    'POST',
    '/',
    canonicalQuery(params),
    signedHeaders.map((h) => `${h}:${headers[h]!.trim()}\n`).join(''),
    signedHeaders.join(';'),
    contentSha256,
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`;
  const signature = createHmac('sha256', i.key.secret).update(stringToSign).digest('hex');
  const { host: _host, ...sent } = headers; // fetch sets host from the URL
  const query = canonicalQuery(params);
  return {
    method: 'POST',
    path: `/${query ? `?${query}` : ''}`,
    headers: {
      ...sent,
      accept: 'application/json',
      authorization: `ACS3-HMAC-SHA256 Credential=${i.key.id},SignedHeaders=${signedHeaders.join(';')},Signature=${signature}`,
    },
    body: i.body,
    canonicalRequest,
    stringToSign,
    signature,
  };
}

export interface V1Input {
  readonly method: 'GET' | 'POST';
  readonly action: string;
  readonly params?: Readonly<Record<string, string>>;
  readonly key: AccessKeyPair;
  readonly version?: string;
  readonly timestamp?: string;
  readonly nonce?: string;
}

export interface V1Signed extends RawCall {
  readonly stringToSign: string;
  readonly signature: string;
}

/** V1 HMAC-SHA1 like pop-core: everything a parameter, in the query (GET) or a form body (POST). */
export function signV1(i: V1Input): V1Signed {
  const all: Record<string, string> = {
    Format: 'JSON',
    Version: i.version ?? '2021-05-15',
    AccessKeyId: i.key.id,
    SignatureMethod: 'HMAC-SHA1',
    Timestamp: i.timestamp ?? nowTimestamp(),
    SignatureVersion: '1.0',
    SignatureNonce: i.nonce ?? randomBytes(16).toString('hex'),
    Action: i.action,
    ...i.params,
  };
  const stringToSign = `${i.method}&${pct('/')}&${pct(canonicalQuery(all))}`;
  const signature = createHmac('sha1', `${i.key.secret}&`).update(stringToSign).digest('base64');
  const wire = `${canonicalQuery(all)}&Signature=${pct(signature)}`;
  return i.method === 'GET'
    ? { method: 'GET', path: `/?${wire}`, headers: {}, stringToSign, signature }
    : { method: 'POST', path: '/', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: wire, stringToSign, signature };
}

/** Replaces one parameter value in a V1 query string or body without re-signing. */
export function tamper(wire: string, name: string, value: string): string {
  const re = new RegExp(`([?&]|^)${name}=[^&]*`);
  if (!re.test(wire)) throw new Error(`no parameter ${name} in ${wire}`);
  return wire.replace(re, `$1${name}=${pct(value)}`);
}

export async function send(baseUrl: string, call: RawCall): Promise<RawResponse> {
  const res = await fetch(`${baseUrl}${call.path}`, { method: call.method, headers: call.headers, body: call.body });
  const text = await res.text();
  let json: Record<string, any>;
  try {
    json = JSON.parse(text) as Record<string, any>;
  } catch {
    throw new Error(`Non-JSON response ${res.status}: ${text}`);
  }
  return { status: res.status, text, json };
}
