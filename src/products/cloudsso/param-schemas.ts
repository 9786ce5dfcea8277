import { Type, type TSchema } from '@sinclair/typebox';
import { TAG_LIMITS } from '../../core/tag-rules.js';
import { TAGGABLE_RESOURCE_TYPES, type TaggableResourceType } from '../../core/tags.js';
import type { PageRequest } from '../../core/paging.js';

/**
 * Parameter schemas shared by the user, group, membership and tag actions, with CloudSSO's limits
 * (cloudsso-api.md §0, §3.3-§3.5). Names are the wire names; a failing check becomes
 * `InvalidParameter.<Name>` with the schema's `errorMessage` (params.ts).
 */

/** `u-…`, `g-…`: an unknown or malformed ID is EntityNotExists.*, as CloudSSO answers. */
export const EntityIdParam = Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be an ID of 1 to 64 characters' });

export const Text = (max: number) => Type.String({ maxLength: max, errorMessage: `it must be at most ${max} characters` });

/**
 * An integer parameter in [min, max], written as its decimal digits. A plain Type.Integer would
 * let TypeBox's conversion turn `1.5` into 1 and `true` into 1; the wire value must be the number.
 */
export function IntegerParam(min: number, max: number): ReturnType<typeof Type.String> {
  const values = Array.from({ length: max - min + 1 }, (_, i) => String(min + i));
  return Type.String({ pattern: `^(?:${values.join('|')})$`, errorMessage: `it must be an integer from ${min} to ${max}` });
}

export const BooleanParam = Type.Boolean({ errorMessage: 'it must be true or false' });

export const ProvisionTypeParam = Type.Union([Type.Literal('Manual'), Type.Literal('Synchronized')]);

export const FilterParam = Type.String({ maxLength: 1024, errorMessage: 'it must be at most 1024 characters' });

/** MaxResults 1-100 (default 10) and an opaque NextToken, as every paginated CloudSSO list. */
export const pagingParams = {
  MaxResults: Type.Optional(IntegerParam(1, 100)),
  NextToken: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, errorMessage: 'it must be a NextToken returned by the previous call' })),
};

export const DEFAULT_MAX_RESULTS = 10;

export function pageRequest(p: { MaxResults?: string | undefined; NextToken?: string | undefined }): PageRequest {
  return { maxResults: p.MaxResults === undefined ? DEFAULT_MAX_RESULTS : Number(p.MaxResults), ...(p.NextToken ? { nextToken: p.NextToken } : {}) };
}

/** `IsTruncated`, `NextToken` (only when truncated), `MaxResults`, `TotalCounts` and the items. */
export function pagedResponse<K extends string, T extends TSchema>(itemsName: K, item: T) {
  return Type.Object({
    IsTruncated: Type.Boolean(),
    NextToken: Type.Optional(Type.String()),
    MaxResults: Type.Integer(),
    TotalCounts: Type.Integer(),
    ...({ [itemsName]: Type.Array(item) } as { [P in K]: ReturnType<typeof Type.Array<T>> }),
  });
}

export function pagedBody<T>(page: { items: T[]; total: number; maxResults: number; nextToken?: string }) {
  return {
    IsTruncated: page.nextToken !== undefined,
    ...(page.nextToken !== undefined ? { NextToken: page.nextToken } : {}),
    MaxResults: page.maxResults,
    TotalCounts: page.total,
  };
}

/**
 * `Tags.N.Key` / `Tags.N.Value` (or `Tag.N.…`) of tags to write: key 1-128, value 0-128 (an
 * absent value is the empty string), at most 20. The finer rules are the core's (tag-rules.ts).
 */
export const TagsToWriteParam = Type.Array(
  Type.Object({
    Key: Type.String({ minLength: 1, maxLength: TAG_LIMITS.keyMax, errorMessage: `it must be 1 to ${TAG_LIMITS.keyMax} characters` }),
    Value: Type.Optional(Type.String({ maxLength: TAG_LIMITS.valueMax, errorMessage: `it must be at most ${TAG_LIMITS.valueMax} characters` })),
  }),
  { maxItems: TAG_LIMITS.tagsPerCall, errorMessage: `it must be a list of at most ${TAG_LIMITS.tagsPerCall} tags (.N.Key and .N.Value)` },
);

/** Tags as a filter: both the key and the value must be given. */
export const TagsFilterParam = Type.Array(
  Type.Object({
    Key: Type.String({ minLength: 1, maxLength: TAG_LIMITS.keyMax, errorMessage: `it must be 1 to ${TAG_LIMITS.keyMax} characters` }),
    Value: Type.String({ maxLength: TAG_LIMITS.valueMax, errorMessage: `it must be at most ${TAG_LIMITS.valueMax} characters` }),
  }),
  { maxItems: TAG_LIMITS.tagsPerCall, errorMessage: `it must be a list of at most ${TAG_LIMITS.tagsPerCall} tags (.N.Key and .N.Value)` },
);

export const toCoreTags = (tags: ReadonlyArray<{ Key: string; Value?: string | undefined }> | undefined) =>
  (tags ?? []).map((t) => ({ key: t.Key, value: t.Value ?? '' }));

/** Optional text: absent stays absent (unchanged), `""` clears the value. */
export const textChange = (v: string | undefined): string | null | undefined => (v === undefined ? undefined : v === '' ? null : v);

/** `ResourceType` of the tag operations: users (§1) and access configurations (decision 0175). */
export const TagResourceTypeParam = Type.Union(
  TAGGABLE_RESOURCE_TYPES.map((t) => Type.Literal(t)),
  { errorMessage: `it must be ${TAGGABLE_RESOURCE_TYPES.map((t) => `"${t}"`).join(' or ')}` },
);

/** The ARN path of a tagged resource, as the resource's own actions name it. */
export const tagResourcePath = (type: TaggableResourceType, directoryId: string, id: string): string =>
  `directory/${directoryId}/${type === 'accessconfiguration' ? 'access-configuration' : 'user'}/${id}`;

/** `ResourceId.N`: 1 to 50 user or access configuration IDs. */
export const ResourceIdsParam = Type.Array(EntityIdParam, {
  minItems: 1,
  maxItems: TAG_LIMITS.resourcesPerCall,
  errorMessage: `it must be a list of 1 to ${TAG_LIMITS.resourcesPerCall} resource IDs (ResourceId.N)`,
});
