import { Type } from '@sinclair/typebox';
import { removeUserFromGroup } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Removes a member; a user who is not a member is EntityNotExists.GroupMember. Refused for a
 * SCIM-synchronized group while SCIM sync is on. RAM: delete on the group and the user (§5.5).
 */
export default defineAction({
  name: 'RemoveUserFromGroup',
  params: Type.Object({ DirectoryId: DirectoryIdParam, GroupId: EntityIdParam, UserId: EntityIdParam }),
  response: Type.Object({}),
  ram: {
    accessLevel: 'delete',
    resources: (p, arn) => [arn(`directory/${p.DirectoryId}/group/${p.GroupId}`), arn(`directory/${p.DirectoryId}/user/${p.UserId}`)],
  },
  async handler(ctx, p) {
    await removeUserFromGroup(ctx.core, p.DirectoryId, p.GroupId, p.UserId, viaManagement(ctx));
    return {};
  },
});
