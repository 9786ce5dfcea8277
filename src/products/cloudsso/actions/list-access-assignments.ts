import { Type } from '@sinclair/typebox';
import { listAccessAssignments } from '../../../core/access/assignments.js';
import type { AssignmentQuery } from '../../../core/ports/access.js';
import { defineAction } from '../../../rpc/action.js';
import { pagedBody, pagedResponse, pageRequest } from '../param-schemas.js';
import {
  AccessAssignmentSchema,
  AccessConfigurationIdParam,
  OriginTargetIdParam,
  PrincipalIdParam,
  PrincipalTypeParam,
  SmallPagingParams,
  TargetIdParam,
  TargetTypeParam,
  toWireAccessAssignment,
} from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** Filters by configuration, target (TargetType + TargetId) and principal (PrincipalType + PrincipalId); 1-20 a page (§3.4). */
export default defineAction({
  name: 'ListAccessAssignments',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: Type.Optional(AccessConfigurationIdParam),
    TargetType: Type.Optional(TargetTypeParam),
    TargetId: Type.Optional(TargetIdParam),
    PrincipalType: Type.Optional(PrincipalTypeParam),
    PrincipalId: Type.Optional(PrincipalIdParam),
    OriginTargetId: Type.Optional(OriginTargetIdParam),
    ...SmallPagingParams,
  }),
  response: pagedResponse('AccessAssignments', AccessAssignmentSchema),
  ram: {
    accessLevel: 'list',
    resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId ?? '*'}`)],
  },
  async handler(ctx, p) {
    // Each pair filters only when both halves are given, as the SDK documents.
    const q: AssignmentQuery = {
      ...(p.AccessConfigurationId ? { accessConfigurationId: p.AccessConfigurationId } : {}),
      ...(p.TargetType && p.TargetId ? { targetId: p.TargetId } : {}),
      ...(p.PrincipalType && p.PrincipalId ? { principal: { type: p.PrincipalType, id: p.PrincipalId } } : {}),
    };
    const page = await listAccessAssignments(ctx.core, p.DirectoryId, q, pageRequest(p));
    return { ...pagedBody(page), AccessAssignments: page.items.map((a) => toWireAccessAssignment(a, a)) };
  },
});
