import { Type } from '@sinclair/typebox';
import type { AccessKey, Status } from '../../core/model.js';
import type { Policy, PolicyKind, RamGroup, RamRole, RamUser, SamlProvider } from '../../core/ports/ram.js';
import { roleArn } from '../../core/ram/roles.js';
import { samlProviderArn } from '../../core/ram/saml-providers.js';
import { toCloudSSOTime } from '../../core/time.js';

/**
 * Wire shapes of RAM 2015-05-01, with every field @alicloud/ram20150501's models have for users,
 * groups and memberships (Comments, Email, MobilePhone, UpdateDate, LastLoginDate, JoinDate).
 * A field with no value is left out, as RAM does. Lists are wrapped the RAM way:
 * `Users: { User: [...] }`.
 */
export const ramTime = toCloudSSOTime;

export const RamUserSchema = Type.Object({
  UserId: Type.String(),
  UserName: Type.String(),
  DisplayName: Type.Optional(Type.String()),
  Email: Type.Optional(Type.String()),
  MobilePhone: Type.Optional(Type.String()),
  Comments: Type.Optional(Type.String()),
  CreateDate: Type.String(),
  UpdateDate: Type.Optional(Type.String()),
  LastLoginDate: Type.Optional(Type.String()),
});

/** CreateUser has no UpdateDate; only GetUser has LastLoginDate (the SDK models). */
export const toWireRamUser = (u: RamUser, opts: { update?: boolean; lastLogin?: boolean } = {}) => ({
  UserId: u.id,
  UserName: u.name,
  ...(u.displayName ? { DisplayName: u.displayName } : {}),
  ...(u.email ? { Email: u.email } : {}),
  ...(u.mobilePhone ? { MobilePhone: u.mobilePhone } : {}),
  ...(u.comments ? { Comments: u.comments } : {}),
  CreateDate: ramTime(u.createTime),
  ...(opts.update !== false ? { UpdateDate: ramTime(u.updateTime) } : {}),
  ...(opts.lastLogin && u.lastLoginTime !== null ? { LastLoginDate: ramTime(u.lastLoginTime) } : {}),
});

export const RamGroupSchema = Type.Object({
  GroupId: Type.String(),
  GroupName: Type.String(),
  Comments: Type.Optional(Type.String()),
  CreateDate: Type.String(),
  UpdateDate: Type.Optional(Type.String()),
});

export const toWireRamGroup = (g: RamGroup, withUpdate = true) => ({
  GroupId: g.id,
  GroupName: g.name,
  ...(g.comments ? { Comments: g.comments } : {}),
  CreateDate: ramTime(g.createTime),
  ...(withUpdate ? { UpdateDate: ramTime(g.updateTime) } : {}),
});

/** RAM's Comments: at most 128 characters (CreateUser, CreateGroup, UpdateUser, UpdateGroup). */
export const CommentsParam = Type.Optional(Type.String({ maxLength: 128 }));
export const DisplayNameParam = Type.Optional(Type.String({ maxLength: 128 }));
export const EmailParam = Type.Optional(Type.String({ maxLength: 128 }));
export const MobilePhoneParam = Type.Optional(Type.String({ maxLength: 32 }));

/** RAM says Active/Inactive where the core says Enabled/Disabled. */
export const AccessKeyStatusParam = Type.Union([Type.Literal('Active'), Type.Literal('Inactive')]);
export const toRamKeyStatus = (s: Status) => (s === 'Enabled' ? 'Active' : 'Inactive');
export const fromRamKeyStatus = (s: 'Active' | 'Inactive'): Status => (s === 'Active' ? 'Enabled' : 'Disabled');

export const AccessKeySchema = Type.Object({ AccessKeyId: Type.String(), Status: Type.String(), CreateDate: Type.String() });
export const toWireAccessKey = (k: AccessKey) => ({ AccessKeyId: k.id, Status: toRamKeyStatus(k.status), CreateDate: ramTime(k.createTime) });

/** Each policy has one version, `v1`. */
export const DEFAULT_VERSION = 'v1';

export const PolicySchema = Type.Object({
  PolicyName: Type.String(),
  PolicyType: Type.String(),
  Description: Type.Optional(Type.String()),
  DefaultVersion: Type.String(),
  CreateDate: Type.String(),
  UpdateDate: Type.Optional(Type.String()),
  AttachmentCount: Type.Optional(Type.Integer()),
});

export const toWirePolicy = (p: Policy) => ({
  PolicyName: p.name,
  PolicyType: 'Custom',
  ...(p.description ? { Description: p.description } : {}),
  DefaultVersion: DEFAULT_VERSION,
  CreateDate: ramTime(p.createTime),
});

/** Parameters shared by several actions, with RAM's limits. */
export const UserNameParam = Type.String({ minLength: 1, maxLength: 64 });
export const GroupNameParam = Type.String({ minLength: 1, maxLength: 64 });
export const PolicyNameParam = Type.String({ minLength: 1, maxLength: 128 });
export const PolicyTypeParam = Type.Optional(Type.String({ maxLength: 16 }));
export const MarkerParam = Type.Optional(Type.String({ maxLength: 256 }));
export const MaxItemsParam = Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 }));

/** `IsTruncated` and, when it is true, the `Marker` that continues the list. */
export function truncation<T>(page: { items: readonly T[]; truncated: boolean }, nameOf: (item: T) => string) {
  const last = page.items[page.items.length - 1];
  return { IsTruncated: page.truncated, ...(page.truncated && last !== undefined ? { Marker: nameOf(last) } : {}) };
}

/** AccessKey IDs of RAM users as parameters. */
export const UserAccessKeyIdParam = Type.String({ minLength: 1, maxLength: 64 });

/** Roles: RAM's ARN carries the role name in lower case. */
export const RoleNameParam = Type.String({ minLength: 1, maxLength: 64 });

export const RamRoleSchema = Type.Object({
  RoleId: Type.String(),
  RoleName: Type.String(),
  Arn: Type.String(),
  Description: Type.Optional(Type.String()),
  AssumeRolePolicyDocument: Type.Optional(Type.String()),
  MaxSessionDuration: Type.Integer(),
  CreateDate: Type.String(),
  UpdateDate: Type.Optional(Type.String()),
});

export const toWireRole = (r: RamRole, opts: { document?: boolean; update?: boolean } = {}) => ({
  RoleId: r.id,
  RoleName: r.name,
  Arn: roleArn(r.accountId, r.name),
  ...(r.description ? { Description: r.description } : {}),
  ...(opts.document !== false ? { AssumeRolePolicyDocument: r.trustPolicy } : {}),
  MaxSessionDuration: r.maxSessionDuration,
  CreateDate: ramTime(r.createTime),
  ...(opts.update !== false ? { UpdateDate: ramTime(r.updateTime) } : {}),
});

/** SAML providers (IMS 2019-08-15 field names). */
export const SAMLProviderNameParam = Type.String({ minLength: 1, maxLength: 128 });

export const SamlProviderSchema = Type.Object({
  SAMLProviderName: Type.String(),
  Arn: Type.String(),
  Description: Type.Optional(Type.String()),
  EncodedSAMLMetadataDocument: Type.Optional(Type.String()),
  CreateDate: Type.String(),
  UpdateDate: Type.String(),
});

export const toWireSamlProvider = (s: SamlProvider, withMetadata = false) => ({
  SAMLProviderName: s.name,
  Arn: samlProviderArn(s.accountId, s.name),
  ...(s.description ? { Description: s.description } : {}),
  ...(withMetadata ? { EncodedSAMLMetadataDocument: s.metadata } : {}),
  CreateDate: ramTime(s.createTime),
  UpdateDate: ramTime(s.updateTime),
});

/** A policy of either kind in RAM's list shape. */
export const toWireAnyPolicy = (p: { type: PolicyKind; name: string; description: string | null; createTime: number; updateTime: number }) => ({
  PolicyName: p.name,
  PolicyType: p.type,
  ...(p.description ? { Description: p.description } : {}),
  DefaultVersion: DEFAULT_VERSION,
  CreateDate: ramTime(p.createTime),
  UpdateDate: ramTime(p.updateTime),
});
