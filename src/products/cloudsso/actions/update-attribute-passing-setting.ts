import { Type } from '@sinclair/typebox';
import { setAttributePassing, SOURCE_IDENTITY_PASSING } from '../../../core/directory-features.js';
import { defineAction } from '../../../rpc/action.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * SourceIdentityPassing `IdP`, `UserName` or `Disabled` (cloudsso-access.md §8.4). Stored and
 * returned; the SourceIdentity of the portal's STS sessions is later work (docs/decisions/0151).
 */
export default defineAction({
  name: 'UpdateAttributePassingSetting',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    SourceIdentityPassing: Type.Union(
      SOURCE_IDENTITY_PASSING.map((v) => Type.Literal(v)),
      { errorMessage: `SourceIdentityPassing must be one of ${SOURCE_IDENTITY_PASSING.join(', ')}` },
    ),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}`)] },
  async handler(ctx, p) {
    await setAttributePassing(ctx.core, p.DirectoryId, p.SourceIdentityPassing, viaManagement(ctx));
    return {};
  },
});
