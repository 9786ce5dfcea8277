import { Type } from '@sinclair/typebox';
import { createResourceAccount } from '../../../core/resource-directory.js';
import { defineAction } from '../../../rpc/action.js';
import { AccountSchema, caller, toWireAccount } from '../wire.js';

export default defineAction({
  name: 'CreateResourceAccount',
  params: Type.Object({
    DisplayName: Type.String({ minLength: 1, maxLength: 128 }),
    AccountNamePrefix: Type.Optional(Type.String({ maxLength: 128 })),
    ParentFolderId: Type.Optional(Type.String({ maxLength: 64 })),
    PayerAccountId: Type.Optional(Type.String({ maxLength: 64 })),
    ResellAccountType: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  response: Type.Object({ Account: AccountSchema }),
  ram: { accessLevel: 'create', resources: (_p, arn) => [arn('account/*')] },
  async handler(ctx, p) {
    const account = await createResourceAccount(ctx.core, caller(ctx), {
      displayName: p.DisplayName,
      accountNamePrefix: p.AccountNamePrefix,
      parentFolderId: p.ParentFolderId,
    });
    return { Account: toWireAccount(account) };
  },
});
