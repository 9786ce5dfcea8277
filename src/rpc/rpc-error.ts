/**
 * An error that is already in the management API's vocabulary: an Alibaba error code, its HTTP
 * status and a message. Edge steps (signature, parameters, authorization) throw it directly;
 * domain errors reach the wire through error-map.ts.
 */
export class RpcError extends Error {
  override readonly name = 'RpcError';
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    /** Extra top-level envelope fields, e.g. `AccessDeniedDetail`. */
    readonly extra: Readonly<Record<string, unknown>> = {},
    /** Response headers, e.g. `x-acs-retry-after` of a throttling error. */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}
