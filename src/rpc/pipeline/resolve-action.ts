import type { ActionDefinition } from '../action.js';
import { ACTION_REGISTRY } from '../registry.js';
import { RpcError } from '../rpc-error.js';
import type { SignedRequest } from '../signature/index.js';

export const API_VERSION = '2021-05-15';

/** Step 5: the API version, then the action (both from the signed part of the request). */
export function resolveAction(signed: SignedRequest): ActionDefinition<any, any> {
  if (!signed.version) throw new RpcError('MissingParameter.Version', 400, 'The input parameter "Version" is mandatory.');
  if (signed.version !== API_VERSION) {
    throw new RpcError('InvalidVersion', 400, `Specified parameter Version is not valid: this server implements ${API_VERSION}.`);
  }
  if (!signed.action) throw new RpcError('MissingParameter.Action', 400, 'The input parameter "Action" is mandatory.');
  const action = ACTION_REGISTRY.get(signed.action);
  if (!action) throw new RpcError('InvalidAction.NotFound', 404, `Specified api "${signed.action}" is not found, please check your url and method.`);
  return action;
}
