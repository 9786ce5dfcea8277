import { Type } from '@sinclair/typebox';
import { getUserProvisioningStatistics } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import {
  toWireUserProvisioningStatistics,
  userProvisioningArn,
  UserProvisioningIdParam,
  UserProvisioningStatisticsSchema,
} from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/** Failed events and the last synchronization of one provisioning (cloudsso-api.md §3.8). */
export default defineAction({
  name: 'GetUserProvisioningStatistics',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserProvisioningId: UserProvisioningIdParam }),
  response: Type.Object({ UserProvisioningStatistics: UserProvisioningStatisticsSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, p.UserProvisioningId, arn)] },
  async handler(ctx, p) {
    return { UserProvisioningStatistics: toWireUserProvisioningStatistics(await getUserProvisioningStatistics(ctx.core, p.DirectoryId, p.UserProvisioningId)) };
  },
});
