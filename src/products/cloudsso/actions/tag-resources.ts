import { Type } from '@sinclair/typebox';
import { tagResources } from '../../../core/tags.js';
import { defineAction } from '../../../rpc/action.js';
import { ResourceIdsParam, TagResourceTypeParam, TagsToWriteParam, toCoreTags } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Adds or overwrites tags on users (Alibaba's TagResources shape: `ResourceId.N`, `Tag.N.Key`,
 * `Tag.N.Value`). A user has at most 20 tags. RAM: not in §5.5; inferred as an update of each user.
 */
export default defineAction({
  name: 'TagResources',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    ResourceType: TagResourceTypeParam,
    ResourceId: ResourceIdsParam,
    Tag: TagsToWriteParam,
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => p.ResourceId.map((id) => arn(`directory/${p.DirectoryId}/user/${id}`)) },
  async handler(ctx, p) {
    await tagResources(ctx.core, p.DirectoryId, p.ResourceType, p.ResourceId, toCoreTags(p.Tag), viaManagement(ctx));
    return {};
  },
});
