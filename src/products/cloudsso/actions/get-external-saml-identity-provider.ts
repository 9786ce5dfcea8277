import { Type } from '@sinclair/typebox';
import { getIdpConfiguration } from '../../../core/sign-in/saml-idp.js';
import { defineAction } from '../../../rpc/action.js';
import { SAMLIdentityProviderConfigurationSchema, toWireIdpConfiguration } from '../sign-in-wire.js';
import { DirectoryIdParam } from '../wire.js';

/** The IdP configuration; with none, SSOStatus Disabled and the other fields empty. */
export default defineAction({
  name: 'GetExternalSAMLIdentityProvider',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ SAMLIdentityProviderConfiguration: SAMLIdentityProviderConfigurationSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    return { SAMLIdentityProviderConfiguration: toWireIdpConfiguration(await getIdpConfiguration(ctx.core, p.DirectoryId)) };
  },
});
