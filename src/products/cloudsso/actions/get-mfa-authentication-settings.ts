import { Type } from '@sinclair/typebox';
import { getMfaSettings } from '../../../core/sign-in/mfa.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/** Deprecated read of the second-generation mode (top-level key, all-caps `MFA`). */
export default defineAction({
  name: 'GetMFAAuthenticationSettings',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ MFAAuthenticationAdvanceSettings: Type.String() }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    return { MFAAuthenticationAdvanceSettings: (await getMfaSettings(ctx.core, p.DirectoryId)).mode };
  },
});
