import { Type } from '@sinclair/typebox';
import { createAccessAssignment } from '../../../core/access/assignments.js';
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

/** Asynchronous (§3.2): the task records the assignment and provisions the configuration on the account the first time. */
export default defineAction({
  name: 'CreateAccessAssignment',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    TargetType: TargetTypeParam,
    TargetId: TargetIdParam,
    PrincipalType: PrincipalTypeParam,
    PrincipalId: PrincipalIdParam,
    OriginTargetId: Type.Optional(OriginTargetIdParam),
  }),
  response: Type.Object({ Task: AssignmentTaskSchema }),
  ram: { accessLevel: 'create', resources: (p, arn, core) => assignmentResources(p, arn, core.accountId) },
  async handler(ctx, p) {
    const task = await createAccessAssignment(
      ctx.core,
      p.DirectoryId,
      { accessConfigurationId: p.AccessConfigurationId, targetId: p.TargetId, principalType: p.PrincipalType, principalId: p.PrincipalId },
      viaManagement(ctx),
    );
    return { Task: toWireAssignmentTask(task) };
  },
});
