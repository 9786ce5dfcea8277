import { Type } from '@sinclair/typebox';
import { untagResources } from '../../../core/tags.js';
import { TAG_LIMITS } from '../../../core/tag-rules.js';
import { defineAction } from '../../../rpc/action.js';
import { BooleanParam, ResourceIdsParam, tagResourcePath, TagResourceTypeParam } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { invalidParameter } from '../../../rpc/edge-errors.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Removes the tags `TagKey.N` from users or access configurations, or all their tags with `All=true` (which applies only
 * when no TagKey is given, as in Alibaba's other UntagResources). With neither, nothing would
 * happen: that is refused as InvalidParameter.TagKey rather than silently succeeding.
 */
export default defineAction({
  name: 'UntagResources',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    ResourceType: TagResourceTypeParam,
    ResourceId: ResourceIdsParam,
    TagKey: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: TAG_LIMITS.keyMax, errorMessage: `it must be 1 to ${TAG_LIMITS.keyMax} characters` }), {
        maxItems: TAG_LIMITS.tagsPerCall,
        errorMessage: `it must be a list of at most ${TAG_LIMITS.tagsPerCall} tag keys (TagKey.N)`,
      }),
    ),
    All: Type.Optional(BooleanParam),
  }),
  response: Type.Object({}),
  ram: { accessLevel: 'update', resources: (p, arn) => p.ResourceId.map((id) => arn(tagResourcePath(p.ResourceType, p.DirectoryId, id))) },
  async handler(ctx, p) {
    const keys = p.TagKey && p.TagKey.length > 0 ? p.TagKey : p.All === true ? 'all' : undefined;
    if (keys === undefined) throw invalidParameter('TagKey', 'give the keys to remove (TagKey.N), or All=true to remove every tag');
    await untagResources(ctx.core, p.DirectoryId, p.ResourceType, p.ResourceId, keys, viaManagement(ctx));
    return {};
  },
});
