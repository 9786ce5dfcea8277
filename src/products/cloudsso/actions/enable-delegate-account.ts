import { Type } from '@sinclair/typebox';
import { enableDelegateAccount } from '../../../core/service.js';
import { defineAction } from '../../../rpc/action.js';
import { serviceCaller } from '../provenance.js';
import { AccountIdParam } from '../wire.js';

/**
 * Makes a member account of the Resource Directory CloudSSO's delegated administrator
 * (cloudsso-access.md §8.2); RAM: update, all resources. Stored only (docs/decisions/0152).
 */
export default defineAction({
  name: 'EnableDelegateAccount',
  params: Type.Object({ AccountId: AccountIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (_p, arn) => [arn('*')] },
  async handler(ctx, p) {
    await enableDelegateAccount(ctx.core, serviceCaller(ctx), p.AccountId);
    return {};
  },
});
