import { Type } from '@sinclair/typebox';
import { listUsers, userTags } from '../../../core/users.js';
import { defineAction } from '../../../rpc/action.js';
import { USER_FILTER } from '../filter/parse.js';
import { managementFilter } from '../filter/to-rpc.js';
import { FilterParam, pagedBody, pagedResponse, pageRequest, pagingParams, ProvisionTypeParam, TagsFilterParam, toCoreTags } from '../param-schemas.js';
import { toWireUser, UserSchema } from '../wire-directory-entities.js';
import { DirectoryIdParam, StatusParam } from '../wire.js';

/**
 * Users in ID order (creation order), keyset-paged: filtered by Status, ProvisionType, `Filter`
 * (`UserName eq|sw <value>`) and Tags (a user must carry every tag given), all in the database.
 */
export default defineAction({
  name: 'ListUsers',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    Status: Type.Optional(StatusParam),
    ProvisionType: Type.Optional(ProvisionTypeParam),
    Filter: Type.Optional(FilterParam),
    Tags: Type.Optional(TagsFilterParam),
    ...pagingParams,
  }),
  response: pagedResponse('Users', UserSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/*`)] },
  async handler(ctx, p) {
    const filter = managementFilter(p.Filter, USER_FILTER);
    const tags = toCoreTags(p.Tags);
    const page = await listUsers(
      ctx.core,
      p.DirectoryId,
      {
        ...(filter ? { filter } : {}),
        ...(p.Status ? { status: p.Status } : {}),
        ...(p.ProvisionType ? { provisionType: p.ProvisionType } : {}),
        ...(tags.length > 0 ? { tags } : {}),
      },
      pageRequest(p),
    );
    const tagsOf = await userTags(ctx.core, p.DirectoryId, page.items.map((u) => u.id));
    return { ...pagedBody(page), Users: page.items.map((u) => toWireUser(u, tagsOf.get(u.id) ?? [])) };
  },
});
