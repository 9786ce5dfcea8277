import { Type } from '@sinclair/typebox';
import { removePermissionPolicy } from '../../../core/access/permission-policies.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { AccessConfigurationIdParam, PermissionPolicyTypeParam } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** §2.7; a removed Inline policy cannot be restored. Provisionings become ReprovisionRequired. */
export default defineAction({
  name: 'RemovePermissionPolicyFromAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    PermissionPolicyType: PermissionPolicyTypeParam,
    PermissionPolicyName: Type.String({ minLength: 1, maxLength: 128, errorMessage: 'it must be 1 to 128 characters' }),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    await removePermissionPolicy(ctx.core, p.DirectoryId, p.AccessConfigurationId, p.PermissionPolicyType, p.PermissionPolicyName, viaManagement(ctx));
    return {};
  },
});
