import { RpcError } from './rpc-error.js';

/**
 * The error codes the RPC edge raises itself (signature, request, parameters, authorization, the
 * framework's refusals), in one table: its code, HTTP status and message. Throw sites name an entry
 * by key (`edgeError('AccessKeyNotFound')`); domain errors reach the wire through the products'
 * own tables (rpc/error-map.ts). `test/unit/rpc/error-catalogue.test.ts` checks docs/errors.md
 * against this table and every product's.
 *
 * A code with `<Name>` is a family: the parameter's wire name takes its place.
 */
export interface EdgeErrorEntry {
  readonly code: string;
  readonly status: number;
  /** `4xx`: the status comes from the HTTP framework's refusal (documented as such). */
  readonly statusRange?: '4xx';
  readonly message: (...args: never) => string;
}

const detail = (text: string) => text;
const NOT_FOUND_API = () => 'Specified api is not found, please check your url and method.';

export const EDGE_ERRORS = {
  // Parsing the signed request (rpc/signature/).
  IncompleteSignature: { code: 'IncompleteSignature', status: 400, message: detail },
  MissingAccessKeyId: { code: 'MissingParameter.AccessKeyId', status: 400, message: detail },
  MissingTimestamp: { code: 'MissingParameter.Timestamp', status: 400, message: detail },
  MissingSignatureNonce: { code: 'MissingParameter.SignatureNonce', status: 400, message: detail },
  UnsupportedSignatureMethod: { code: 'InvalidParameter.SignatureMethod', status: 400, message: detail },
  MalformedEncoding: { code: 'InvalidParameter.Encoding', status: 400, message: detail },
  ContentSha256Mismatch: {
    code: 'SignatureDoesNotMatch',
    status: 400,
    message: () => 'The x-acs-content-sha256 header does not match the SHA-256 of the request body.',
  },
  // Authentication (rpc/pipeline/authenticate.ts), in the order the checks run.
  TimestampFormat: { code: 'InvalidTimeStamp.Format', status: 400, message: () => 'Specified time stamp or date value is not well formatted.' },
  AccessKeyNotFound: { code: 'InvalidAccessKeyId.NotFound', status: 404, message: () => 'Specified access key is not found.' },
  /** Never says what was expected: the string-to-sign would help forge the next attempt. */
  SignatureDoesNotMatch: {
    code: 'SignatureDoesNotMatch',
    status: 400,
    message: () => 'Specified signature is not matched with our calculation. Check the AccessKey secret and the signing method.',
  },
  SecurityTokenMismatch: {
    code: 'InvalidSecurityToken.MismatchWithAccessKey',
    status: 400,
    message: () => 'The security token does not belong to the STS AccessKey; send the SecurityToken AssumeRole returned with it.',
  },
  SecurityTokenWithPermanentKey: {
    code: 'InvalidSecurityToken.MismatchWithAccessKey',
    status: 400,
    message: () => 'A SecurityToken was sent with a permanent AccessKey; only STS AccessKeys (STS.*) take one.',
  },
  SecurityTokenExpired: { code: 'InvalidSecurityToken.Expired', status: 400, message: () => 'Specified SecurityToken is expired; call AssumeRole again.' },
  AccessKeyInactive: { code: 'InvalidAccessKeyId.Inactive', status: 400, message: () => 'Specified access key is disabled.' },
  TimestampExpired: {
    code: 'InvalidTimeStamp.Expired',
    status: 400,
    message: () => 'Specified time stamp or date value is expired (more than 15 minutes from the server clock).',
  },
  NonceUsed: { code: 'SignatureNonceUsed', status: 400, message: () => 'Specified signature nonce was used already.' },
  /** HTTP 400 as Alibaba's gateway answers flow control (docs/decisions/0042). */
  Throttled: {
    code: 'Throttling.User',
    status: 400,
    message: (seconds: number) =>
      `Request was denied due to user flow control: too many failed authentications from this address or for this AccessKey. Retry after ${seconds} seconds.`,
  },
  // Resolving the action (rpc/pipeline/resolve-action.ts).
  MissingVersion: { code: 'MissingParameter.Version', status: 400, message: () => 'The input parameter "Version" is mandatory.' },
  InvalidVersion: {
    code: 'InvalidVersion',
    status: 400,
    message: (served: string) => `Specified parameter Version is not valid: this server implements ${served}.`,
  },
  MissingAction: { code: 'MissingParameter.Action', status: 400, message: () => 'The input parameter "Action" is mandatory.' },
  ActionNotFound: {
    code: 'InvalidAction.NotFound',
    status: 404,
    message: (action: string) => `Specified api "${action}" is not found, please check your url and method.`,
  },
  // Parameters (rpc/params.ts and the actions' own checks).
  MissingParameter: {
    code: 'MissingParameter.<Name>',
    status: 400,
    message: (name: string) => `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  },
  InvalidParameter: {
    code: 'InvalidParameter.<Name>',
    status: 400,
    message: (name: string, why: string) => `The specified value of parameter "${name}" is not valid: ${why}.`,
  },
  TooManyParameters: {
    code: 'InvalidParameter.TooManyParameters',
    status: 400,
    message: (max: number) =>
      `The request carries more than ${max} parameters (query string and form body together), the most this server accepts.`,
  },
  // Authorization (rpc/pipeline/authorize.ts; the message is the 403 diagnostic's).
  NoPermission: { code: 'NoPermission', status: 403, message: detail },
  // HTTP: the path, the body, the framework's refusals (rpc/plugin.ts, app.ts).
  ApiNotFound: { code: 'InvalidApi.NotFound', status: 404, message: NOT_FOUND_API },
  MalformedPath: { code: 'BadRequest', status: 400, message: () => 'The request path is not a valid URL.' },
  BodyTooLarge: { code: 'InvalidParameter.Body', status: 413, message: detail },
  BadRequest: { code: 'BadRequest', status: 400, statusRange: '4xx', message: detail },
  InternalError: {
    code: 'InternalError',
    status: 500,
    message: () => 'The request processing has failed due to some unknown error, exception or failure.',
  },
  /** Only with checkResponses (tests, docs/decisions/0080): the message says where the response breaks its schema. */
  ResponseMismatch: { code: 'InternalError', status: 500, message: detail },
} as const satisfies Record<string, EdgeErrorEntry>;

export type EdgeErrorKey = keyof typeof EDGE_ERRORS;
type MessageArgs<K extends EdgeErrorKey> = Parameters<(typeof EDGE_ERRORS)[K]['message']>;

/** Envelope extras of an edge error: top-level fields (`AccessDeniedDetail`), response headers, a framework status. */
export interface EdgeErrorOptions {
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly headers?: Readonly<Record<string, string>>;
  /** Only for an entry with a `statusRange`: the status within it. */
  readonly status?: number;
  /** Only for a `<Name>` family: the name. */
  readonly name?: string;
}

/** The RpcError of a table entry, its message built from the entry's template. */
export function edgeError<K extends EdgeErrorKey>(key: K, ...args: MessageArgs<K>): RpcError {
  return edgeErrorWith(key, {}, ...args);
}

export function edgeErrorWith<K extends EdgeErrorKey>(key: K, options: EdgeErrorOptions, ...args: MessageArgs<K>): RpcError {
  const entry: EdgeErrorEntry = EDGE_ERRORS[key];
  const message = (entry.message as (...a: MessageArgs<K>) => string)(...args);
  let code = entry.code;
  if (code.endsWith('.<Name>')) {
    if (options.name === undefined) throw new TypeError(`edge error ${key} needs a name`);
    code = code.replace('<Name>', options.name);
  }
  let status = entry.status;
  if (options.status !== undefined) {
    if (entry.statusRange !== '4xx' || options.status < 400 || options.status > 499) throw new TypeError(`edge error ${key} has a fixed status`);
    status = options.status;
  }
  return new RpcError(code, status, message, options.extra, options.headers);
}

export const missingParameter = (name: string) => edgeErrorWith('MissingParameter', { name }, name);

export const invalidParameter = (name: string, why: string) => edgeErrorWith('InvalidParameter', { name }, name, why);
