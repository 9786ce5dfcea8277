import { Type } from '@sinclair/typebox';
import { createRamGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { CommentsParam, GroupNameParam, RamGroupSchema, toWireRamGroup } from '../wire.js';
import { by, scope } from '../provenance.js';
import { groupArn } from '../resources.js';

export default defineAction({
  name: 'CreateGroup',
  params: Type.Object({ GroupName: GroupNameParam, Comments: CommentsParam }),
  response: Type.Object({ Group: RamGroupSchema }),
  ram: { accessLevel: 'create', resources: async (p, arn, core) => [await groupArn(core, arn, p.GroupName)] },
  async handler(ctx, p) {
    return { Group: toWireRamGroup(await createRamGroup(scope(ctx), p.GroupName, by(ctx), p.Comments), false) };
  },
});
