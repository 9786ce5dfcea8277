import { Type } from '@sinclair/typebox';
import { tagResources } from '../../../core/tags.js';
import { defineAction } from '../../../rpc/action.js';
import { ResourceIdsParam, tagResourcePath, TagResourceTypeParam, TagsToWriteParam, toCoreTags } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Adds or overwrites tags on users or access configurations (Alibaba's TagResources shape:
 * `ResourceId.N`, `Tag.N.Key`, `Tag.N.Value`). A resource has at most 20 tags. RAM: not in §5.5;
 * inferred as an update of each resource.
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
  ram: { accessLevel: 'update', resources: (p, arn) => p.ResourceId.map((id) => arn(tagResourcePath(p.ResourceType, p.DirectoryId, id))) },
  async handler(ctx, p) {
    await tagResources(ctx.core, p.DirectoryId, p.ResourceType, p.ResourceId, toCoreTags(p.Tag), viaManagement(ctx));
    return {};
  },
});
