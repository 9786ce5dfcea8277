import { Type } from '@sinclair/typebox';
import { getUser, userTags } from '../../../core/users.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { toWireUser, UserSchema } from '../wire-directory-entities.js';
import { DirectoryIdParam } from '../wire.js';

/** The whole User: ExternalId for SCIM-synchronized users, and the user's tags. */
export default defineAction({
  name: 'GetUser',
  params: Type.Object({ DirectoryId: DirectoryIdParam, UserId: EntityIdParam }),
  response: Type.Object({ User: UserSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/${p.UserId}`)] },
  async handler(ctx, p) {
    const user = await getUser(ctx.core, p.DirectoryId, p.UserId);
    const tags = (await userTags(ctx.core, p.DirectoryId, [user.id])).get(user.id) ?? [];
    return { User: toWireUser(user, tags) };
  },
});
