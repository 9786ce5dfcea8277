import { Type } from '@sinclair/typebox';
import { createRamUser } from '../../../core/ram/users.js';
import { defineAction } from '../../../rpc/action.js';
import { CommentsParam, DisplayNameParam, EmailParam, MobilePhoneParam, RamUserSchema, toWireRamUser, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'CreateUser',
  params: Type.Object({ UserName: UserNameParam, DisplayName: DisplayNameParam, Email: EmailParam, MobilePhone: MobilePhoneParam, Comments: CommentsParam }),
  response: Type.Object({ User: RamUserSchema }),
  ram: { accessLevel: 'create', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    const user = await createRamUser(
      scope(ctx),
      { name: p.UserName, displayName: p.DisplayName, email: p.Email, mobilePhone: p.MobilePhone, comments: p.Comments },
      by(ctx),
    );
    return { User: toWireRamUser(user, { update: false }) };
  },
});
