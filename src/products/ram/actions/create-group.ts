import { Type } from '@sinclair/typebox';
import { createRamGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { CommentsParam, GroupNameParam, RamGroupSchema, toWireRamGroup } from '../wire.js';
import { by } from '../provenance.js';

export default defineAction({
  name: 'CreateGroup',
  params: Type.Object({ GroupName: GroupNameParam, Comments: CommentsParam }),
  response: Type.Object({ Group: RamGroupSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`group/${p.GroupName}`)] },
  async handler(ctx, p) {
    return { Group: toWireRamGroup(await createRamGroup(ctx.core, p.GroupName, by(ctx), p.Comments), false) };
  },
});
