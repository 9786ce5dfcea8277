import { Type } from '@sinclair/typebox';
import { createUserProvisioning } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { Text } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { PrincipalIdParam, PrincipalTypeParam, TargetIdParam, TargetTypeParam } from '../wire-access.js';
import {
  DeletionStrategyParam,
  DuplicationStrategyParam,
  toWireUserProvisioning,
  userProvisioningArn,
  UserProvisioningSchema,
} from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * A user, or a group's users, kept as RAM users in a member account (cloudsso-access.md §7). The
 * provisioning is answered at once; its synchronization runs as a task (failures become events).
 * Strategies default to KeepBoth and Keep (docs/decisions/0180-user-provisioning.md).
 */
export default defineAction({
  name: 'CreateUserProvisioning',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    PrincipalType: PrincipalTypeParam,
    PrincipalId: PrincipalIdParam,
    TargetType: TargetTypeParam,
    TargetId: TargetIdParam,
    Description: Type.Optional(Text(1024)),
    DuplicationStrategy: Type.Optional(DuplicationStrategyParam),
    DeletionStrategy: Type.Optional(DeletionStrategyParam),
  }),
  response: Type.Object({ UserProvisioning: UserProvisioningSchema }),
  ram: {
    accessLevel: 'create',
    resources: (p, arn) => [userProvisioningArn(p.DirectoryId, undefined, arn), arn(`directory/${p.DirectoryId}/${p.PrincipalType === 'User' ? 'user' : 'group'}/${p.PrincipalId}`)],
  },
  async handler(ctx, p) {
    const up = await createUserProvisioning(
      ctx.core,
      p.DirectoryId,
      {
        principalType: p.PrincipalType,
        principalId: p.PrincipalId,
        targetId: p.TargetId,
        description: p.Description,
        duplicationStrategy: p.DuplicationStrategy ?? 'KeepBoth',
        deletionStrategy: p.DeletionStrategy ?? 'Keep',
      },
      viaManagement(ctx),
    );
    return { UserProvisioning: toWireUserProvisioning(up, ctx.core.settings.accountId) };
  },
});
