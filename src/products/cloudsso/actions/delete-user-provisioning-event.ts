import { Type } from '@sinclair/typebox';
import { deleteUserProvisioningEvent } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { userProvisioningArn, UserProvisioningEventIdParam, UserProvisioningIdParam } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** Forgets a failed synchronization without running it again (§7). */
export default defineAction({
  name: 'DeleteUserProvisioningEvent',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserProvisioningId: UserProvisioningIdParam, EventId: UserProvisioningEventIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, p.UserProvisioningId, arn)] },
  async handler(ctx, p) {
    await deleteUserProvisioningEvent(ctx.core, p.DirectoryId, p.UserProvisioningId, p.EventId, viaManagement(ctx));
    return {};
  },
});
