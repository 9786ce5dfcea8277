import { Type } from '@sinclair/typebox';
import { createRamAccessKey } from '../../../core/ram/access-keys.js';
import { defineAction } from '../../../rpc/action.js';
import { ramTime, toRamKeyStatus, UserNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { userArn } from '../resources.js';

export default defineAction({
  name: 'CreateAccessKey',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({
    AccessKey: Type.Object({ AccessKeyId: Type.String(), AccessKeySecret: Type.String(), Status: Type.String(), CreateDate: Type.String() }),
  }),
  ram: { accessLevel: 'create', resources: async (p, arn, core) => [await userArn(core, arn, p.UserName)] },
  async handler(ctx, p) {
    const { key, secret } = await createRamAccessKey(scope(ctx), p.UserName, by(ctx));
    // The only response that carries the secret.
    return { AccessKey: { AccessKeyId: key.id, AccessKeySecret: secret, Status: toRamKeyStatus(key.status), CreateDate: ramTime(key.createTime) } };
  },
});
