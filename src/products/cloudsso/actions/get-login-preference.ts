import { Type } from '@sinclair/typebox';
import { getLoginPreference } from '../../../core/sign-in/login-preference.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/** Whether users may get credentials from the portal, and the networks sign-in is allowed from ("" for any). */
export default defineAction({
  name: 'GetLoginPreference',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ LoginPreference: Type.Object({ AllowUserToGetCredentials: Type.Boolean(), LoginNetworkMasks: Type.String() }) }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const pref = await getLoginPreference(ctx.core, p.DirectoryId);
    return { LoginPreference: { AllowUserToGetCredentials: pref.allowUserToGetCredentials, LoginNetworkMasks: pref.loginNetworkMasks } };
  },
});
