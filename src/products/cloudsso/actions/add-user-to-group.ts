import { Type } from '@sinclair/typebox';
import { addUserToGroup } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Adds a user to a group; adding a member again succeeds and changes nothing. Refused for a
 * SCIM-synchronized group while SCIM sync is on. RAM: create on the user and the group (§5.5).
 */
export default defineAction({
  name: 'AddUserToGroup',
  params: Type.Object({ DirectoryId: DirectoryIdParam, GroupId: EntityIdParam, UserId: EntityIdParam }),
  response: Type.Object({}),
  ram: {
    accessLevel: 'create',
    resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`), arn(`directory/${p.DirectoryId}/group/${p.GroupId}`)],
  },
  async handler(ctx, p) {
    await addUserToGroup(ctx.core, p.DirectoryId, p.GroupId, p.UserId, viaManagement(ctx));
    return {};
  },
});
