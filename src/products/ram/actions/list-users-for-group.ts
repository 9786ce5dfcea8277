import { Type } from '@sinclair/typebox';
import { listRamUsersForGroup } from '../../../core/ram/groups.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { GroupNameParam, MarkerParam, MaxItemsParam, ramTime } from '../wire.js';
import { groupArn } from '../resources.js';

export default defineAction({
  name: 'ListUsersForGroup',
  params: Type.Object({ GroupName: GroupNameParam, Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Users: Type.Object({
      User: Type.Array(Type.Object({ UserName: Type.String(), DisplayName: Type.Optional(Type.String()), JoinDate: Type.Optional(Type.String()) })),
    }),
  }),
  ram: { accessLevel: 'list', resources: async (p, arn, core) => [await groupArn(core, arn, p.GroupName)] },
  async handler(ctx, p) {
    // Group membership here is small (RAM caps it); the whole list is one page.
    const users = await listRamUsersForGroup(scope(ctx), p.GroupName);
    return {
      IsTruncated: false,
      Users: {
        User: users.map((u) => ({
          UserName: u.name,
          ...(u.displayName ? { DisplayName: u.displayName } : {}),
          ...(u.joinTime !== null ? { JoinDate: ramTime(u.joinTime) } : {}),
        })),
      },
    };
  },
});
