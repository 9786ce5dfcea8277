import { Type } from '@sinclair/typebox';
import { listAccessConfigurations } from '../../../core/access/configurations.js';
import type { ConfigurationQuery } from '../../../core/ports/access.js';
import { defineAction } from '../../../rpc/action.js';
import { invalidParameter } from '../../../rpc/rpc-error.js';
import { parseManagementFilter } from '../filter/parse.js';
import { FilterParam, pagedBody, pagedResponse, pageRequest, pagingParams } from '../param-schemas.js';
import { AccessConfigurationSchema, toWireAccessConfiguration } from '../wire-access.js';
import { DirectoryIdParam } from '../wire.js';

const NAME_FILTER = { wireName: 'AccessConfigurationName', coreName: 'accessconfigurationname' };

/** `Filter`: `AccessConfigurationName eq|sw <value>`; `StatusNotifications=ReprovisionRequired`; 1-100 a page (§2.3). */
export default defineAction({
  name: 'ListAccessConfigurations',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    Filter: Type.Optional(FilterParam),
    StatusNotifications: Type.Optional(Type.Literal('ReprovisionRequired', { errorMessage: 'it must be ReprovisionRequired' })),
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
    const page = await listAccessConfigurations(ctx.core, p.DirectoryId, q, pageRequest(p));
    return { ...pagedBody(page), AccessConfigurations: page.items.map(toWireAccessConfiguration) };
  },
});
