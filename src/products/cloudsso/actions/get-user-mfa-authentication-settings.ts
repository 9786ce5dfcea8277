import { Type } from '@sinclair/typebox';
import { getUserMfaSetting } from '../../../core/sign-in/mfa.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { DirectoryIdParam } from '../wire.js';

/** A user's own MFA switch; `Enabled` for a user whose switch was never set (SDK remarks). */
export default defineAction({
  name: 'GetUserMFAAuthenticationSettings',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserId: EntityIdParam }),
  response: Type.Object({ UserMFAAuthenticationSettings: Type.String() }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    return { UserMFAAuthenticationSettings: await getUserMfaSetting(ctx.core, p.DirectoryId, p.UserId) };
  },
});
