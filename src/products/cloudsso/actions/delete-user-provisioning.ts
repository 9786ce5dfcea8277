import { Type } from '@sinclair/typebox';
import { deleteUserProvisioning } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DeletionStrategyParam, userProvisioningArn, UserProvisioningIdParam } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** Deletes the provisioning; its RAM users are deleted or kept in the background per DeletionStrategy (this call's, or the provisioning's). */
export default defineAction({
  name: 'DeleteUserProvisioning',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserProvisioningId: UserProvisioningIdParam, DeletionStrategy: Type.Optional(DeletionStrategyParam) }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, p.UserProvisioningId, arn)] },
  async handler(ctx, p) {
    await deleteUserProvisioning(ctx.core, p.DirectoryId, p.UserProvisioningId, p.DeletionStrategy, viaManagement(ctx));
    return {};
  },
});
