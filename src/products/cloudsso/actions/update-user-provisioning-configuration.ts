import { Type } from '@sinclair/typebox';
import { updateUserProvisioningConfiguration } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { IntegerParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { toWireUserProvisioningConfiguration, UserProvisioningConfigurationSchema } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** NewDefaultLandingPage (an http(s) URL) and NewSessionDuration (hours, 1-24) (§7). */
export default defineAction({
  name: 'UpdateUserProvisioningConfiguration',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    NewDefaultLandingPage: Type.Optional(Type.String({ maxLength: 1024, errorMessage: 'it must be an http or https URL of at most 1024 characters' })),
    NewSessionDuration: Type.Optional(IntegerParam(1, 24)),
  }),
  response: Type.Object({ UserProvisioningConfiguration: UserProvisioningConfigurationSchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const c = await updateUserProvisioningConfiguration(
      ctx.core,
      p.DirectoryId,
      { defaultLandingPage: p.NewDefaultLandingPage, sessionDuration: p.NewSessionDuration === undefined ? undefined : Number(p.NewSessionDuration) },
      viaManagement(ctx),
    );
    return { UserProvisioningConfiguration: toWireUserProvisioningConfiguration(c) };
  },
});
