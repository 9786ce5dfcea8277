import { Type } from '@sinclair/typebox';
import { getDelegateAccount } from '../../../core/service.js';
import { defineAction } from '../../../rpc/action.js';
import { AccountIdParam } from '../wire.js';

/**
 * `DelegateAccount: { AccountId, DelegateStatus }` (cloudsso-access.md §8.2; its other fields are
 * unconfirmed, docs/decisions/0152). A member account never delegated reads `Disabled`.
 */
export default defineAction({
  name: 'GetDelegateAccount',
  params: Type.Object({ AccountId: AccountIdParam }),
  response: Type.Object({ DelegateAccount: Type.Object({ AccountId: Type.String(), DelegateStatus: Type.String() }) }),
  ram: { accessLevel: 'get', resources: (_p, arn) => [arn('*')] },
  async handler(ctx, p) {
    const d = await getDelegateAccount(ctx.core, ctx.principal.accountId, p.AccountId);
    return { DelegateAccount: { AccountId: d.accountId, DelegateStatus: d.status } };
  },
});
