import { Type } from '@sinclair/typebox';
import { createDirectory } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectorySchema, toWireDirectory } from '../wire.js';

export default defineAction({
  name: 'CreateDirectory',
  params: Type.Object({ DirectoryName: Type.Optional(Type.String()) }),
  response: Type.Object({ Directory: DirectorySchema }),
  ram: { accessLevel: 'create', resources: (_p, arn) => [arn('directory/*')] },
  async handler(ctx, p) {
    const d = await createDirectory(ctx.core, { name: p.DirectoryName }, viaManagement(ctx));
    return { Directory: toWireDirectory(d) };
  },
});
