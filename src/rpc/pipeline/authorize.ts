import type { CoreContext } from '../../core/context.js';
import { policiesForRamUser, policiesForRole, sessionPolicy } from '../../core/ram/authorization.js';
import { accessDenied } from '../authorization/access-denied.js';
import { evaluate, type Decision } from '../../policy/index.js';
import type { AccessLevel } from '../action.js';
import type { Principal } from '../principal.js';
import { EDGE_ERRORS, edgeErrorWith } from '../edge-errors.js';

export interface AuthorizationInput {
  readonly principal: Principal;
  /** `<ram-code>:<Action>`: `cloudsso:UpdateSCIMServerCredentialStatus`, `ram:CreateUser` */
  readonly action: string;
  readonly accessLevel: AccessLevel;
  readonly resources: readonly string[];
  /** Condition keys of this request (`acs:SourceIp`, `acs:CurrentTime`, ...). */
  readonly context: Readonly<Record<string, string | undefined>>;
}

/** Step 7: may this principal call this action on these resources? Throws an RpcError (403) if not. */
export type Authorizer = (core: CoreContext, input: AuthorizationInput) => Promise<void>;

/** The code of every authorization failure (docs/errors.md#nopermission), as RAM itself returns. */
export const NO_PERMISSION = EDGE_ERRORS.NoPermission.code;

/**
 * RAM semantics: the root key may do everything in its account; a RAM user may do what the
 * policies (Custom and System) attached to it and to its groups allow (src/policy/evaluate.ts: an
 * explicit Deny wins, no Allow is a deny); an STS session what its role's policies allow and, if
 * AssumeRole was given a session Policy, what that policy allows too. Policies are read from the
 * store on every request, so a detach or a membership change holds from the next call on, on every
 * node.
 */
export const ramAuthorizer: Authorizer = async (core, input) => {
  const { principal } = input;
  if (principal.type === 'root') return;
  const request = { action: input.action, resources: input.resources, context: input.context };
  let decision: Decision;
  if (principal.type === 'ram-user') {
    decision = evaluate(await policiesForRamUser(core, principal.userId), request);
  } else {
    decision = evaluate(await policiesForRole(core, principal.roleId), request);
    if (decision.effect === 'Allow' && principal.sessionPolicy !== null) decision = evaluate([sessionPolicy(principal.sessionPolicy)], request);
  }
  if (decision.effect === 'Allow') return;
  const { message, detail } = accessDenied(
    {
      action: input.action,
      resources: input.resources,
      accountId: principal.accountId,
      user:
        principal.type === 'ram-user'
          ? { id: principal.userId, name: principal.userName }
          : { id: `${principal.roleId}:${principal.sessionName}`, name: `${principal.roleName}/${principal.sessionName}` },
      principalType: principal.type === 'ram-user' ? 'SubUser' : 'AssumedRoleUser',
      accessKeyId: principal.accessKeyId,
      context: input.context,
    },
    decision,
  );
  throw edgeErrorWith('NoPermission', { extra: { AccessDeniedDetail: detail } }, message);
};
