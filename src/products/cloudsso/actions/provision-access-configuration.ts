import { Type } from '@sinclair/typebox';
import { provisionAccessConfiguration } from '../../../core/access/assignments.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { AccessConfigurationIdParam, OriginTargetIdParam, TargetIdParam, TargetTypeParam } from '../wire-access.js';
import { ProvisioningTaskSchema, toWireProvisioningTask } from '../wire-tasks.js';
import { DirectoryIdParam } from '../wire.js';

/** Asynchronous (§3.5): (re-)applies the configuration to the account; `Tasks` is an array of one, as Alibaba answers. */
export default defineAction({
  name: 'ProvisionAccessConfiguration',
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
    const task = await provisionAccessConfiguration(ctx.core, p.DirectoryId, p.AccessConfigurationId, p.TargetId, viaManagement(ctx));
    return { Tasks: [toWireProvisioningTask(task)] };
  },
});
