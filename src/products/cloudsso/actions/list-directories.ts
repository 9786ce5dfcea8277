import { Type } from '@sinclair/typebox';
import { listDirectories } from '../../../core/directories.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectorySchema, toWireDirectory } from '../wire.js';

/** Not paginated in CloudSSO: only TotalCounts and the array. */
export default defineAction({
  name: 'ListDirectories',
  params: Type.Object({}),
  response: Type.Object({ TotalCounts: Type.Integer(), Directories: Type.Array(DirectorySchema) }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('directory/*')] },
  async handler(ctx) {
    const all = await listDirectories(ctx.core);
    return { TotalCounts: all.length, Directories: all.map(toWireDirectory) };
  },
});
