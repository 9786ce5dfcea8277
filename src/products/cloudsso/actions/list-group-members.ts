import { Type } from '@sinclair/typebox';
import { listGroupMembers } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam, pagedBody, pagedResponse, pageRequest, pagingParams } from '../param-schemas.js';
import { GroupMemberSchema, toWireGroupMember } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

/** A group's members in user ID order, keyset-paged. */
export default defineAction({
  name: 'ListGroupMembers',
  params: Type.Object({ DirectoryId: DirectoryIdParam, GroupId: EntityIdParam, ...pagingParams }),
  response: pagedResponse('GroupMembers', GroupMemberSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/group/${p.GroupId}`)] },
  async handler(ctx, p) {
    const page = await listGroupMembers(ctx.core, p.DirectoryId, p.GroupId, pageRequest(p));
    return { ...pagedBody(page), GroupMembers: page.items.map(toWireGroupMember) };
  },
});
