import { Type } from '@sinclair/typebox';
import { getServiceProviderInfo } from '../../../core/sign-in/saml-sp.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/** What the IdP needs from this directory: entity ID, ACS URL, and the SP metadata document (Base64). */
export default defineAction({
  name: 'GetDirectorySAMLServiceProviderInfo',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({
    SAMLServiceProvider: Type.Object({
      DirectoryId: Type.String(),
      EntityId: Type.String(),
      AcsUrl: Type.String(),
      EncodedMetadataDocument: Type.String(),
      AuthnSignAlgo: Type.String(),
      CertificateType: Type.String(),
      SupportEncryptedAssertion: Type.Boolean(),
    }),
  }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const sp = await getServiceProviderInfo(ctx.core, p.DirectoryId, ctx.baseUrl);
    return {
      SAMLServiceProvider: {
        DirectoryId: sp.directoryId,
        EntityId: sp.entityId,
        AcsUrl: sp.acsUrl,
        EncodedMetadataDocument: sp.encodedMetadataDocument,
        AuthnSignAlgo: sp.authnSignAlgo,
        CertificateType: sp.certificateType,
        SupportEncryptedAssertion: sp.supportEncryptedAssertion,
      },
    };
  },
});
