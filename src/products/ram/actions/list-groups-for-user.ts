import { Type } from '@sinclair/typebox';
import { listRamGroupsForUser } from '../../../core/ram/groups.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { ramTime, UserNameParam } from '../wire.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'ListGroupsForUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({
    Groups: Type.Object({
      Group: Type.Array(Type.Object({ GroupId: Type.String(), GroupName: Type.String(), Comments: Type.Optional(Type.String()), JoinDate: Type.Optional(Type.String()) })),
    }),
  }),
  ram: { accessLevel: 'list', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    const groups = await listRamGroupsForUser(scope(ctx), p.UserName);
    return {
      Groups: {
        Group: groups.map((g) => ({
          GroupId: g.id,
          GroupName: g.name,
          ...(g.comments ? { Comments: g.comments } : {}),
          ...(g.joinTime !== null ? { JoinDate: ramTime(g.joinTime) } : {}),
        })),
      },
    };
  },
});
