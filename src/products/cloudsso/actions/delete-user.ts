import { Type } from '@sinclair/typebox';
import { deleteUser } from '../../../core/users.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Refused while the user belongs to a group (DeletionConflict.User.Group), and for a
 * SCIM-synchronized user while SCIM sync is on. The user's tags and password history go with it.
 */
export default defineAction({
  name: 'DeleteUser',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserId: EntityIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    await deleteUser(ctx.core, p.DirectoryId, p.UserId, viaManagement(ctx));
    return {};
  },
});
