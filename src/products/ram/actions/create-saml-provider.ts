import { Type } from '@sinclair/typebox';
import { createSamlProvider } from '../../../core/ram/saml-providers.js';
import { defineAction } from '../../../rpc/action.js';
import { SamlProviderSchema, SAMLProviderNameParam, toWireSamlProvider } from '../wire.js';
import { by, scope } from '../provenance.js';
import { samlProviderArn } from '../resources.js';

export default defineAction({
  name: 'CreateSAMLProvider',
  params: Type.Object({
    SAMLProviderName: SAMLProviderNameParam,
    EncodedSAMLMetadataDocument: Type.String({ minLength: 1, maxLength: 100_000 }),
    Description: Type.Optional(Type.String({ maxLength: 1024 })),
  }),
  response: Type.Object({ SAMLProvider: SamlProviderSchema }),
  ram: { accessLevel: 'create', resources: async (p, arn, core) => [await samlProviderArn(core, arn, p.SAMLProviderName)] },
  async handler(ctx, p) {
    const provider = await createSamlProvider(
      scope(ctx),
      { name: p.SAMLProviderName, metadata: p.EncodedSAMLMetadataDocument, description: p.Description },
      by(ctx),
    );
    return { SAMLProvider: toWireSamlProvider(provider) };
  },
});
