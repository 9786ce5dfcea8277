import { Type } from '@sinclair/typebox';
import { deleteRamGroup } from '../../../core/ram/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { GroupNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'DeleteGroup',
  params: Type.Object({ GroupName: GroupNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`group/${p.GroupName}`)] },
  async handler(ctx, p) {
    await deleteRamGroup(scope(ctx), p.GroupName, by(ctx));
    return {};
  },
});
