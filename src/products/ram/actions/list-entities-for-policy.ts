import { Type } from '@sinclair/typebox';
import { listEntitiesForPolicy as listEntities } from '../../../core/ram/policies.js';
import { defineAction } from '../../../rpc/action.js';
import { customOnly, PolicyNameParam, PolicyTypeParam, ramTime } from '../wire.js';

export default defineAction({
  name: 'ListEntitiesForPolicy',
  params: Type.Object({ PolicyName: PolicyNameParam, PolicyType: PolicyTypeParam }),
  response: Type.Object({
    Users: Type.Object({
      User: Type.Array(Type.Object({ UserId: Type.String(), UserName: Type.String(), DisplayName: Type.Optional(Type.String()), AttachDate: Type.String() })),
    }),
    Groups: Type.Object({ Group: Type.Array(Type.Object({ GroupName: Type.String(), AttachDate: Type.String() })) }),
    Roles: Type.Object({ Role: Type.Array(Type.Object({})) }),
  }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    customOnly(p.PolicyName, p.PolicyType);
    const { users, groups } = await listEntities(ctx.core, p.PolicyName);
    return {
      Users: {
        User: users.map((u) => ({ UserId: u.id, UserName: u.name, ...(u.displayName ? { DisplayName: u.displayName } : {}), AttachDate: ramTime(u.attachTime) })),
      },
      Groups: { Group: groups.map((g) => ({ GroupName: g.name, AttachDate: ramTime(g.attachTime) })) },
      Roles: { Role: [] },
    };
  },
});
