import { Type } from '@sinclair/typebox';
import { listRamRoles } from '../../../core/ram/roles.js';
import { defineAction } from '../../../rpc/action.js';
import { MarkerParam, MaxItemsParam, RamRoleSchema, toWireRole, truncation } from '../wire.js';
import { scope } from '../provenance.js';

export default defineAction({
  name: 'ListRoles',
  params: Type.Object({ Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    Roles: Type.Object({ Role: Type.Array(RamRoleSchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('role/*')] },
  async handler(ctx, p) {
    const page = await listRamRoles(scope(ctx), p.Marker, p.MaxItems);
    // RAM's ListRoles leaves the trust policy out.
    return { ...truncation(page, (r) => r.name), Roles: { Role: page.items.map((r) => toWireRole(r, { document: false })) } };
  },
});
