import { Type } from '@sinclair/typebox';
import { getUserProvisioningEvent } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { toWireUserProvisioningEvent, userProvisioningArn, UserProvisioningEventIdParam, UserProvisioningEventSchema } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** One failed synchronization; unknown (or retried to success, or deleted): EntityNotExists.UserProvisioningEvent. */
export default defineAction({
  name: 'GetUserProvisioningEvent',
  params: Type.Object({ DirectoryId: DirectoryIdParam, EventId: UserProvisioningEventIdParam }),
  response: Type.Object({ UserProvisioningEvent: UserProvisioningEventSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, undefined, arn)] },
  async handler(ctx, p) {
    return { UserProvisioningEvent: toWireUserProvisioningEvent(await getUserProvisioningEvent(ctx.core, p.DirectoryId, p.EventId)) };
  },
});
