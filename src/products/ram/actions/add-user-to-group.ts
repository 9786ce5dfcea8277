import { Type } from '@sinclair/typebox';
import { addRamUserToGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { GroupNameParam, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'AddUserToGroup',
  params: Type.Object({ GroupName: GroupNameParam, UserName: UserNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`group/${p.GroupName}`), arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await addRamUserToGroup(scope(ctx), p.GroupName, p.UserName, by(ctx));
    return {};
  },
});
