import { Type } from '@sinclair/typebox';
import { createRamAccessKey, deleteRamAccessKey, listRamAccessKeys, setRamAccessKeyStatus } from '../../../core/ram-access-keys.js';
import { defineRamAction } from '../error-map.js';
import { AccessKeySchema, AccessKeyStatusParam, fromRamKeyStatus, ramTime, toRamKeyStatus, toWireAccessKey, UserNameParam } from '../wire.js';
import { by } from './provenance.js';

/**
 * AccessKeys of RAM users (RAM API: CreateAccessKey, ListAccessKeys, UpdateAccessKey,
 * DeleteAccessKey). RAM lets a caller omit UserName to mean its own keys; here UserName is
 * required (the resource ARN names the user, and root keys are not managed through this API).
 */
const UserAccessKeyIdParam = Type.String({ minLength: 1, maxLength: 64 });

export const createAccessKey = defineRamAction({
  name: 'CreateAccessKey',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({
    AccessKey: Type.Object({ AccessKeyId: Type.String(), AccessKeySecret: Type.String(), Status: Type.String(), CreateDate: Type.String() }),
  }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    const { key, secret } = await createRamAccessKey(ctx.core, p.UserName, by(ctx));
    // The only response that carries the secret.
    return { AccessKey: { AccessKeyId: key.id, AccessKeySecret: secret, Status: toRamKeyStatus(key.status), CreateDate: ramTime(key.createTime) } };
  },
});

export const listAccessKeys = defineRamAction({
  name: 'ListAccessKeys',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({ AccessKeys: Type.Object({ AccessKey: Type.Array(AccessKeySchema) }) }),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    return { AccessKeys: { AccessKey: (await listRamAccessKeys(ctx.core, p.UserName)).map(toWireAccessKey) } };
  },
});

export const updateAccessKey = defineRamAction({
  name: 'UpdateAccessKey',
  params: Type.Object({ UserName: UserNameParam, UserAccessKeyId: UserAccessKeyIdParam, Status: AccessKeyStatusParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await setRamAccessKeyStatus(ctx.core, p.UserName, p.UserAccessKeyId, fromRamKeyStatus(p.Status), by(ctx));
    return {};
  },
});

export const deleteAccessKey = defineRamAction({
  name: 'DeleteAccessKey',
  params: Type.Object({ UserName: UserNameParam, UserAccessKeyId: UserAccessKeyIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await deleteRamAccessKey(ctx.core, p.UserName, p.UserAccessKeyId, by(ctx));
    return {};
  },
});
