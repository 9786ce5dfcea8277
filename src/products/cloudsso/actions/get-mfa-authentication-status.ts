import { Type } from '@sinclair/typebox';
import { getMfaSettings } from '../../../core/sign-in/mfa.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/** The first-generation MFA switch: every mode of the new settings but `Disabled` reads as `Enabled`. */
export default defineAction({
  name: 'GetMFAAuthenticationStatus',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ MFAAuthenticationStatus: Type.String() }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const mfa = await getMfaSettings(ctx.core, p.DirectoryId);
    return { MFAAuthenticationStatus: mfa.mode === 'Disabled' ? 'Disabled' : 'Enabled' };
  },
});
