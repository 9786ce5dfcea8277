import { Type } from '@sinclair/typebox';
import { getUserProvisioning } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { toWireUserProvisioning, userProvisioningArn, UserProvisioningIdParam, UserProvisioningSchema } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** One provisioning (cloudsso-access.md §7); unknown: EntityNotExists.UserProvisioning. */
export default defineAction({
  name: 'GetUserProvisioning',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserProvisioningId: UserProvisioningIdParam }),
  response: Type.Object({ UserProvisioning: UserProvisioningSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, p.UserProvisioningId, arn)] },
  async handler(ctx, p) {
    return { UserProvisioning: toWireUserProvisioning(await getUserProvisioning(ctx.core, p.DirectoryId, p.UserProvisioningId), ctx.core.settings.accountId) };
  },
});
