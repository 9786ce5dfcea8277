import { Type } from '@sinclair/typebox';
import { deleteRamRole } from '../../../core/ram/roles.js';
import { defineAction } from '../../../rpc/action.js';
import { RoleNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';
import { roleArn } from '../resources.js';

export default defineAction({
  name: 'DeleteRole',
  params: Type.Object({ RoleName: RoleNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: async (p, arn, core) => [await roleArn(core, arn, p.RoleName)] },
  async handler(ctx, p) {
    await deleteRamRole(scope(ctx), p.RoleName, by(ctx));
    return {};
  },
});
