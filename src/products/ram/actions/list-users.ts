import { Type } from '@sinclair/typebox';
import { listRamUsers } from '../../../core/ram/users.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { MarkerParam, MaxItemsParam, RamUserSchema, toWireRamUser, truncation } from '../wire.js';

export default defineAction({
  name: 'ListUsers',
  params: Type.Object({ Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    Users: Type.Object({ User: Type.Array(RamUserSchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('user/*')] },
  async handler(ctx, p) {
    const page = await listRamUsers(scope(ctx), p.Marker, p.MaxItems);
    return { ...truncation(page, (u) => u.name), Users: { User: page.items.map((u) => toWireRamUser(u)) } };
  },
});
