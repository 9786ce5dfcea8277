import { Type } from '@sinclair/typebox';
import { setRamAccessKeyStatus } from '../../../core/ram/access-keys.js';
import { defineAction } from '../../../rpc/action.js';
import { AccessKeyStatusParam, fromRamKeyStatus, UserAccessKeyIdParam, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'UpdateAccessKey',
  params: Type.Object({ UserName: UserNameParam, UserAccessKeyId: UserAccessKeyIdParam, Status: AccessKeyStatusParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    await setRamAccessKeyStatus(scope(ctx), p.UserName, p.UserAccessKeyId, fromRamKeyStatus(p.Status), by(ctx));
    return {};
  },
});
