import { Type } from '@sinclair/typebox';
import { createPolicy as createPolicyCore } from '../../../core/ram/policies.js';
import { defineAction } from '../../../rpc/action.js';
import { PolicyNameParam, PolicySchema, toWirePolicy } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'CreatePolicy',
  params: Type.Object({
    PolicyName: PolicyNameParam,
    PolicyDocument: Type.String({ minLength: 1 }),
    Description: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
  response: Type.Object({ Policy: PolicySchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    const policy = await createPolicyCore(scope(ctx), { name: p.PolicyName, document: p.PolicyDocument, description: p.Description }, by(ctx));
    return { Policy: toWirePolicy(policy) };
  },
});
