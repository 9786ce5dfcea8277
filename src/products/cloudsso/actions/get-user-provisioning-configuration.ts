import { Type } from '@sinclair/typebox';
import { getUserProvisioningConfiguration } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { toWireUserProvisioningConfiguration, UserProvisioningConfigurationSchema } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** The directory's landing page and session duration (hours) for RAM users' sign-in (§7); defaults until set. */
export default defineAction({
  name: 'GetUserProvisioningConfiguration',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ UserProvisioningConfiguration: UserProvisioningConfigurationSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    return { UserProvisioningConfiguration: toWireUserProvisioningConfiguration(await getUserProvisioningConfiguration(ctx.core, p.DirectoryId)) };
  },
});
