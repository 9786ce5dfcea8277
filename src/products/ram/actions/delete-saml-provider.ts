import { Type } from '@sinclair/typebox';
import { deleteSamlProvider } from '../../../core/ram/saml-providers.js';
import { defineAction } from '../../../rpc/action.js';
import { SAMLProviderNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { samlProviderArn } from '../resources.js';

export default defineAction({
  name: 'DeleteSAMLProvider',
  params: Type.Object({ SAMLProviderName: SAMLProviderNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: async (p, arn, core) => [await samlProviderArn(core, arn, p.SAMLProviderName)] },
  async handler(ctx, p) {
    await deleteSamlProvider(scope(ctx), p.SAMLProviderName, by(ctx));
    return {};
  },
});
