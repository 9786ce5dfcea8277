import { Type } from '@sinclair/typebox';
import { assumedRoleArn, assumeRole, assumeRoleResource } from '../../../core/sts.js';
import { toCloudSSOTime } from '../../../core/time.js';
import { defineAction } from '../../../rpc/action.js';
import { identityOf } from '../identity.js';

export default defineAction({
  name: 'AssumeRole',
  params: Type.Object({
    RoleArn: Type.String({ minLength: 1, maxLength: 256 }),
    RoleSessionName: Type.String({ minLength: 1, maxLength: 128 }),
    DurationSeconds: Type.Optional(Type.Integer()),
    Policy: Type.Optional(Type.String({ minLength: 1, maxLength: 8192 })),
    ExternalId: Type.Optional(Type.String({ maxLength: 2048 })),
    SourceIdentity: Type.Optional(Type.String({ maxLength: 128 })),
  }),
  response: Type.Object({
    AssumedRoleUser: Type.Object({ Arn: Type.String(), AssumedRoleId: Type.String() }),
    Credentials: Type.Object({ AccessKeyId: Type.String(), AccessKeySecret: Type.String(), SecurityToken: Type.String(), Expiration: Type.String() }),
    SourceIdentity: Type.Optional(Type.String()),
  }),
  // The role is the resource, whichever account it is in: its stored identity, not the RoleArn as written.
  ram: { accessLevel: 'get', resources: async (p, _arn, core) => [await assumeRoleResource(core, p.RoleArn)] },
  async handler(ctx, p) {
    const assumed = await assumeRole(
      ctx.core,
      identityOf(ctx.principal),
      { roleArn: p.RoleArn, roleSessionName: p.RoleSessionName, durationSeconds: p.DurationSeconds, policy: p.Policy, externalId: p.ExternalId },
      {},
      { actor: ctx.actor, requestId: ctx.requestId, ...(ctx.request ? { request: ctx.request } : {}) },
    );
    const { credential, role } = assumed;
    return {
      AssumedRoleUser: {
        Arn: assumedRoleArn(role.accountId, role.name, credential.sessionName),
        AssumedRoleId: `${role.id}:${credential.sessionName}`,
      },
      // The only response that carries the secret and the token.
      Credentials: {
        AccessKeyId: credential.id,
        AccessKeySecret: assumed.secret,
        SecurityToken: assumed.securityToken,
        Expiration: toCloudSSOTime(credential.expireTime),
      },
      ...(p.SourceIdentity ? { SourceIdentity: p.SourceIdentity } : {}),
    };
  },
});
