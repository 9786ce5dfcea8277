import { Type } from '@sinclair/typebox';
import { getGroup, updateGroup } from '../../../core/groups.js';
import type { GroupChanges } from '../../../core/ports/directory-entities.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam, Text, textChange } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { GroupSchema, toWireGroup } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Renames a group or changes its description (absent: unchanged; empty NewDescription: cleared).
 * Refused for a SCIM-synchronized group while SCIM sync is on.
 */
export default defineAction({
  name: 'UpdateGroup',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    GroupId: EntityIdParam,
    NewGroupName: Type.Optional(
      Type.String({ pattern: '^[A-Za-z0-9._-]{1,128}$', errorMessage: 'it must be 1 to 128 characters of letters, digits and . _ -' }),
    ),
    NewDescription: Type.Optional(Text(1024)),
  }),
  response: Type.Object({ Group: GroupSchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/group/${p.GroupId}`)] },
  async handler(ctx, p) {
    const description = textChange(p.NewDescription);
    const changes: GroupChanges = {
      ...(p.NewGroupName !== undefined ? { name: p.NewGroupName } : {}),
      ...(description !== undefined ? { description } : {}),
    };
    // Nothing to change: answer with the group as it is, without touching its UpdateTime.
    if (Object.keys(changes).length === 0) return { Group: toWireGroup(await getGroup(ctx.core, p.DirectoryId, p.GroupId)) };
    return { Group: toWireGroup(await updateGroup(ctx.core, p.DirectoryId, p.GroupId, changes, viaManagement(ctx))) };
  },
});
