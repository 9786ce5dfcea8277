import { Type } from '@sinclair/typebox';
import { getDirectory } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

export default defineAction({
  name: 'GetSCIMSynchronizationStatus',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ SCIMSynchronizationStatus: Type.String() }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const d = await getDirectory(ctx.core, p.DirectoryId);
    return { SCIMSynchronizationStatus: d.scimSyncEnabled ? 'Enabled' : 'Disabled' };
  },
});
