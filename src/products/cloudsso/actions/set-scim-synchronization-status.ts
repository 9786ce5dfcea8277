import { Type } from '@sinclair/typebox';
import { setScimSynchronization } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam, StatusParam } from '../wire.js';

/** Documented as optional, but required here: without it the call would change nothing. */
export default defineAction({
  name: 'SetSCIMSynchronizationStatus',
  params: Type.Object({ DirectoryId: DirectoryIdParam, SCIMSynchronizationStatus: StatusParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await setScimSynchronization(ctx.core, p.DirectoryId, p.SCIMSynchronizationStatus === 'Enabled', viaManagement(ctx));
    return {};
  },
});
