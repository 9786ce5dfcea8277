import type { RegisteredAction } from '../action.js';
import type { Product } from '../product.js';
import { RpcError } from '../rpc-error.js';
import type { SignedRequest } from '../signature/index.js';

export interface ResolvedAction {
  readonly product: Product;
  readonly action: RegisteredAction;
}

/**
 * Step 5: the API version (which product), then the action, both from the signed part of the
 * request. One endpoint serves every product, told apart by `Version` (docs/decisions/0007).
 */
export function resolveAction(products: readonly Product[], signed: SignedRequest): ResolvedAction {
  if (!signed.version) throw new RpcError('MissingParameter.Version', 400, 'The input parameter "Version" is mandatory.');
  const product = products.find((p) => p.version === signed.version);
  if (!product) {
    throw new RpcError(
      'InvalidVersion',
      400,
      `Specified parameter Version is not valid: this server implements ${products.map((p) => `${p.version} (${p.code})`).join(' and ')}.`,
    );
  }
  if (!signed.action) throw new RpcError('MissingParameter.Action', 400, 'The input parameter "Action" is mandatory.');
  const action = product.actions.get(signed.action);
  if (!action) throw new RpcError('InvalidAction.NotFound', 404, `Specified api "${signed.action}" is not found, please check your url and method.`);
  return { product, action };
}
