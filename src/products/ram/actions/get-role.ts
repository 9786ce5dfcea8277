import { Type } from '@sinclair/typebox';
import { getRamRole } from '../../../core/ram/roles.js';
import { defineAction } from '../../../rpc/action.js';
import { RamRoleSchema, RoleNameParam, toWireRole } from '../wire.js';
import { scope } from '../provenance.js';
import { roleArn } from '../resources.js';

export default defineAction({
  name: 'GetRole',
  params: Type.Object({ RoleName: RoleNameParam }),
  response: Type.Object({ Role: RamRoleSchema }),
  ram: { accessLevel: 'get', resources: async (p, arn, core) => [await roleArn(core, arn, p.RoleName)] },
  async handler(ctx, p) {
    return { Role: toWireRole(await getRamRole(scope(ctx), p.RoleName)) };
  },
});
