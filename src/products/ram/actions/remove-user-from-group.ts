import { Type } from '@sinclair/typebox';
import { removeRamUserFromGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { GroupNameParam, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { groupArn, userArn } from '../resources.js';

export default defineAction({
  name: 'RemoveUserFromGroup',
  params: Type.Object({ GroupName: GroupNameParam, UserName: UserNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: async (p, arn, core) => [await groupArn(core, arn, p.GroupName), await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    await removeRamUserFromGroup(scope(ctx), p.GroupName, p.UserName, by(ctx));
    return {};
  },
});
