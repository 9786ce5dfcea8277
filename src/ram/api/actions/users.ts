import { Type } from '@sinclair/typebox';
import { createRamUser, deleteRamUser, getRamUser, listRamUsers } from '../../../core/ram-users.js';
import { defineRamAction } from '../error-map.js';
import { MarkerParam, MaxItemsParam, RamUserSchema, toWireRamUser, truncation, UserNameParam } from '../wire.js';
import { by } from './provenance.js';

/** RAM users (RAM API: CreateUser, GetUser, ListUsers, DeleteUser). */
export const createUser = defineRamAction({
  name: 'CreateUser',
  params: Type.Object({ UserName: UserNameParam, DisplayName: Type.Optional(Type.String({ maxLength: 128 })) }),
  response: Type.Object({ User: RamUserSchema }),
  ram: { accessLevel: 'create', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    const user = await createRamUser(ctx.core, { name: p.UserName, displayName: p.DisplayName }, by(ctx));
    return { User: toWireRamUser(user, false) };
  },
});

export const getUser = defineRamAction({
  name: 'GetUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({ User: RamUserSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    return { User: toWireRamUser(await getRamUser(ctx.core, p.UserName)) };
  },
});

export const listUsers = defineRamAction({
  name: 'ListUsers',
  params: Type.Object({ Marker: MarkerParam, MaxItems: MaxItemsParam }),
  response: Type.Object({
    IsTruncated: Type.Boolean(),
    Marker: Type.Optional(Type.String()),
    Users: Type.Object({ User: Type.Array(RamUserSchema) }),
  }),
  ram: { accessLevel: 'list', resources: (_p, arn) => [arn('user/*')] },
  async handler(ctx, p) {
    const page = await listRamUsers(ctx.core, p.Marker, p.MaxItems);
    return { ...truncation(page, (u) => u.name), Users: { User: page.items.map((u) => toWireRamUser(u)) } };
  },
});

export const deleteUser = defineRamAction({
  name: 'DeleteUser',
  params: Type.Object({ UserName: UserNameParam }),
  response: Type.Object({}),
  ram: { accessLevel: 'delete', resources: (p, arn) => [arn(`user/${p.UserName}`)] },
  async handler(ctx, p) {
    await deleteRamUser(ctx.core, p.UserName, by(ctx));
    return {};
  },
});
