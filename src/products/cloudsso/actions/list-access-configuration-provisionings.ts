import { Type } from '@sinclair/typebox';
import { listProvisionings } from '../../../core/access/assignments.js';
import type { ProvisioningQuery } from '../../../core/ports/access.js';
import { defineAction } from '../../../rpc/action.js';
import { pagedBody, pagedResponse, pageRequest } from '../param-schemas.js';
import {
  AccessConfigurationIdParam,
  AccessConfigurationProvisioningSchema,
  OriginTargetIdParam,
  SmallPagingParams,
  TargetIdParam,
  TargetTypeParam,
  toWireProvisioning,
} from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** Provisionings with their state and the RAM names made in the account; 1-20 a page (§3.7). */
export default defineAction({
  name: 'ListAccessConfigurationProvisionings',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: Type.Optional(AccessConfigurationIdParam),
    TargetType: Type.Optional(TargetTypeParam),
    TargetId: Type.Optional(TargetIdParam),
    ProvisioningStatus: Type.Optional(
      Type.Union([Type.Literal('Provisioned'), Type.Literal('ReprovisionRequired'), Type.Literal('DeprovisionFailed')], {
        errorMessage: 'it must be Provisioned, ReprovisionRequired or DeprovisionFailed',
      }),
    ),
    OriginTargetId: Type.Optional(OriginTargetIdParam),
    ...SmallPagingParams,
  }),
  response: pagedResponse('AccessConfigurationProvisionings', AccessConfigurationProvisioningSchema),
  ram: {
    accessLevel: 'list',
    resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId ?? '*'}`)],
  },
  async handler(ctx, p) {
    const q: ProvisioningQuery = {
      ...(p.AccessConfigurationId ? { accessConfigurationId: p.AccessConfigurationId } : {}),
      ...(p.TargetType && p.TargetId ? { targetId: p.TargetId } : {}),
      ...(p.ProvisioningStatus ? { status: p.ProvisioningStatus } : {}),
    };
    const page = await listProvisionings(ctx.core, p.DirectoryId, q, pageRequest(p));
    return { ...pagedBody(page), AccessConfigurationProvisionings: page.items.map((x) => toWireProvisioning(x, x)) };
  },
});
