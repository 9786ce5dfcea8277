import { Type } from '@sinclair/typebox';
import { getRamUser } from '../../../core/ram/users.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { RamUserSchema, toWireRamUser, UserNameParam } from '../wire.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'GetUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({ User: RamUserSchema }),
  ram: { accessLevel: 'get', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    return { User: toWireRamUser(await getRamUser(scope(ctx), p.UserName), { lastLogin: true }) };
  },
});
