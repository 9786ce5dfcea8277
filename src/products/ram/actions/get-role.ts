import { Type } from '@sinclair/typebox';
import { getRamRole } from '../../../core/ram/roles.js';
import { defineAction } from '../../../rpc/action.js';
import { RamRoleSchema, RoleNameParam, toWireRole } from '../wire.js';
import { scope } from '../provenance.js';

export default defineAction({
  name: 'GetRole',
  params: Type.Object({ RoleName: RoleNameParam }),
  response: Type.Object({ Role: RamRoleSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`role/${p.RoleName}`)] },
  async handler(ctx, p) {
    return { Role: toWireRole(await getRamRole(scope(ctx), p.RoleName)) };
  },
});
