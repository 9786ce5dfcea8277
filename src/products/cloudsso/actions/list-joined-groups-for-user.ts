import { Type } from '@sinclair/typebox';
import { listJoinedGroupsForUser } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam, pagedBody, pagedResponse, pageRequest, pagingParams } from '../param-schemas.js';
import { JoinedGroupSchema, toWireJoinedGroup } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * A user's groups in group ID order, keyset-paged. `NextToken` only when `IsTruncated` is true
 * (the official sample shows both with `IsTruncated: false`; §0 says otherwise, and we follow §0).
 */
export default defineAction({
  name: 'ListJoinedGroupsForUser',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserId: EntityIdParam, ...pagingParams }),
  response: pagedResponse('JoinedGroups', JoinedGroupSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    const page = await listJoinedGroupsForUser(ctx.core, p.DirectoryId, p.UserId, pageRequest(p));
    return { ...pagedBody(page), JoinedGroups: page.items.map(toWireJoinedGroup) };
  },
});
