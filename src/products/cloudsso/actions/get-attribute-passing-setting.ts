import { Type } from '@sinclair/typebox';
import { getAttributePassing } from '../../../core/directory-features.js';
import { defineAction } from '../../../rpc/action.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * `AttributePassingSetting: { SourceIdentityPassing }` (cloudsso-access.md §8.4), `Disabled` until
 * set. Authorized as a read of the directory (docs/decisions/0151).
 */
export default defineAction({
  name: 'GetAttributePassingSetting',
  params: Type.Object({ DirectoryId: DirectoryIdParam }),
  response: Type.Object({ AttributePassingSetting: Type.Object({ SourceIdentityPassing: Type.String() }) }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    return { AttributePassingSetting: { SourceIdentityPassing: await getAttributePassing(ctx.core, p.DirectoryId) } };
  },
});
