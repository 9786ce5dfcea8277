import type { Provenance } from '../../core/provenance.js';
import type { ActionContext } from '../../rpc/action.js';

/** Management API writes: bound by CloudSSO's rules for SCIM-synchronized entities, audited by key. */
export const viaManagement = (ctx: ActionContext): Provenance => ({
  via: 'management',
  actor: ctx.actor,
  requestId: ctx.requestId,
  ...(ctx.request ? { request: ctx.request } : {}),
});
