import { Type } from '@sinclair/typebox';
import { listPolicies as listPoliciesCore } from '../../../core/ram/policies.js';
import { listSystemPolicies } from '../../../core/ram/system-policies.js';
import { MAX_ITEMS } from '../../../core/ram/users.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { MarkerParam, MaxItemsParam, PolicySchema, PolicyTypeParam, ramTime, toWireAnyPolicy, toWirePolicy, truncation } from '../wire.js';

/**
 * `PolicyType=System` lists the System policy catalogue; Custom, or no PolicyType, the account's
 * own policies (docs/decisions/0062-system-policies.md). Both are paged by name.
 */
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
    if (p.PolicyType === 'System') {
      const page = listSystemPolicies(p.Marker || undefined, p.MaxItems ?? MAX_ITEMS.default);
      return {
        ...truncation(page, (x) => x.name),
        Policies: { Policy: page.items.map((x) => ({ ...toWireAnyPolicy({ ...x, type: 'System' as const }), AttachmentCount: 0 })) },
      };
    }
    if (p.PolicyType !== undefined && p.PolicyType !== 'Custom') return { IsTruncated: false, Policies: { Policy: [] } };
    const page = await listPoliciesCore(scope(ctx), p.Marker, p.MaxItems);
    return {
      ...truncation(page, (x) => x.name),
      Policies: {
        Policy: page.items.map((x) => ({ ...toWirePolicy(x), UpdateDate: ramTime(x.updateTime), AttachmentCount: x.attachmentCount })),
      },
    };
  },
});
