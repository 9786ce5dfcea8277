import { Type } from '@sinclair/typebox';
import { updateUserStatus } from '../../../core/users.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam, StatusParam } from '../wire.js';

/**
 * Enables or disables a user's logon; allowed for SCIM-synchronized users even while SCIM sync
 * is on (§5.2). `NewStatus` is documented as optional but the call means nothing without it.
 */
export default defineAction({
  name: 'UpdateUserStatus',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserId: EntityIdParam, NewStatus: StatusParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    await updateUserStatus(ctx.core, p.DirectoryId, p.UserId, p.NewStatus, viaManagement(ctx));
    return {};
  },
});
