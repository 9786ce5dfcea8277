import type { ActionContext } from '../../rpc/action.js';
import type { RamProvenance } from '../../core/ram/common.js';

/** Who made a RAM API write, for the audit trail. */
export const by = (ctx: ActionContext): RamProvenance => ({
  actor: ctx.actor,
  requestId: ctx.requestId,
  ...(ctx.request ? { request: ctx.request } : {}),
});
