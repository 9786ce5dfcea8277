import { Type } from '@sinclair/typebox';
import type { UserChanges } from '../../../core/ports/directory-entities.js';
import { getUser, updateUser } from '../../../core/users.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam, Text, textChange } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { toWireUser, UpdatedUserSchema } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

/**
 * Changes FirstName, LastName, DisplayName, Email, Description (never UserName). An absent New*
 * keeps the value, an empty one clears it. Refused for a SCIM-synchronized user while SCIM sync
 * is on (OperationDenied.SCIMSynchronizedUser). Limits as CreateUser's (inferred, §3.3).
 */
export default defineAction({
  name: 'UpdateUser',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    UserId: EntityIdParam,
    NewFirstName: Type.Optional(Text(64)),
    NewLastName: Type.Optional(Text(64)),
    NewDisplayName: Type.Optional(Text(256)),
    NewEmail: Type.Optional(Text(128)),
    NewDescription: Type.Optional(Text(1024)),
  }),
  response: Type.Object({ User: UpdatedUserSchema }),
  ram: { accessLevel: 'update', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    const changes: Record<string, string | null> = {};
    const set = (k: keyof UserChanges, v: string | undefined) => {
      const c = textChange(v);
      if (c !== undefined) changes[k] = c;
    };
    set('firstName', p.NewFirstName);
    set('lastName', p.NewLastName);
    set('displayName', p.NewDisplayName);
    set('email', p.NewEmail);
    set('description', p.NewDescription);
    // Nothing to change: answer with the user as it is, without touching its UpdateTime.
    if (Object.keys(changes).length === 0) return { User: toWireUser(await getUser(ctx.core, p.DirectoryId, p.UserId)) };
    const user = await updateUser(ctx.core, p.DirectoryId, p.UserId, changes as UserChanges, viaManagement(ctx));
    return { User: toWireUser(user) };
  },
});
