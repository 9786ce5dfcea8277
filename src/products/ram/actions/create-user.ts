import { Type } from '@sinclair/typebox';
import { createRamUser } from '../../../core/ram/users.js';
import { defineAction } from '../../../rpc/action.js';
import { RamUserSchema, toWireRamUser, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'CreateUser',
  params: Type.Object({ UserName: UserNameParam, DisplayName: Type.Optional(Type.String({ maxLength: 128 })) }),
  response: Type.Object({ User: RamUserSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    const user = await createRamUser(scope(ctx), { name: p.UserName, displayName: p.DisplayName }, by(ctx));
    return { User: toWireRamUser(user, false) };
  },
});
