import { Type } from '@sinclair/typebox';
import { setRamAccessKeyStatus } from '../../../core/ram/access-keys.js';
import { defineAction } from '../../../rpc/action.js';
import { AccessKeyStatusParam, fromRamKeyStatus, UserAccessKeyIdParam, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'UpdateAccessKey',
  params: Type.Object({ UserName: UserNameParam, UserAccessKeyId: UserAccessKeyIdParam, Status: AccessKeyStatusParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await setRamAccessKeyStatus(scope(ctx), p.UserName, p.UserAccessKeyId, fromRamKeyStatus(p.Status), by(ctx));
    return {};
  },
});
