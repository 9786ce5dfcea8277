import { Type } from '@sinclair/typebox';
import { deleteAccount } from '../../../core/resource-directory.js';
import { defineAction } from '../../../rpc/action.js';
import { AccountIdParam, caller } from '../wire.js';

/** Deletion is immediate here (Alibaba's `direct` deletion type, without the silent period). */
export default defineAction({
  name: 'DeleteAccount',
  params: Type.Object({ AccountId: AccountIdParam, AbandonableCheckId: Type.Optional(Type.Array(Type.String())) }),
  response: Type.Object({ DeletionType: Type.String() }),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`account/${p.AccountId}`)] },
  async handler(ctx, p) {
    await deleteAccount(ctx.core, caller(ctx), p.AccountId);
    return { DeletionType: 'direct' };
  },
});
