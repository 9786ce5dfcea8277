import { Type } from '@sinclair/typebox';
import { deleteRamGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { GroupNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { groupArn } from '../resources.js';

export default defineAction({
  name: 'DeleteGroup',
  params: Type.Object({ GroupName: GroupNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: async (p, arn, core) => [await groupArn(core, arn, p.GroupName)] },
  async handler(ctx, p) {
    await deleteRamGroup(scope(ctx), p.GroupName, by(ctx));
    return {};
  },
});
