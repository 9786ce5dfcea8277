import { Type } from '@sinclair/typebox';
import { updateRamGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { CommentsParam, GroupNameParam, RamGroupSchema, toWireRamGroup } from '../wire.js';
import { by, scope } from '../provenance.js';
import { groupArn } from '../resources.js';

/** RAM UpdateGroup: NewGroupName and NewComments (an empty NewComments clears it). */
export default defineAction({
  name: 'UpdateGroup',
  params: Type.Object({ GroupName: GroupNameParam, NewGroupName: Type.Optional(GroupNameParam), NewComments: CommentsParam }),
  response: Type.Object({ Group: RamGroupSchema }),
  // A rename acts on the new name too: a Deny on group/admins must stop `NewGroupName=ADMINS`.
  ram: {
    accessLevel: 'update',
    resources: async (p, arn, core) => [
      await groupArn(core, arn, p.GroupName),
      ...(p.NewGroupName ? [await groupArn(core, arn, p.NewGroupName)] : []),
    ],
  },
  async handler(ctx, p) {
    return { Group: toWireRamGroup(await updateRamGroup(scope(ctx), p.GroupName, { name: p.NewGroupName, comments: p.NewComments }, by(ctx))) };
  },
});
