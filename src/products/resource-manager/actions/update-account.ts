import { Type } from '@sinclair/typebox';
import { updateAccount } from '../../../core/resource-directory.js';
import { defineAction } from '../../../rpc/action.js';
import { AccountIdParam, AccountSchema, caller, toWireAccount } from '../wire.js';

export default defineAction({
  name: 'UpdateAccount',
  params: Type.Object({
    AccountId: AccountIdParam,
    NewDisplayName: Type.Optional(Type.String({ maxLength: 128 })),
    NewAccountType: Type.Optional(Type.String({ maxLength: 32 })),
  }),
  response: Type.Object({ Account: AccountSchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`account/${p.AccountId}`)] },
  async handler(ctx, p) {
    const account = await updateAccount(ctx.core, caller(ctx), p.AccountId, { displayName: p.NewDisplayName, accountType: p.NewAccountType });
    return { Account: toWireAccount(account) };
  },
});
