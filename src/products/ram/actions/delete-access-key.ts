import { Type } from '@sinclair/typebox';
import { deleteRamAccessKey } from '../../../core/ram/access-keys.js';
import { defineAction } from '../../../rpc/action.js';
import { UserAccessKeyIdParam, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'DeleteAccessKey',
  params: Type.Object({ UserName: UserNameParam, UserAccessKeyId: UserAccessKeyIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    await deleteRamAccessKey(scope(ctx), p.UserName, p.UserAccessKeyId, by(ctx));
    return {};
  },
});
