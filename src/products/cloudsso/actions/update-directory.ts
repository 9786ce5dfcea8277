import { Type } from '@sinclair/typebox';
import { updateDirectory } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam, DirectorySchema, toWireDirectory } from '../wire.js';

export default defineAction({
  name: 'UpdateDirectory',
  params: Type.Object({ DirectoryId: DirectoryIdParam, NewDirectoryName: Type.Optional(Type.String()) }),
  response: Type.Object({ Directory: DirectorySchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    const d = await updateDirectory(ctx.core, p.DirectoryId, { newName: p.NewDirectoryName }, viaManagement(ctx));
    return { Directory: toWireDirectory(d) };
  },
});
