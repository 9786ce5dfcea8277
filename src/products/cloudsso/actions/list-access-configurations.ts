import { Type } from '@sinclair/typebox';
import { listAccessConfigurations } from '../../../core/access/configurations.js';
import type { ConfigurationQuery } from '../../../core/ports/access.js';
import { defineAction } from '../../../rpc/action.js';
import { invalidParameter } from '../../../rpc/edge-errors.js';
import { parseManagementFilter } from '../filter/parse.js';
import { FilterParam, pagedBody, pagedResponse, pageRequest, pagingParams, TagsFilterParam, toCoreTags } from '../param-schemas.js';
import { AccessConfigurationSchema, toWireAccessConfiguration } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

const NAME_FILTER = { wireName: 'AccessConfigurationName', coreName: 'accessconfigurationname' };

/**
 * `Filter`: `AccessConfigurationName eq|sw <value>`; `StatusNotifications=ReprovisionRequired`;
 * `Tags.N` (a configuration must carry every tag given, decision 0175); 1-100 a page (§2.3).
 */
export default defineAction({
  name: 'ListAccessConfigurations',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    Filter: Type.Optional(FilterParam),
    StatusNotifications: Type.Optional(Type.Literal('ReprovisionRequired', { errorMessage: 'it must be ReprovisionRequired' })),
    Tags: Type.Optional(TagsFilterParam),
    ...pagingParams,
  }),
  response: pagedResponse('AccessConfigurations', AccessConfigurationSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/access-configuration/*`)] },
  async handler(ctx, p) {
    const q: { -readonly [K in keyof ConfigurationQuery]: ConfigurationQuery[K] } = {};
    if (p.Filter !== undefined && p.Filter.trim() !== '') {
      const parsed = parseManagementFilter(p.Filter, NAME_FILTER);
      if (!parsed.ok) throw invalidParameter('Filter', parsed.reason);
      const f = parsed.filter;
      if ((f.op !== 'eq' && f.op !== 'sw') || typeof f.value !== 'string') throw invalidParameter('Filter', 'the operator must be eq or sw');
      q.name = { op: f.op, value: f.value };
    }
    if (p.StatusNotifications) q.reprovisionRequired = true;
    const tags = toCoreTags(p.Tags);
    if (tags.length > 0) q.tags = tags;
    const page = await listAccessConfigurations(ctx.core, p.DirectoryId, q, pageRequest(p));
    return { ...pagedBody(page), AccessConfigurations: page.items.map(toWireAccessConfiguration) };
  },
});
