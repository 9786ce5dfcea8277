import { Type } from '@sinclair/typebox';
import { checkTags } from '../../../core/tag-rules.js';
import { createUser, userTags } from '../../../core/users.js';
import { defineAction } from '../../../rpc/action.js';
import { TagsToWriteParam, Text, textChange, toCoreTags } from '../param-schemas.js';
import { viaManagement } from '../provenance.js';
import { CreatedUserSchema, toWireUser } from '../wire-directory-entities.js';
import { DirectoryIdParam, StatusParam } from '../wire.js';

/** A manual user (ProvisionType Manual); UserName and Email unique in the directory, case-insensitively. */
export default defineAction({
  name: 'CreateUser',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    UserName: Type.String({
      pattern: '^[A-Za-z0-9@_.-]{1,64}$',
      errorMessage: 'it must be 1 to 64 characters of letters, digits and @ _ - .',
    }),
    FirstName: Type.Optional(Text(64)),
    LastName: Type.Optional(Text(64)),
    DisplayName: Type.Optional(Text(256)),
    Email: Type.Optional(Text(128)),
    Description: Type.Optional(Text(1024)),
    Status: Type.Optional(StatusParam),
    Tags: Type.Optional(TagsToWriteParam),
  }),
  response: Type.Object({ User: CreatedUserSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/user/*`)] },
  async handler(ctx, p) {
    const tags = toCoreTags(p.Tags);
    checkTags(tags, 'Tags');
    const user = await createUser(
      ctx.core,
      p.DirectoryId,
      {
        userName: p.UserName,
        firstName: textChange(p.FirstName) ?? null,
        lastName: textChange(p.LastName) ?? null,
        displayName: textChange(p.DisplayName) ?? null,
        email: textChange(p.Email) ?? null,
        description: textChange(p.Description) ?? null,
        ...(p.Status ? { status: p.Status } : {}),
        tags,
      },
      viaManagement(ctx),
    );
    const stored = (await userTags(ctx.core, p.DirectoryId, [user.id])).get(user.id) ?? [];
    return { User: toWireUser(user, stored) };
  },
});
