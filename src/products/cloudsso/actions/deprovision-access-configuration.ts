import { Type } from '@sinclair/typebox';
import { deprovisionAccessConfiguration } from '../../../core/access/assignments.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { AccessConfigurationIdParam, OriginTargetIdParam, TargetIdParam, TargetTypeParam } from '../wire-access.js';
import { ProvisioningTaskSchema, toWireProvisioningTask } from '../wire-tasks.js';
import { DirectoryIdParam } from '../wire.js';

/** Asynchronous (§3.5): refused while assignments use the configuration on the account; removes the role and its policies. */
export default defineAction({
  name: 'DeprovisionAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    TargetType: TargetTypeParam,
    TargetId: TargetIdParam,
    OriginTargetId: Type.Optional(OriginTargetIdParam),
  }),
  response: Type.Object({ Tasks: Type.Array(ProvisioningTaskSchema) }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    const task = await deprovisionAccessConfiguration(ctx.core, p.DirectoryId, p.AccessConfigurationId, p.TargetId, viaManagement(ctx));
    return { Tasks: [toWireProvisioningTask(task)] };
  },
});
