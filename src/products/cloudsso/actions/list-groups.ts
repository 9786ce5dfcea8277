import { Type } from '@sinclair/typebox';
import { listGroups } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { GROUP_FILTER } from '../filter/parse.js';
import { managementFilter } from '../filter/to-rpc.js';
import { FilterParam, pagedBody, pagedResponse, pageRequest, pagingParams, ProvisionTypeParam } from '../param-schemas.js';
import { GroupSchema, toWireGroup } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

/** Groups in ID order, keyset-paged, filtered by `GroupName eq|sw <value>` and ProvisionType. */
export default defineAction({
  name: 'ListGroups',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    Filter: Type.Optional(FilterParam),
    ProvisionType: Type.Optional(ProvisionTypeParam),
    ...pagingParams,
  }),
  response: pagedResponse('Groups', GroupSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/group/*`)] },
  async handler(ctx, p) {
    const filter = managementFilter(p.Filter, GROUP_FILTER);
    const page = await listGroups(
      ctx.core,
      p.DirectoryId,
      { ...(filter ? { filter } : {}), ...(p.ProvisionType ? { provisionType: p.ProvisionType } : {}) },
      pageRequest(p),
    );
    return { ...pagedBody(page), Groups: page.items.map(toWireGroup) };
  },
});
