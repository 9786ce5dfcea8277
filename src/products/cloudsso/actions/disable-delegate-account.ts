import { Type } from '@sinclair/typebox';
import { disableDelegateAccount } from '../../../core/service.js';
import { defineAction } from '../../../rpc/action.js';
import { serviceCaller } from '../provenance.js';
import { AccountIdParam } from '../wire.js';

/** Revokes a delegated administrator (cloudsso-access.md §8.2); RAM: update, all resources. */
export default defineAction({
  name: 'DisableDelegateAccount',
  params: Type.Object({ AccountId: AccountIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (_p, arn) => [arn('*')] },
  async handler(ctx, p) {
    await disableDelegateAccount(ctx.core, serviceCaller(ctx), p.AccountId);
    return {};
  },
});
