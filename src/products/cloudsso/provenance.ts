import type { Provenance } from '../../core/provenance.js';
import type { ServiceCaller } from '../../core/service.js';
import type { ActionContext } from '../../rpc/action.js';

/** Management API writes: bound by CloudSSO's rules for SCIM-synchronized entities, audited by key. */
export const viaManagement = (ctx: ActionContext): Provenance => ({
  via: 'management',
  actor: ctx.actor,
  requestId: ctx.requestId,
  ...(ctx.request ? { request: ctx.request } : {}),
});

/** Service-level writes (EnableService, delegated administrators): audited like any write, in the caller's account. */
export const serviceCaller = (ctx: ActionContext): ServiceCaller => ({ ...viaManagement(ctx), accountId: ctx.principal.accountId });
