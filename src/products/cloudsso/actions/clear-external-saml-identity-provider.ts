import { Type } from '@sinclair/typebox';
import { clearIdpConfiguration } from '../../../core/sign-in/saml-idp.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/** Removes the IdP configuration and its certificates; refused while SSO is enabled. */
export default defineAction({
  name: 'ClearExternalSAMLIdentityProvider',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await clearIdpConfiguration(ctx.core, p.DirectoryId, viaManagement(ctx));
    return {};
  },
});
