import { Type } from '@sinclair/typebox';
import { addPermissionPolicy } from '../../../core/access/permission-policies.js';
import { defineAction } from '../../../rpc/action.js';
import { missingParameter } from '../../../rpc/edge-errors.js';
import { viaManagement } from '../provenance.js';
import { AccessConfigurationIdParam, PermissionPolicyTypeParam } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** A System policy by name, or the one Inline policy with its document (§2.6); provisionings become ReprovisionRequired. */
export default defineAction({
  name: 'AddPermissionPolicyToAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    PermissionPolicyType: PermissionPolicyTypeParam,
    PermissionPolicyName: Type.String({ minLength: 1, maxLength: 128, errorMessage: 'it must be 1 to 128 characters' }),
    InlinePolicyDocument: Type.Optional(Type.String({ maxLength: 65536, errorMessage: 'it is too long' })),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    if (p.PermissionPolicyType === 'Inline' && !p.InlinePolicyDocument) throw missingParameter('InlinePolicyDocument');
    await addPermissionPolicy(
      ctx.core,
      p.DirectoryId,
      p.AccessConfigurationId,
      { type: p.PermissionPolicyType, name: p.PermissionPolicyName, ...(p.InlinePolicyDocument ? { document: p.InlinePolicyDocument } : {}) },
      viaManagement(ctx),
    );
    return {};
  },
});
