import { Type } from '@sinclair/typebox';
import { listPolicies as listPoliciesCore } from '../../../core/ram/policies.js';
import { defineAction } from '../../../rpc/action.js';
import { MarkerParam, MaxItemsParam, PolicySchema, PolicyTypeParam, ramTime, toWirePolicy, truncation } from '../wire.js';

export default defineAction({
  name: 'ListPolicies',
  params: Type.Object({ PolicyType: PolicyTypeParam, Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    Policies: Type.Object({ Policy: Type.Array(PolicySchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('policy/*')] },
  async handler(ctx, p) {
    if (p.PolicyType !== undefined && p.PolicyType !== 'Custom') return { IsTruncated: false, Policies: { Policy: [] } };
    const page = await listPoliciesCore(ctx.core, p.Marker, p.MaxItems);
    return {
      ...truncation(page, (x) => x.name),
      Policies: {
        Policy: page.items.map((x) => ({ ...toWirePolicy(x), UpdateDate: ramTime(x.updateTime), AttachmentCount: x.attachmentCount })),
      },
    };
  },
});
