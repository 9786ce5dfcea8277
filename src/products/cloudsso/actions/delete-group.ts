import { Type } from '@sinclair/typebox';
import { deleteGroup } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/** Refused while the group has members (DeletionConflict.Group.User) or is SCIM-locked. */
export default defineAction({
  name: 'DeleteGroup',
  params: Type.Object({ DirectoryId: DirectoryIdParam, GroupId: EntityIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/group/${p.GroupId}`)] },
  async handler(ctx, p) {
    await deleteGroup(ctx.core, p.DirectoryId, p.GroupId, viaManagement(ctx));
    return {};
  },
});
