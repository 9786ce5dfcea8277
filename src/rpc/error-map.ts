import type { DomainError, DomainErrorCode } from '../core/errors.js';
import { RpcError } from './rpc-error.js';

/**
 * How a product writes a domain error on the wire: an Alibaba error code (or, for
 * `InvalidParameter.*`-style codes, a function of the error's `field`) and an HTTP status.
 */
export interface ErrorWire {
  readonly code: string | ((field: string) => string);
  readonly status: number;
  /**
   * For a code built from `field`: the values `field` takes, so that docs/errors.md can be checked
   * code by code. Absent: `field` is a parameter name (an `InvalidParameter.<Name>` family).
   */
  readonly fields?: readonly string[];
}

/**
 * A product's whole error vocabulary. Exhaustive by type: a new domain code does not compile
 * until every product has decided what it means on its wire (STYLE habit 1).
 */
export type ErrorTable = Readonly<Record<DomainErrorCode, ErrorWire>>;

export function toRpcError(table: ErrorTable, err: DomainError): RpcError {
  const wire = table[err.code];
  const code = typeof wire.code === 'function' ? wire.code(err.details.field ?? 'Unknown') : wire.code;
  return new RpcError(code, wire.status, err.message);
}
