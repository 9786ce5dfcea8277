import { Type } from '@sinclair/typebox';
import { listUserProvisionings } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { pagedBody, pagedResponse, pageRequest, pagingParams } from '../param-schemas.js';
import { PrincipalIdParam, PrincipalTypeParam, TargetIdParam, TargetTypeParam } from '../wire-access.js';
import { toWireUserProvisioning, userProvisioningArn, UserProvisioningSchema } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** Provisionings, filtered by principal (type and ID) and by target; 1-100 a page (§7). */
export default defineAction({
  name: 'ListUserProvisionings',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    PrincipalType: Type.Optional(PrincipalTypeParam),
    PrincipalId: Type.Optional(PrincipalIdParam),
    TargetType: Type.Optional(TargetTypeParam),
    TargetId: Type.Optional(TargetIdParam),
    ...pagingParams,
  }),
  response: pagedResponse('UserProvisionings', UserProvisioningSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, undefined, arn)] },
  async handler(ctx, p) {
    const q = {
      ...(p.PrincipalType && p.PrincipalId ? { principal: { type: p.PrincipalType, id: p.PrincipalId } } : {}),
      ...(p.TargetId ? { targetId: p.TargetId } : {}),
    };
    const page = await listUserProvisionings(ctx.core, p.DirectoryId, q, pageRequest(p));
    return { ...pagedBody(page), UserProvisionings: page.items.map((up) => toWireUserProvisioning(up, ctx.core.settings.accountId)) };
  },
});
