import type { CoreSettings } from '../../core/context.js';
import { RAM_ACTION_REGISTRY, RAM_API_VERSION } from '../../ram/api/registry.js';
import type { ActionDefinition, ArnBuilder } from '../action.js';
import { ACTION_REGISTRY } from '../registry.js';
import { RpcError } from '../rpc-error.js';
import type { SignedRequest } from '../signature/index.js';

export const API_VERSION = '2021-05-15';

/**
 * The products this endpoint serves, told apart by the signed `Version` as Alibaba's gateway
 * does per endpoint: CloudSSO 2021-05-15 and the subset of RAM 2015-05-01 that manages the
 * RAM users, keys and policies governing it (docs/decisions/0007-ram-api-and-authorization.md).
 * Each product has its own RAM code and ARN form: RAM's resources are global (no region).
 */
export interface Product {
  readonly code: 'cloudsso' | 'ram';
  readonly version: string;
  readonly registry: ReadonlyMap<string, ActionDefinition<any, any>>;
  arn(settings: CoreSettings): ArnBuilder;
}

export const PRODUCTS: readonly Product[] = [
  {
    code: 'cloudsso',
    version: API_VERSION,
    registry: ACTION_REGISTRY,
    arn: (s) => (relative) => `acs:cloudsso:${s.regionId}:${s.accountId}:${relative}`,
  },
  { code: 'ram', version: RAM_API_VERSION, registry: RAM_ACTION_REGISTRY, arn: (s) => (relative) => `acs:ram::${s.accountId}:${relative}` },
];

export interface ResolvedAction {
  readonly product: Product;
  readonly action: ActionDefinition<any, any>;
}

/** Step 5: the API version (which product), then the action (both from the signed part of the request). */
export function resolveAction(signed: SignedRequest): ResolvedAction {
  if (!signed.version) throw new RpcError('MissingParameter.Version', 400, 'The input parameter "Version" is mandatory.');
  const product = PRODUCTS.find((p) => p.version === signed.version);
  if (!product) {
    throw new RpcError(
      'InvalidVersion',
      400,
      `Specified parameter Version is not valid: this server implements ${PRODUCTS.map((p) => `${p.version} (${p.code})`).join(' and ')}.`,
    );
  }
  if (!signed.action) throw new RpcError('MissingParameter.Action', 400, 'The input parameter "Action" is mandatory.');
  const action = product.registry.get(signed.action);
  if (!action) throw new RpcError('InvalidAction.NotFound', 404, `Specified api "${signed.action}" is not found, please check your url and method.`);
  return { product, action };
}
