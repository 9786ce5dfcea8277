import { Type } from '@sinclair/typebox';
import { getUserProvisioningRdAccountStatistics } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { AccountIdParam, DirectoryIdParam } from '../wire.js';
import { toWireUserProvisioningStatistics, userProvisioningArn, UserProvisioningStatisticsSchema } from '../wire-user-provisioning.js';

/** Failed events and the last synchronization over the provisionings of one member account (cloudsso-api.md §3.8). */
export default defineAction({
  name: 'GetUserProvisioningRdAccountStatistics',
  params: Type.Object({ DirectoryId: DirectoryIdParam, RdMemberId: AccountIdParam }),
  response: Type.Object({ UserProvisioningStatistics: UserProvisioningStatisticsSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, undefined, arn)] },
  async handler(ctx, p) {
    return { UserProvisioningStatistics: toWireUserProvisioningStatistics(await getUserProvisioningRdAccountStatistics(ctx.core, p.DirectoryId, p.RdMemberId)) };
  },
});
