import { Type } from '@sinclair/typebox';
import { getAccount } from '../../../core/resource-directory.js';
import { defineAction } from '../../../rpc/action.js';
import { AccountIdParam, AccountSchema, caller, toWireAccount } from '../wire.js';

export default defineAction({
  name: 'GetAccount',
  params: Type.Object({ AccountId: AccountIdParam, IncludeTags: Type.Optional(Type.Boolean()) }),
  response: Type.Object({ Account: AccountSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`account/${p.AccountId}`)] },
  async handler(ctx, p) {
    return { Account: toWireAccount(await getAccount(ctx.core, caller(ctx), p.AccountId), { path: true }) };
  },
});
