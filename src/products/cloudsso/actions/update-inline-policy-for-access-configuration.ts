import { Type } from '@sinclair/typebox';
import { updateInlinePolicy } from '../../../core/access/permission-policies.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { AccessConfigurationIdParam } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** §2.9; provisionings become ReprovisionRequired. */
export default defineAction({
  name: 'UpdateInlinePolicyForAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    InlinePolicyName: Type.String({ minLength: 1, maxLength: 128, errorMessage: 'it must be 1 to 128 characters' }),
    NewInlinePolicyDocument: Type.String({ minLength: 1, maxLength: 65536, errorMessage: 'it must be a policy document' }),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    await updateInlinePolicy(ctx.core, p.DirectoryId, p.AccessConfigurationId, p.InlinePolicyName, p.NewInlinePolicyDocument, viaManagement(ctx));
    return {};
  },
});
