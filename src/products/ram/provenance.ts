import type { ActionContext } from '../../rpc/action.js';
import { inAccount, type RamProvenance, type RamScope } from '../../core/ram/common.js';

/** Who made a RAM API write, for the audit trail. */
export const by = (ctx: ActionContext): RamProvenance => ({
  actor: ctx.actor,
  requestId: ctx.requestId,
  ...(ctx.request ? { request: ctx.request } : {}),
});

/** The core in the caller's account: the RAM API acts in the account of whoever signed. */
export const scope = (ctx: ActionContext): RamScope => inAccount(ctx.core, ctx.principal.accountId);
