import { Type } from '@sinclair/typebox';
import { updateRamUser } from '../../../core/ram/users.js';
import { defineAction } from '../../../rpc/action.js';
import { CommentsParam, DisplayNameParam, EmailParam, MobilePhoneParam, RamUserSchema, toWireRamUser, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { userArn } from '../resources.js';

/** RAM UpdateUser: each `New*` given replaces that field; an empty value clears it. */
export default defineAction({
  name: 'UpdateUser',
  params: Type.Object({
    UserName: UserNameParam,
    NewUserName: Type.Optional(UserNameParam),
    NewDisplayName: DisplayNameParam,
    NewEmail: EmailParam,
    NewMobilePhone: MobilePhoneParam,
    NewComments: CommentsParam,
  }),
  response: Type.Object({ User: RamUserSchema }),
  // A rename acts on the new name too: a Deny on user/admin must stop `NewUserName=ADMIN`.
  ram: {
    accessLevel: 'update',
    resources: async (p, arn, core) => [
      await userArn(core, arn, p.UserName),
      ...(p.NewUserName ? [await userArn(core, arn, p.NewUserName)] : []),
    ],
  },
  async handler(ctx, p) {
    const user = await updateRamUser(
      scope(ctx),
      p.UserName,
      { name: p.NewUserName, displayName: p.NewDisplayName, email: p.NewEmail, mobilePhone: p.NewMobilePhone, comments: p.NewComments },
      by(ctx),
    );
    return { User: toWireRamUser(user) };
  },
});
