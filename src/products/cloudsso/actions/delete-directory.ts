import { Type } from '@sinclair/typebox';
import { deleteDirectory } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

export default defineAction({
  name: 'DeleteDirectory',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await deleteDirectory(ctx.core, p.DirectoryId, viaManagement(ctx));
    return {};
  },
});
