import { Type } from '@sinclair/typebox';
import { listTagResources } from '../../../core/tags.js';
import { defineAction } from '../../../rpc/action.js';
import { pageRequest, pagingParams, ResourceIdsParam, tagResourcePath, TagResourceTypeParam, TagsFilterParam, toCoreTags } from '../param-schemas.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Tag rows of users or access configurations (`ResourceType`), in (resource ID, key) order: optionally only those of `ResourceId.N`, and only
 * those equal to one of `Tag.N` (key and value). Alibaba's ListTagResources response:
 * `TagResources[] {ResourceId, ResourceType, TagKey, TagValue}` and `NextToken` while more rows
 * follow. RAM: not in §5.5; inferred as a list of the resources named, or of `user/*`
 * (`access-configuration/*`).
 */
export default defineAction({
  name: 'ListTagResources',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    ResourceType: TagResourceTypeParam,
    ResourceId: Type.Optional(ResourceIdsParam),
    Tag: Type.Optional(TagsFilterParam),
    ...pagingParams,
  }),
  response: Type.Object({
    NextToken: Type.Optional(Type.String()),
    TagResources: Type.Array(Type.Object({ ResourceId: Type.String(), ResourceType: Type.String(), TagKey: Type.String(), TagValue: Type.String() })),
  }),
  ram: {
    accessLevel: 'list',
    resources: (p, arn) =>
      p.ResourceId && p.ResourceId.length > 0
        ? p.ResourceId.map((id) => arn(tagResourcePath(p.ResourceType, p.DirectoryId, id)))
        : [arn(tagResourcePath(p.ResourceType, p.DirectoryId, '*'))],
  },
  async handler(ctx, p) {
    const tags = toCoreTags(p.Tag);
    const page = await listTagResources(
      ctx.core,
      p.DirectoryId,
      { resourceType: p.ResourceType, ...(p.ResourceId ? { resourceIds: p.ResourceId } : {}), ...(tags.length > 0 ? { tags } : {}) },
      pageRequest(p),
    );
    return {
      ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
      TagResources: page.items.map((t) => ({ ResourceId: t.resourceId, ResourceType: t.resourceType, TagKey: t.key, TagValue: t.value })),
    };
  },
});
