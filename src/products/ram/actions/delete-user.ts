import { Type } from '@sinclair/typebox';
import { deleteRamUser } from '../../../core/ram/users.js';
import { defineAction } from '../../../rpc/action.js';
import { UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'DeleteUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    await deleteRamUser(scope(ctx), p.UserName, by(ctx));
    return {};
  },
});
