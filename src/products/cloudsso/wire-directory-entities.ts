import { Type } from '@sinclair/typebox';
import type { Membership } from '../../core/ports/directory-entities.js';
import type { Group, Tag, User } from '../../core/model.js';
import { toCloudSSOTime } from '../../core/time.js';

/**
 * Users, groups, members and tags on the wire (cloudsso-api.md §2). Every documented string field
 * is always present, `""` when the value is unset, so a response has one fixed key set; the
 * `ExternalId` object appears only when the user has one (SCIM-synchronized users).
 * docs/decisions/0020-management-users-groups.md.
 */
export const TagSchema = Type.Object({ Key: Type.String(), Value: Type.String() });

const userFields = {
  UserId: Type.String(),
  UserName: Type.String(),
  DisplayName: Type.String(),
  FirstName: Type.String(),
  LastName: Type.String(),
  Email: Type.String(),
  Description: Type.String(),
  Status: Type.String(),
  ProvisionType: Type.String(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
};

/** UpdateUser: neither ExternalId nor Tags. */
export const UpdatedUserSchema = Type.Object(userFields);
/** CreateUser: no ExternalId. */
export const CreatedUserSchema = Type.Object({ ...userFields, Tags: Type.Array(TagSchema) });
/** GetUser and ListUsers.Users[]. */
export const UserSchema = Type.Object({
  ...userFields,
  ExternalId: Type.Optional(Type.Object({ Id: Type.String(), Issuer: Type.String() })),
  Tags: Type.Array(TagSchema),
});

export const toWireTags = (tags: readonly Tag[]) => tags.map((t) => ({ Key: t.key, Value: t.value }));

/** The full User; each action's response schema keeps only its fields (plugin.ts Value.Clean). */
export function toWireUser(u: User, tags: readonly Tag[] = []) {
  return {
    UserId: u.id,
    UserName: u.userName,
    DisplayName: u.displayName ?? '',
    FirstName: u.firstName ?? '',
    LastName: u.lastName ?? '',
    Email: u.email ?? '',
    Description: u.description ?? '',
    Status: u.status,
    ProvisionType: u.provisionType,
    CreateTime: toCloudSSOTime(u.createTime),
    UpdateTime: toCloudSSOTime(u.updateTime),
    ...(u.externalId ? { ExternalId: { Id: u.externalId.id, Issuer: u.externalId.issuer } } : {}),
    Tags: toWireTags(tags),
  };
}

export const GroupSchema = Type.Object({
  GroupId: Type.String(),
  GroupName: Type.String(),
  Description: Type.String(),
  ProvisionType: Type.String(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

export const toWireGroup = (g: Group) => ({
  GroupId: g.id,
  GroupName: g.name,
  Description: g.description ?? '',
  ProvisionType: g.provisionType,
  CreateTime: toCloudSSOTime(g.createTime),
  UpdateTime: toCloudSSOTime(g.updateTime),
});

export const GroupMemberSchema = Type.Object({
  GroupId: Type.String(),
  UserId: Type.String(),
  UserName: Type.String(),
  DisplayName: Type.String(),
  Email: Type.String(),
  Description: Type.String(),
  Status: Type.String(),
  ProvisionType: Type.String(),
  JoinTime: Type.String(),
});

export const toWireGroupMember = (m: Membership & { user: User }) => ({
  GroupId: m.groupId,
  UserId: m.user.id,
  UserName: m.user.userName,
  DisplayName: m.user.displayName ?? '',
  Email: m.user.email ?? '',
  Description: m.user.description ?? '',
  Status: m.user.status,
  ProvisionType: m.user.provisionType,
  JoinTime: toCloudSSOTime(m.joinTime),
});

export const JoinedGroupSchema = Type.Object({
  UserId: Type.String(),
  GroupId: Type.String(),
  GroupName: Type.String(),
  Description: Type.String(),
  ProvisionType: Type.String(),
  JoinTime: Type.String(),
});

export const toWireJoinedGroup = (m: Membership & { group: Group }) => ({
  UserId: m.userId,
  GroupId: m.group.id,
  GroupName: m.group.name,
  Description: m.group.description ?? '',
  ProvisionType: m.group.provisionType,
  JoinTime: toCloudSSOTime(m.joinTime),
});
