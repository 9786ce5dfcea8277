import { Type } from '@sinclair/typebox';
import { enableResourceDirectory } from '../../../core/resource-directory.js';
import { defineAction } from '../../../rpc/action.js';
import { caller, ResourceDirectorySchema, toWireDirectory } from '../wire.js';

export default defineAction({
  name: 'EnableResourceDirectory',
  params: Type.Object({
    EnableMode: Type.Optional(Type.Union([Type.Literal('CurrentAccount'), Type.Literal('NewManagementAccount')])),
    MAName: Type.Optional(Type.String({ maxLength: 128 })),
    MASecureMobilePhone: Type.Optional(Type.String({ maxLength: 64 })),
    VerificationCode: Type.Optional(Type.String({ maxLength: 64 })),
  }),
  response: Type.Object({ ResourceDirectory: ResourceDirectorySchema }),
  ram: { accessLevel: 'create', resources: (_p, arn) => [arn('rd/*')] },
  async handler(ctx, p) {
    return { ResourceDirectory: toWireDirectory(await enableResourceDirectory(ctx.core, caller(ctx), p.MAName)) };
  },
});
