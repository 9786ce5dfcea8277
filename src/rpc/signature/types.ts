/** The request as the edge hands it over, before any parsing (alibaba-sdk-protocol.md §9.2). */
export interface RawRequest {
  /** 'GET' | 'POST' ... — part of both strings to sign. */
  method: string;
  /** The part after '?', '' if none, NOT decoded. */
  rawQuery: string;
  /** Lower-case names as Node gives them. */
  headers: Record<string, string | string[] | undefined>;
  /** Raw bytes, possibly empty; ACS3 hashes them before anything parses them (§5.3). */
  rawBody: Buffer;
}

export type SignatureScheme = 'ACS3-HMAC-SHA256' | 'ACS3-HMAC-SM3' | 'HMAC-SHA1';

export interface SignedRequest {
  scheme: SignatureScheme;
  accessKeyId: string;
  /** ACS3: signed x-acs-action header; V1: Action parameter (never the unsigned header, §0.5). */
  action: string | undefined;
  /** ACS3: x-acs-version; V1: Version parameter. */
  version: string | undefined;
  /** Raw x-acs-date / Timestamp value; check it with `checkTimestamp`. */
  timestamp: string;
  /** x-acs-signature-nonce / SignatureNonce. */
  nonce: string;
  securityToken: string | undefined;
  /**
   * Business parameters: query ∪ form-urlencoded body (body wins), decoded, with the V1
   * protocol parameters removed (Signature, SignatureMethod, SignatureVersion, SignatureNonce,
   * Timestamp, AccessKeyId, Format, Action, Version, SecurityToken). Null-prototype object.
   */
  params: Record<string, string>;
  /** Constant-time check of the signature with this secret. Never throws, never exposes the expected value. */
  verify(secret: string): boolean;
}

/** What a scheme module extracts; `request.ts` adds the business parameters. */
export type SchemeParts = Omit<SignedRequest, 'params'>;

/** One header value; Node joins repeats itself, arrays only occur for set-cookie. */
export function headerValue(headers: RawRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(',') : v;
}

/** Media types are case-insensitive (RFC 9110 §8.3.1); parameters such as charset may follow. */
export function isFormBody(headers: RawRequest['headers']): boolean {
  return (headerValue(headers, 'content-type') ?? '')
    .toLowerCase()
    .startsWith('application/x-www-form-urlencoded');
}
