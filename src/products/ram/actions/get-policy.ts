import { Type } from '@sinclair/typebox';
import { getAnyPolicy, policyKind } from '../../../core/ram/policies.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { DEFAULT_VERSION, PolicyNameParam, PolicySchema, PolicyTypeParam, ramTime, toWireAnyPolicy } from '../wire.js';

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
    const policy = await getAnyPolicy(scope(ctx), policyKind(p.PolicyName, p.PolicyType), p.PolicyName);
    return {
      Policy: { ...toWireAnyPolicy(policy), AttachmentCount: policy.attachmentCount, PolicyDocument: policy.document },
      DefaultPolicyVersion: { VersionId: DEFAULT_VERSION, IsDefaultVersion: true, CreateDate: ramTime(policy.createTime), PolicyDocument: policy.document },
    };
  },
});
