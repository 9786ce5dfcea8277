import { Type } from '@sinclair/typebox';
import { deleteRamRole } from '../../../core/ram/roles.js';
import { defineAction } from '../../../rpc/action.js';
import { RoleNameParam } from '../wire.js';
import { by, scope } from '../provenance.js';

export default defineAction({
  name: 'DeleteRole',
  params: Type.Object({ RoleName: RoleNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`role/${p.RoleName}`)] },
  async handler(ctx, p) {
    await deleteRamRole(scope(ctx), p.RoleName, by(ctx));
    return {};
  },
});
