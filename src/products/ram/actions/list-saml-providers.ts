import { Type } from '@sinclair/typebox';
import { listSamlProviders } from '../../../core/ram/saml-providers.js';
import { defineAction } from '../../../rpc/action.js';
import { MarkerParam, MaxItemsParam, SamlProviderSchema, toWireSamlProvider, truncation } from '../wire.js';
import { scope } from '../provenance.js';

export default defineAction({
  name: 'ListSAMLProviders',
  params: Type.Object({ Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    SAMLProviders: Type.Object({ SAMLProvider: Type.Array(SamlProviderSchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('saml-provider/*')] },
  async handler(ctx, p) {
    const page = await listSamlProviders(scope(ctx), p.Marker, p.MaxItems);
    return { ...truncation(page, (s) => s.name), SAMLProviders: { SAMLProvider: page.items.map((s) => toWireSamlProvider(s)) } };
  },
});
