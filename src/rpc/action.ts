import type { Static, TObject } from '@sinclair/typebox';
import type { CoreContext } from '../core/context.js';
import type { Actor } from '../core/model.js';
import type { AuditRequest } from '../core/ports/store.js';
import type { RamScope } from '../core/ram/common.js';
import type { Principal } from './principal.js';

export type AccessLevel = 'create' | 'get' | 'list' | 'update' | 'delete';

/** Builds `acs:cloudsso:{region}:{account}:{relative}` ARNs for this deployment. */
export type ArnBuilder = (relative: string) => string;

export interface ActionContext {
  readonly core: CoreContext;
  readonly principal: Principal;
  readonly actor: Actor;
  readonly requestId: string;
  /**
   * Where this server is reached from outside, for URLs a response carries (the SAML SP entity ID
   * and ACS URL): the configured public URL, else the scheme and host the request came to.
   */
  readonly baseUrl: string;
  /** The call as the audit trail records it (source IP, parameters without secrets, ...). */
  readonly request?: AuditRequest;
}

/**
 * One management API action as data: wire name, parameter schema, RAM action and resources,
 * response schema, and a handler that calls the core. Adding an action is adding a file and a
 * registry line (STYLE habit 2).
 */
export interface ActionDefinition<P extends TObject = TObject, R extends TObject = TObject> {
  readonly name: string;
  readonly params: P;
  readonly response: R;
  readonly ram: {
    readonly accessLevel: AccessLevel;
    /**
     * The ARNs the call acts on (RAM authorization table of each API), built from the canonical
     * stored identity of what the parameters name, never from their raw spelling: a name the
     * store finds case- or width-insensitively must be resolved through the core first (with
     * `core`, which sees the caller's account), or a Deny written for `user/admin` would miss
     * `UserName=ADMIN` (docs/decisions/0040-canonical-resource-arns.md).
     */
    readonly resources: (p: Static<P>, arn: ArnBuilder, core: RamScope) => readonly string[] | Promise<readonly string[]>;
    /** Every authenticated caller may call it, with no policy (STS GetCallerIdentity). */
    readonly alwaysAllowed?: boolean;
  };
  handler(ctx: ActionContext, p: Static<P>): Promise<Static<R>>;
}

export function defineAction<P extends TObject, R extends TObject>(def: ActionDefinition<P, R>): ActionDefinition<P, R> {
  return def;
}

/**
 * An action in a registry, whatever its parameter and response types. A registry holds actions
 * of many shapes, and the edge only ever hands an action the parameters its own schema parsed, so
 * the types are erased here and nowhere else.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- type erasure of a registry of many action shapes (see above)
export type RegisteredAction = ActionDefinition<any, any>;
