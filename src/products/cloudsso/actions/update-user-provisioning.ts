import { Type } from '@sinclair/typebox';
import { updateUserProvisioning } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { Text } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import {
  DeletionStrategyParam,
  DuplicationStrategyParam,
  toWireUserProvisioning,
  userProvisioningArn,
  UserProvisioningIdParam,
  UserProvisioningSchema,
} from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** Description and strategies; they apply from the next synchronization (§7). */
export default defineAction({
  name: 'UpdateUserProvisioning',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    UserProvisioningId: UserProvisioningIdParam,
    NewDescription: Type.Optional(Text(1024)),
    NewDuplicationStrategy: Type.Optional(DuplicationStrategyParam),
    NewDeletionStrategy: Type.Optional(DeletionStrategyParam),
  }),
  response: Type.Object({ UserProvisioning: UserProvisioningSchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, p.UserProvisioningId, arn)] },
  async handler(ctx, p) {
    const up = await updateUserProvisioning(
      ctx.core,
      p.DirectoryId,
      p.UserProvisioningId,
      { description: p.NewDescription, duplicationStrategy: p.NewDuplicationStrategy, deletionStrategy: p.NewDeletionStrategy },
      viaManagement(ctx),
    );
    return { UserProvisioning: toWireUserProvisioning(up, ctx.core.settings.accountId) };
  },
});
