import { Type } from '@sinclair/typebox';
import { getSamlProvider } from '../../../core/ram/saml-providers.js';
import { defineAction } from '../../../rpc/action.js';
import { SamlProviderSchema, SAMLProviderNameParam, toWireSamlProvider } from '../wire.js';
import { scope } from '../provenance.js';
import { samlProviderArn } from '../resources.js';

export default defineAction({
  name: 'GetSAMLProvider',
  params: Type.Object({ SAMLProviderName: SAMLProviderNameParam }),
  response: Type.Object({ SAMLProvider: SamlProviderSchema }),
  ram: { accessLevel: 'get', resources: async (p, arn, core) => [await samlProviderArn(core, arn, p.SAMLProviderName)] },
  async handler(ctx, p) {
    return { SAMLProvider: toWireSamlProvider(await getSamlProvider(scope(ctx), p.SAMLProviderName), true) };
  },
});
