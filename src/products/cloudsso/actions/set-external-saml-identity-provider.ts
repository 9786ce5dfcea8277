import { Type } from '@sinclair/typebox';
import { setIdpConfiguration } from '../../../core/sign-in/saml-idp.js';
import { defineAction } from '../../../rpc/action.js';
import { BooleanParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { SAMLIdentityProviderConfigurationSchema, StatusParam, toWireIdpConfiguration } from '../sign-in-wire.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Configures the organisation's SAML IdP (cloudsso-access.md §6.2): a Base64 metadata document
 * replaces every setting; without one, only the parameters given change. SSOStatus=Enabled turns
 * password sign-in off for the directory.
 */
export default defineAction({
  name: 'SetExternalSAMLIdentityProvider',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    EncodedMetadataDocument: Type.Optional(Type.String({ maxLength: 350_000, errorMessage: 'it must be at most 350000 characters' })),
    EntityId: Type.Optional(Type.String({ maxLength: 1024, errorMessage: 'it must be at most 1024 characters' })),
    LoginUrl: Type.Optional(Type.String({ maxLength: 1024, errorMessage: 'it must be at most 1024 characters' })),
    X509Certificate: Type.Optional(Type.String({ maxLength: 16_384, errorMessage: 'it must be a PEM certificate of at most 16384 characters' })),
    WantRequestSigned: Type.Optional(BooleanParam),
    BindingType: Type.Optional(Type.Union([Type.Literal('Post'), Type.Literal('Redirect')], { errorMessage: 'it must be Post or Redirect' })),
    SSOStatus: Type.Optional(StatusParam('SSOStatus')),
  }),
  response: Type.Object({ SAMLIdentityProviderConfiguration: SAMLIdentityProviderConfigurationSchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const configuration = await setIdpConfiguration(
      ctx.core,
      p.DirectoryId,
      {
        encodedMetadataDocument: p.EncodedMetadataDocument,
        entityId: p.EntityId,
        loginUrl: p.LoginUrl,
        x509Certificate: p.X509Certificate,
        wantRequestSigned: p.WantRequestSigned,
        bindingType: p.BindingType,
        ssoStatus: p.SSOStatus,
      },
      viaManagement(ctx),
    );
    return { SAMLIdentityProviderConfiguration: toWireIdpConfiguration(configuration) };
  },
});
