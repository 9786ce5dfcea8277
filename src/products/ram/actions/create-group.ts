import { Type } from '@sinclair/typebox';
import { createRamGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { GroupNameParam, RamGroupSchema, toWireRamGroup } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'CreateGroup',
  params: Type.Object({ GroupName: GroupNameParam }),
  response: Type.Object({ Group: RamGroupSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`group/${p.GroupName}`)] },
  async handler(ctx, p) {
    return { Group: toWireRamGroup(await createRamGroup(scope(ctx), p.GroupName, by(ctx)), false) };
  },
});
