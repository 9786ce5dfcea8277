import { Type } from '@sinclair/typebox';
import { getPolicy as getPolicyCore } from '../../../core/ram/policies.js';
import { defineAction } from '../../../rpc/action.js';
import { customOnly, DEFAULT_VERSION, PolicyNameParam, PolicySchema, PolicyTypeParam, ramTime, toWirePolicy } from '../wire.js';

export default defineAction({
  name: 'GetPolicy',
  params: Type.Object({ PolicyName: PolicyNameParam, PolicyType: PolicyTypeParam }),
  response: Type.Object({
    Policy: Type.Object({ ...PolicySchema.properties, PolicyDocument: Type.String() }),
    DefaultPolicyVersion: Type.Object({
      VersionId: Type.String(),
      IsDefaultVersion: Type.Boolean(),
      CreateDate: Type.String(),
      PolicyDocument: Type.String(),
    }),
  }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`policy/${p.PolicyName}`)] },
  async handler(ctx, p) {
    customOnly(p.PolicyName, p.PolicyType);
    const policy = await getPolicyCore(ctx.core, p.PolicyName);
    return {
      Policy: {
        ...toWirePolicy(policy),
        UpdateDate: ramTime(policy.updateTime),
        AttachmentCount: policy.attachmentCount,
        PolicyDocument: policy.document,
      },
      DefaultPolicyVersion: { VersionId: DEFAULT_VERSION, IsDefaultVersion: true, CreateDate: ramTime(policy.createTime), PolicyDocument: policy.document },
    };
  },
});
