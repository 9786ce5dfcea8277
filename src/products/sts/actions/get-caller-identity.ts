import { Type } from '@sinclair/typebox';
import { defineAction } from '../../../rpc/action.js';
import { identityOf } from '../identity.js';

export default defineAction({
  name: 'GetCallerIdentity',
  params: Type.Object({}),
  response: Type.Object({
    AccountId: Type.String(),
    Arn: Type.String(),
    IdentityType: Type.String(),
    PrincipalId: Type.String(),
    UserId: Type.Optional(Type.String()),
    RoleId: Type.Optional(Type.String()),
  }),
  ram: { accessLevel: 'get', resources: (_p, arn) => [arn('*')], alwaysAllowed: true },
  async handler(ctx) {
    const id = identityOf(ctx.principal);
    const p = ctx.principal;
    return {
      AccountId: id.accountId,
      Arn: id.arn,
      IdentityType: id.type,
      PrincipalId: id.principalId,
      ...(p.type === 'ram-user' ? { UserId: p.userId } : p.type === 'root' ? { UserId: p.accountId } : { RoleId: p.roleId }),
    };
  },
});
