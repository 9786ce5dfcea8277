import { Type } from '@sinclair/typebox';
import { deleteRamUser } from '../../../core/ram/users.js';
import { defineAction } from '../../../rpc/action.js';
import { UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'DeleteUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await deleteRamUser(scope(ctx), p.UserName, by(ctx));
    return {};
  },
});
