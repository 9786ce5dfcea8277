import { Type } from '@sinclair/typebox';
import { listUserProvisioningEvents } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { pagedBody, pagedResponse, pageRequest, pagingParams } from '../param-schemas.js';
import { toWireUserProvisioningEvent, userProvisioningArn, UserProvisioningEventSchema, UserProvisioningIdParam } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** The failed synchronizations, of the directory or of one provisioning; 1-100 a page (§7). */
export default defineAction({
  name: 'ListUserProvisioningEvents',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserProvisioningId: Type.Optional(UserProvisioningIdParam), ...pagingParams }),
  response: pagedResponse('UserProvisioningEvents', UserProvisioningEventSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, p.UserProvisioningId, arn)] },
  async handler(ctx, p) {
    const page = await listUserProvisioningEvents(ctx.core, p.DirectoryId, p.UserProvisioningId, pageRequest(p));
    return { ...pagedBody(page), UserProvisioningEvents: page.items.map(toWireUserProvisioningEvent) };
  },
});
