import { Type } from '@sinclair/typebox';
import { listRamGroupsForUser } from '../../../core/ram/groups.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { UserNameParam } from '../wire.js';

export default defineAction({
  name: 'ListGroupsForUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({ Groups: Type.Object({ Group: Type.Array(Type.Object({ GroupId: Type.String(), GroupName: Type.String() })) }) }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    const groups = await listRamGroupsForUser(scope(ctx), p.UserName);
    return { Groups: { Group: groups.map((g) => ({ GroupId: g.id, GroupName: g.name })) } };
  },
});
