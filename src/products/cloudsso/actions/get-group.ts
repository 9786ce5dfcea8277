import { Type } from '@sinclair/typebox';
import { getGroup } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { GroupSchema, toWireGroup } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

export default defineAction({
  name: 'GetGroup',
  params: Type.Object({ DirectoryId: DirectoryIdParam, GroupId: EntityIdParam }),
  response: Type.Object({ Group: GroupSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/group/${p.GroupId}`)] },
  async handler(ctx, p) {
    return { Group: toWireGroup(await getGroup(ctx.core, p.DirectoryId, p.GroupId)) };
  },
});
