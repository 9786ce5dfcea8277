import type { RegisteredAction } from '../action.js';
import type { Product } from '../product.js';
import { edgeError } from '../edge-errors.js';
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
  if (!signed.version) throw edgeError('MissingVersion');
  const product = products.find((p) => p.version === signed.version);
  if (!product) {
    throw edgeError('InvalidVersion', products.map((p) => `${p.version} (${p.code})`).join(' and '));
  }
  if (!signed.action) throw edgeError('MissingAction');
  const action = product.actions.get(signed.action);
  if (!action) throw edgeError('ActionNotFound', signed.action);
  return { product, action };
}
