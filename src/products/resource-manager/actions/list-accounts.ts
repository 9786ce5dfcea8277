import { Type } from '@sinclair/typebox';
import { listAccounts } from '../../../core/resource-directory.js';
import { defineAction } from '../../../rpc/action.js';
import { AccountSchema, caller, toWireAccount } from '../wire.js';

/** PageNumber from 1, PageSize 1 to 100 (default 10), as ResourceManager pages. */
export default defineAction({
  name: 'ListAccounts',
  params: Type.Object({
    PageNumber: Type.Optional(Type.Integer({ minimum: 1 })),
    PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    IncludeTags: Type.Optional(Type.Boolean()),
  }),
  response: Type.Object({
    TotalCount: Type.Integer(),
    PageNumber: Type.Integer(),
    PageSize: Type.Integer(),
    Accounts: Type.Object({ Account: Type.Array(AccountSchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('account/*')] },
  async handler(ctx, p) {
    const pageNumber = p.PageNumber ?? 1;
    const pageSize = p.PageSize ?? 10;
    const { accounts, totalCount } = await listAccounts(ctx.core, caller(ctx), pageNumber, pageSize);
    return {
      TotalCount: totalCount,
      PageNumber: pageNumber,
      PageSize: pageSize,
      Accounts: { Account: accounts.map((a) => toWireAccount(a, { name: false, path: true })) },
    };
  },
});
