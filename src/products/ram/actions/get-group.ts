import { Type } from '@sinclair/typebox';
import { getRamGroup } from '../../../core/ram/groups.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { GroupNameParam, RamGroupSchema, toWireRamGroup } from '../wire.js';
import { groupArn } from '../resources.js';

export default defineAction({
  name: 'GetGroup',
  params: Type.Object({ GroupName: GroupNameParam }),
  response: Type.Object({ Group: RamGroupSchema }),
  ram: { accessLevel: 'get', resources: async (p, arn, core) => [await groupArn(core, arn, p.GroupName)] },
  async handler(ctx, p) {
    return { Group: toWireRamGroup(await getRamGroup(scope(ctx), p.GroupName)) };
  },
});
