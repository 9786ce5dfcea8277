import { Type } from '@sinclair/typebox';
import { listEntitiesForPolicy as listEntities, policyKind } from '../../../core/ram/policies.js';
import { roleArn } from '../../../core/ram/roles.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { PolicyNameParam, PolicyTypeParam, ramTime } from '../wire.js';

export default defineAction({
  name: 'ListEntitiesForPolicy',
  params: Type.Object({ PolicyName: PolicyNameParam, PolicyType: PolicyTypeParam }),
  response: Type.Object({
    Users: Type.Object({
      User: Type.Array(Type.Object({ UserId: Type.String(), UserName: Type.String(), DisplayName: Type.Optional(Type.String()), AttachDate: Type.String() })),
    }),
    Groups: Type.Object({ Group: Type.Array(Type.Object({ GroupName: Type.String(), AttachDate: Type.String() })) }),
    Roles: Type.Object({
      Role: Type.Array(
        Type.Object({
          RoleId: Type.String(),
          RoleName: Type.String(),
          Arn: Type.String(),
          Description: Type.Optional(Type.String()),
          AttachDate: Type.String(),
        }),
      ),
    }),
  }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    const { users, groups, roles } = await listEntities(scope(ctx), p.PolicyName, policyKind(p.PolicyName, p.PolicyType));
    return {
      Users: {
        User: users.map((u) => ({ UserId: u.id, UserName: u.name, ...(u.displayName ? { DisplayName: u.displayName } : {}), AttachDate: ramTime(u.attachTime) })),
      },
      Groups: { Group: groups.map((g) => ({ GroupName: g.name, AttachDate: ramTime(g.attachTime) })) },
      Roles: {
        Role: roles.map((r) => ({
          RoleId: r.id,
          RoleName: r.name,
          Arn: roleArn(r.accountId, r.name),
          ...(r.description ? { Description: r.description } : {}),
          AttachDate: ramTime(r.attachTime),
        })),
      },
    };
  },
});
