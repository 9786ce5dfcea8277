import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import type { RegisteredAction } from './action.js';
import { edgeError } from './edge-errors.js';
import type { Product } from './product.js';
import type { RpcError } from './rpc-error.js';

export interface ResponseMismatch {
  /** `InternalError` (500) whose message says where and why: the test that made the call fails on it. */
  readonly error: RpcError;
  /** `<path>: <what the schema expects> (got <value>)`, at most ten. */
  readonly errors: readonly string[];
}

/**
 * Checks a response, already stripped to its action's schema (Value.Clean), against that schema:
 * a handler whose output its schema does not describe (a missing field, a number for a string)
 * is caught where it is made instead of reaching a client. Enabled by the test harness
 * (`checkResponses`, docs/decisions/0080-response-schema-checks.md); in production the response is
 * only stripped.
 */
export function responseChecker(products: readonly Product[]): (product: Product, action: RegisteredAction, body: unknown) => ResponseMismatch | undefined {
  const checks = new Map<RegisteredAction, TypeCheck<TSchema>>();
  for (const p of products) for (const a of p.actions.values()) checks.set(a, TypeCompiler.Compile(a.response));
  return (product, action, body) => {
    const check = checks.get(action) ?? TypeCompiler.Compile(action.response);
    if (check.Check(body)) return undefined;
    const errors = [...check.Errors(body)].slice(0, 10).map((e) => `${e.path || '/'}: ${e.message} (got ${JSON.stringify(e.value)?.slice(0, 80)})`);
    const error = edgeError('ResponseMismatch', `The response of ${product.code}:${action.name} does not match its schema: ${errors.join('; ')}`);
    return { error, errors };
  };
}
