import { Type } from '@sinclair/typebox';
import { retryUserProvisioningEvent } from '../../../core/user-provisioning/provisionings.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DuplicationStrategyParam, userProvisioningArn, UserProvisioningEventIdParam } from '../wire-user-provisioning.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Runs the failed synchronization again in the background, optionally with another
 * DuplicationStrategy for this run; the event goes once a run succeeds (§7).
 */
export default defineAction({
  name: 'RetryUserProvisioningEvent',
  params: Type.Object({ DirectoryId: DirectoryIdParam, EventId: UserProvisioningEventIdParam, DuplicationStrategy: Type.Optional(DuplicationStrategyParam) }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [userProvisioningArn(p.DirectoryId, undefined, arn)] },
  async handler(ctx, p) {
    await retryUserProvisioningEvent(ctx.core, p.DirectoryId, p.EventId, p.DuplicationStrategy, viaManagement(ctx));
    return {};
  },
});
