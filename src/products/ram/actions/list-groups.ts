import { Type } from '@sinclair/typebox';
import { listRamGroups } from '../../../core/ram/groups.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { MarkerParam, MaxItemsParam, RamGroupSchema, toWireRamGroup, truncation } from '../wire.js';

export default defineAction({
  name: 'ListGroups',
  params: Type.Object({ Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    Groups: Type.Object({ Group: Type.Array(RamGroupSchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('group/*')] },
  async handler(ctx, p) {
    const page = await listRamGroups(scope(ctx), p.Marker, p.MaxItems);
    return { ...truncation(page, (g) => g.name), Groups: { Group: page.items.map((g) => toWireRamGroup(g)) } };
  },
});
