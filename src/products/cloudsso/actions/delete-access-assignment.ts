import { Type } from '@sinclair/typebox';
import { deleteAccessAssignment } from '../../../core/access/assignments.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import {
  AccessConfigurationIdParam,
  assignmentResources,
  OriginTargetIdParam,
  PrincipalIdParam,
  PrincipalTypeParam,
  TargetIdParam,
  TargetTypeParam,
} from '../wire-access.js';
import { AssignmentTaskSchema, toWireAssignmentTask } from '../wire-tasks.js';
import { DirectoryIdParam } from '../wire.js';

/** Asynchronous (§3.3); `DeprovisionForLastAccessAssignmentOnAccount` also de-provisions when it removes the last assignment there. */
export default defineAction({
  name: 'DeleteAccessAssignment',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    TargetType: TargetTypeParam,
    TargetId: TargetIdParam,
    PrincipalType: PrincipalTypeParam,
    PrincipalId: PrincipalIdParam,
    DeprovisionStrategy: Type.Optional(
      Type.Union([Type.Literal('DeprovisionForLastAccessAssignmentOnAccount'), Type.Literal('None')], {
        errorMessage: 'it must be DeprovisionForLastAccessAssignmentOnAccount or None',
      }),
    ),
    OriginTargetId: Type.Optional(OriginTargetIdParam),
  }),
  response: Type.Object({ Task: AssignmentTaskSchema }),
  ram: { accessLevel: 'delete', resources: (p, arn, core) => assignmentResources(p, arn, core.accountId) },
  async handler(ctx, p) {
    const task = await deleteAccessAssignment(
      ctx.core,
      p.DirectoryId,
      { accessConfigurationId: p.AccessConfigurationId, targetId: p.TargetId, principalType: p.PrincipalType, principalId: p.PrincipalId },
      p.DeprovisionStrategy ?? 'None',
      viaManagement(ctx),
    );
    return { Task: toWireAssignmentTask(task) };
  },
});
