import { Type } from '@sinclair/typebox';
import { deleteAccessConfiguration } from '../../../core/access/configurations.js';
import { defineAction } from '../../../rpc/action.js';
import { BooleanParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { AccessConfigurationIdParam } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

/** Refused while provisioned, assigned or busy; with policies only when ForceRemovePermissionPolicies=true (§2.5). */
export default defineAction({
  name: 'DeleteAccessConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AccessConfigurationId: AccessConfigurationIdParam,
    ForceRemovePermissionPolicies: Type.Optional(BooleanParam),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`)] },
  async handler(ctx, p) {
    await deleteAccessConfiguration(ctx.core, p.DirectoryId, p.AccessConfigurationId, p.ForceRemovePermissionPolicies === true, viaManagement(ctx));
    return {};
  },
});
