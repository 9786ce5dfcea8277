import { Type } from '@sinclair/typebox';
import { createRamRole } from '../../../core/ram/roles.js';
import { defineAction } from '../../../rpc/action.js';
import { RamRoleSchema, RoleNameParam, toWireRole } from '../wire.js';
import { by, scope } from '../provenance.js';
import { roleArn } from '../resources.js';

export default defineAction({
  name: 'CreateRole',
  params: Type.Object({
    RoleName: RoleNameParam,
    AssumeRolePolicyDocument: Type.String({ minLength: 1, maxLength: 4096 }),
    Description: Type.Optional(Type.String({ maxLength: 2048 })),
    MaxSessionDuration: Type.Optional(Type.Integer()),
  }),
  response: Type.Object({ Role: RamRoleSchema }),
  ram: { accessLevel: 'create', resources: async (p, arn, core) => [await roleArn(core, arn, p.RoleName)] },
  async handler(ctx, p) {
    const role = await createRamRole(
      scope(ctx),
      { name: p.RoleName, trustPolicy: p.AssumeRolePolicyDocument, description: p.Description, maxSessionDuration: p.MaxSessionDuration },
      by(ctx),
    );
    return { Role: toWireRole(role, { update: false }) };
  },
});
