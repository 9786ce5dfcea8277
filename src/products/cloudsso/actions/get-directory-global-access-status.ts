import { Type } from '@sinclair/typebox';
import { getGlobalAccessStatus } from '../../../core/directory-features.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * `GlobalAccessStatus: { status }`, with the lowercase inner key Terraform reads
 * (cloudsso-access.md §8.3; docs/decisions/0151).
 */
export default defineAction({
  name: 'GetDirectoryGlobalAccessStatus',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ GlobalAccessStatus: Type.Object({ status: Type.String() }) }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    return { GlobalAccessStatus: { status: await getGlobalAccessStatus(ctx.core, p.DirectoryId) } };
  },
});
