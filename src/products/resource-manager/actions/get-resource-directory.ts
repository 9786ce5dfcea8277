import { Type } from '@sinclair/typebox';
import { getResourceDirectory } from '../../../core/resource-directory.js';
import { defineAction } from '../../../rpc/action.js';
import { caller, ResourceDirectorySchema, toWireDirectory } from '../wire.js';

export default defineAction({
  name: 'GetResourceDirectory',
  params: Type.Object({}),
  response: Type.Object({ ResourceDirectory: ResourceDirectorySchema }),
  ram: { accessLevel: 'get', resources: (_p, arn) => [arn('rd/*')] },
  async handler(ctx) {
    return { ResourceDirectory: toWireDirectory(await getResourceDirectory(ctx.core, caller(ctx)), true) };
  },
});
