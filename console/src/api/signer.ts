/**
 * ACS3-HMAC-SHA256 in the browser (alibaba-sdk-protocol.md §5.3), with WebCrypto only: the same
 * canonical request, string to sign and HMAC as the typed Alibaba SDKs. Self-contained (no
 * imports) so Node's WebCrypto can run it against the protocol's captured requests.
 */

export interface Acs3Credentials {
  readonly accessKeyId: string;
  readonly accessKeySecret: string;
  /** An STS token: sent (and signed) as x-acs-security-token with x-acs-accesskey-id. */
  readonly securityToken?: string;
}

export interface Acs3Request {
  readonly method: string;
  /** The Host header the browser will send (`location.host`): it is signed. */
  readonly host: string;
  /** API parameters, already flattened (`Tags.1.Key`); they travel in the query string. */
  readonly params: ReadonlyArray<readonly [string, string]>;
  readonly action: string;
  readonly version: string;
  /** `YYYY-MM-DDThh:mm:ssZ` (UTC, seconds). */
  readonly date: string;
  readonly nonce: string;
  /** A form body, hashed into x-acs-content-sha256; none for the console's own calls. */
  readonly body?: string;
  readonly contentType?: string;
  /** Further x-acs-* headers to send and sign (the SDKs add x-acs-credentials-provider). */
  readonly extraHeaders?: Readonly<Record<string, string>>;
}

export interface SignedAcs3Request {
  /** The wire query string (sorted, RFC 3986 encoded), without `?`. */
  readonly query: string;
  /** Every header to send except Host (the browser sets it), Authorization included. */
  readonly headers: Readonly<Record<string, string>>;
  readonly canonicalRequest: string;
  readonly authorization: string;
}

const ALGORITHM = 'ACS3-HMAC-SHA256';
const utf8 = new TextEncoder();

/** RFC 3986: only A-Z a-z 0-9 - _ . ~ stay, upper-case hex, space as %20 (§5.1). */
export function percentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256Hex(text: string): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', utf8.encode(text)));
}

async function hmacSha256Hex(key: string, text: string): Promise<string> {
  const k = await crypto.subtle.importKey('raw', utf8.encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return hex(await crypto.subtle.sign('HMAC', k, utf8.encode(text)));
}

/** Sorted by name (code unit order, as the SDKs sort); a repeated name keeps the last value. */
export function canonicalQuery(params: ReadonlyArray<readonly [string, string]>): string {
  const map = new Map<string, string>();
  for (const [k, v] of params) map.set(k, v);
  return [...map.keys()]
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(map.get(k)!)}`)
    .join('&');
}

export async function signAcs3(req: Acs3Request, creds: Acs3Credentials): Promise<SignedAcs3Request> {
  const body = req.body ?? '';
  const headers: Record<string, string> = {
    'x-acs-action': req.action,
    'x-acs-version': req.version,
    'x-acs-date': req.date,
    'x-acs-signature-nonce': req.nonce,
    'x-acs-content-sha256': await sha256Hex(body),
  };
  if (creds.securityToken !== undefined) {
    headers['x-acs-accesskey-id'] = creds.accessKeyId;
    headers['x-acs-security-token'] = creds.securityToken;
  }
  for (const [name, value] of Object.entries(req.extraHeaders ?? {})) headers[name.toLowerCase()] = value;
  if (body !== '' || req.contentType !== undefined) headers['content-type'] = req.contentType ?? 'application/x-www-form-urlencoded';

  const signed: Record<string, string> = { host: req.host };
  for (const [name, value] of Object.entries(headers)) {
    if (name === 'content-type' || name.startsWith('x-acs-')) signed[name] = value;
  }
  const names = Object.keys(signed).sort();
  const query = canonicalQuery(req.params);
  const canonicalRequest = [
    req.method.toUpperCase(),
    '/',
    query,
    names.map((n) => `${n}:${signed[n]!.trim()}\n`).join(''),
    names.join(';'),
    headers['x-acs-content-sha256']!,
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${await sha256Hex(canonicalRequest)}`;
  const signature = await hmacSha256Hex(creds.accessKeySecret, stringToSign);
  const authorization = `${ALGORITHM} Credential=${creds.accessKeyId},SignedHeaders=${names.join(';')},Signature=${signature}`;
  return { query, headers: { ...headers, authorization }, canonicalRequest, authorization };
}

/** `YYYY-MM-DDThh:mm:ssZ` for the x-acs-date header. */
export function acsDate(now: Date = new Date()): string {
  return now.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** 32 hex characters, like openapi-client's nonce. */
export function newNonce(): string {
  return hex(crypto.getRandomValues(new Uint8Array(16)).buffer as ArrayBuffer);
}
