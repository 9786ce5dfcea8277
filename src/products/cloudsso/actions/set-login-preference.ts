import { Type } from '@sinclair/typebox';
import { setLoginPreference } from '../../../core/sign-in/login-preference.js';
import { defineAction } from '../../../rpc/action.js';
import { BooleanParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * LoginNetworkMasks: up to 100 IPv4 addresses or CIDR blocks separated by `;`; omitted, the list
 * is unchanged; `";"` clears it (cloudsso-access.md §5.1).
 */
export default defineAction({
  name: 'SetLoginPreference',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    AllowUserToGetCredentials: Type.Optional(BooleanParam),
    LoginNetworkMasks: Type.Optional(Type.String({ maxLength: 4096, errorMessage: 'it must be at most 4096 characters' })),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await setLoginPreference(
      ctx.core,
      p.DirectoryId,
      { allowUserToGetCredentials: p.AllowUserToGetCredentials, loginNetworkMasks: p.LoginNetworkMasks },
      viaManagement(ctx),
    );
    return {};
  },
});
