import { Type } from '@sinclair/typebox';
import { setUserMfaSetting } from '../../../core/sign-in/mfa.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { StatusParam } from '../sign-in-wire.js';
import { DirectoryIdParam } from '../wire.js';

/** A user's own MFA switch, in force when the directory's mode is `Byuser`. */
export default defineAction({
  name: 'UpdateUserMFAAuthenticationSettings',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    UserId: EntityIdParam,
    UserMFAAuthenticationSettings: StatusParam('UserMFAAuthenticationSettings'),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    await setUserMfaSetting(ctx.core, p.DirectoryId, p.UserId, p.UserMFAAuthenticationSettings, viaManagement(ctx));
    return {};
  },
});
