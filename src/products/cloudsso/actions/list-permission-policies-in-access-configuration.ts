import { Type } from '@sinclair/typebox';
import { listPermissionPolicies } from '../../../core/access/permission-policies.js';
import { defineAction } from '../../../rpc/action.js';
import { AccessConfigurationIdParam, PermissionPolicySchema, PermissionPolicyTypeParam, toWirePermissionPolicy } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** Not paginated (§2.8). */
export default defineAction({
  name: 'ListPermissionPoliciesInAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    PermissionPolicyType: Type.Optional(PermissionPolicyTypeParam),
  }),
  response: Type.Object({ TotalCounts: Type.Integer(), PermissionPolicies: Type.Array(PermissionPolicySchema) }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    const policies = await listPermissionPolicies(ctx.core, p.DirectoryId, p.AccessConfigurationId, p.PermissionPolicyType);
    return { TotalCounts: policies.length, PermissionPolicies: policies.map(toWirePermissionPolicy) };
  },
});
