/**
 * Why a request could not even be read as a signed request. A closed union so that the edge's
 * `Record<SignatureFormatCode, ...>` wire mapping is exhaustive (STYLE.md habit 1). A wrong
 * secret is NOT here: that is `verify() === false`, decided only after the key lookup.
 */
export type SignatureFormatCode =
  /** ACS3: `Authorization` starts with `ACS3-` but is not exactly the §5.3 form, its
   *  SignedHeaders list is malformed, or it leaves out a header that must be signed
   *  (host, x-acs-date, x-acs-signature-nonce, x-acs-content-sha256, x-acs-action,
   *  x-acs-version, content-type with a body, x-acs-security-token when sent), or the
   *  x-acs-accesskey-id header names another key than the Credential. */
  | 'IncompleteSignature'
  /** V1: no (or an empty) `AccessKeyId` parameter. */
  | 'MissingAccessKeyId'
  /** Neither an `ACS3-` Authorization header nor a (non-empty) V1 `Signature` parameter. */
  | 'MissingSignature'
  /** No (or an empty) `x-acs-date` header (ACS3) / `Timestamp` parameter (V1). */
  | 'MissingTimestamp'
  /** No (or an empty) `x-acs-signature-nonce` header (ACS3) / `SignatureNonce` parameter (V1). */
  | 'MissingSignatureNonce'
  /** ACS3 algorithm other than HMAC-SHA256/HMAC-SM3 (e.g. ACS3-RSA-SHA256), or a V1
   *  `SignatureMethod` other than `HMAC-SHA1` (absent included). */
  | 'UnsupportedSignatureMethod'
  /** V1 `SignatureVersion` other than `1.0` (absent included). */
  | 'UnsupportedSignatureVersion'
  /** ACS3: the hash of the raw body bytes differs from the `x-acs-content-sha256` header. */
  | 'ContentSha256Mismatch'
  /** ACS3: a header listed in SignedHeaders is absent from the request (so the client's
   *  canonical request cannot be rebuilt). */
  | 'MissingParameter'
  /** The query string or form body has a malformed `%` escape or is not UTF-8. */
  | 'MalformedEncoding';

export class SignatureFormatError extends Error {
  override readonly name = 'SignatureFormatError';
  // Messages name the offending field only; they never carry a signature or string-to-sign.
  constructor(
    readonly code: SignatureFormatCode,
    message: string,
  ) {
    super(message);
  }
}
