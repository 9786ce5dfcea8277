import { Type } from '@sinclair/typebox';
import { deleteRamAccessKey } from '../../../core/ram/access-keys.js';
import { defineAction } from '../../../rpc/action.js';
import { UserAccessKeyIdParam, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'DeleteAccessKey',
  params: Type.Object({ UserName: UserNameParam, UserAccessKeyId: UserAccessKeyIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await deleteRamAccessKey(scope(ctx), p.UserName, p.UserAccessKeyId, by(ctx));
    return {};
  },
});
