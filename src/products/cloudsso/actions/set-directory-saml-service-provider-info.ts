import { Type } from '@sinclair/typebox';
import { setServiceProviderInfo } from '../../../core/sign-in/saml-sp.js';
import { defineAction } from '../../../rpc/action.js';
import { BooleanParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * The SP's signing settings (Terraform's alicloud_cloud_sso_directory calls it; not in the TS SDK).
 * Only the self-signed certificate this server makes is available (docs/decisions/0075).
 */
export default defineAction({
  name: 'SetDirectorySAMLServiceProviderInfo',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AuthnSignAlgo: Type.Optional(Type.Union([Type.Literal('rsa-sha256'), Type.Literal('rsa-sha1')], { errorMessage: 'it must be rsa-sha256 or rsa-sha1' })),
    CertificateType: Type.Optional(Type.Literal('self-signed', { errorMessage: 'only self-signed is available on this server' })),
    SupportEncryptedAssertion: Type.Optional(BooleanParam),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await setServiceProviderInfo(
      ctx.core,
      p.DirectoryId,
      { authnSignAlgo: p.AuthnSignAlgo, supportEncryptedAssertion: p.SupportEncryptedAssertion },
      viaManagement(ctx),
    );
    return {};
  },
});
