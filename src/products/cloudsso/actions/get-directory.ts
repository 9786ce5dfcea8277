import { Type } from '@sinclair/typebox';
import { getDirectory } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam, DirectorySchema, toWireDirectory } from '../wire.js';

export default defineAction({
  name: 'GetDirectory',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ Directory: DirectorySchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    return { Directory: toWireDirectory(await getDirectory(ctx.core, p.DirectoryId)) };
  },
});
