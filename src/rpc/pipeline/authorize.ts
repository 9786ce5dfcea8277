import type { CoreContext } from '../../core/context.js';
import type { AccessLevel } from '../action.js';
import type { Principal } from '../principal.js';

export interface AuthorizationInput {
  readonly principal: Principal;
  /** `cloudsso:<Action>` */
  readonly action: string;
  readonly accessLevel: AccessLevel;
  readonly resources: readonly string[];
  /** Condition keys of this request (`acs:SourceIp`, `acs:CurrentTime`, ...). */
  readonly context: Readonly<Record<string, string | undefined>>;
}

/** Step 7: may this principal call this action on these resources? Throws an RpcError (403) if not. */
export type Authorizer = (core: CoreContext, input: AuthorizationInput) => Promise<void>;

/** The account's root key may do everything, as in Alibaba Cloud. */
export const rootOnlyAuthorizer: Authorizer = async (_core, input) => {
  if (input.principal.type === 'root') return;
  throw new Error('RAM users are not supported by this authorizer.');
};
