import { Type } from '@sinclair/typebox';
import { listRamAccessKeys } from '../../../core/ram/access-keys.js';
import { scope } from '../provenance.js';
import { defineAction } from '../../../rpc/action.js';
import { AccessKeySchema, toWireAccessKey, UserNameParam } from '../wire.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'ListAccessKeys',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({ AccessKeys: Type.Object({ AccessKey: Type.Array(AccessKeySchema) }) }),
  ram: { accessLevel: 'list', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    return { AccessKeys: { AccessKey: (await listRamAccessKeys(scope(ctx), p.UserName)).map(toWireAccessKey) } };
  },
});
