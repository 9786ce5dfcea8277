import { Type } from '@sinclair/typebox';
import { deletePolicy as deletePolicyCore } from '../../../core/ram/policies.js';
import { defineAction } from '../../../rpc/action.js';
import { PolicyNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'DeletePolicy',
  params: Type.Object({ PolicyName: PolicyNameParam, CascadingDelete: Type.Optional(Type.Boolean()) }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    await deletePolicyCore(scope(ctx), p.PolicyName, p.CascadingDelete ?? false, by(ctx));
    return {};
  },
});
