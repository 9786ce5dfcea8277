import { Type } from '@sinclair/typebox';
import { createGroup } from '../../../core/groups.js';
import { defineAction } from '../../../rpc/action.js';
import { Text, textChange } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { GroupSchema, toWireGroup } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

/** A manual group; GroupName `[A-Za-z0-9._-]{1,128}`, unique in the directory case-insensitively. */
export default defineAction({
  name: 'CreateGroup',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    GroupName: Type.String({ pattern: '^[A-Za-z0-9._-]{1,128}$', errorMessage: 'it must be 1 to 128 characters of letters, digits and . _ -' }),
    Description: Type.Optional(Text(1024)),
  }),
  response: Type.Object({ Group: GroupSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/group/*`)] },
  async handler(ctx, p) {
    const g = await createGroup(ctx.core, p.DirectoryId, { name: p.GroupName, description: textChange(p.Description) ?? null }, viaManagement(ctx));
    return { Group: toWireGroup(g) };
  },
});
