import { Type } from '@sinclair/typebox';
import { updateRamRole } from '../../../core/ram/roles.js';
import { defineAction } from '../../../rpc/action.js';
import { RamRoleSchema, RoleNameParam, toWireRole } from '../wire.js';
import { by, scope } from '../provenance.js';
import { roleArn } from '../resources.js';

export default defineAction({
  name: 'UpdateRole',
  params: Type.Object({
    RoleName: RoleNameParam,
    NewAssumeRolePolicyDocument: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
    NewDescription: Type.Optional(Type.String({ maxLength: 2048 })),
    NewMaxSessionDuration: Type.Optional(Type.Integer()),
  }),
  response: Type.Object({ Role: RamRoleSchema }),
  ram: { accessLevel: 'update', resources: async (p, arn, core) => [await roleArn(core, arn, p.RoleName)] },
  async handler(ctx, p) {
    const role = await updateRamRole(
      scope(ctx),
      p.RoleName,
      { trustPolicy: p.NewAssumeRolePolicyDocument, description: p.NewDescription, maxSessionDuration: p.NewMaxSessionDuration },
      by(ctx),
    );
    return { Role: toWireRole(role) };
  },
});
