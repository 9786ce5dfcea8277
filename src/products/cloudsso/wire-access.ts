import { Type } from '@sinclair/typebox';
import type { AccessConfigurationView } from '../../core/access/configurations.js';
import type { AccessAssignment, AccessProvisioning, PermissionPolicy } from '../../core/ports/access.js';
import { toCloudSSOTime } from '../../core/time.js';
import { IntegerParam, pagingParams } from './param-schemas.js';
import { TagSchema, toWireTags } from './wire-directory-entities.js';

/**
 * Access configurations, permission policies, assignments and provisionings on the wire
 * (cloudsso-access.md §1.1-1.4), field names as the SDK's models spell them (`RAMRoleName`,
 * `SAMLProviderName`). Unset strings are `""`, as elsewhere in this API.
 */
const acFields = {
  AccessConfigurationId: Type.String(),
  AccessConfigurationName: Type.String(),
  Description: Type.String(),
  RelayState: Type.String(),
  SessionDuration: Type.Integer(),
  StatusNotifications: Type.Array(Type.String()),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
};

/** UpdateAccessConfiguration's model has no Tags. */
export const UpdatedAccessConfigurationSchema = Type.Object(acFields);
export const AccessConfigurationSchema = Type.Object({ ...acFields, Tags: Type.Array(TagSchema) });

export const toWireUpdatedAccessConfiguration = (c: AccessConfigurationView) => ({
  AccessConfigurationId: c.id,
  AccessConfigurationName: c.name,
  Description: c.description ?? '',
  RelayState: c.relayState ?? '',
  SessionDuration: c.sessionDuration,
  StatusNotifications: [...c.statusNotifications],
  CreateTime: toCloudSSOTime(c.createTime),
  UpdateTime: toCloudSSOTime(c.updateTime),
});

/** With its tags, by key (decision 0175). */
export const toWireAccessConfiguration = (c: AccessConfigurationView) => ({ ...toWireUpdatedAccessConfiguration(c), Tags: toWireTags(c.tags) });

export const PermissionPolicySchema = Type.Object({
  PermissionPolicyName: Type.String(),
  PermissionPolicyType: Type.String(),
  PermissionPolicyDocument: Type.Optional(Type.String()),
  AddTime: Type.String(),
});

export const toWirePermissionPolicy = (p: PermissionPolicy) => ({
  PermissionPolicyName: p.name,
  PermissionPolicyType: p.type,
  ...(p.type === 'Inline' ? { PermissionPolicyDocument: p.document ?? '' } : {}),
  AddTime: toCloudSSOTime(p.addTime),
});

/** Names looked up for display: the configuration's, the principal's and the target account's. */
export interface Names {
  readonly accessConfigurationName: string;
  readonly principalName?: string;
  readonly targetName: string;
}

const targetFields = {
  TargetType: Type.String(),
  TargetId: Type.String(),
  TargetName: Type.String(),
  TargetPath: Type.String(),
  TargetPathName: Type.String(),
};

export const AccessAssignmentSchema = Type.Object({
  AccessConfigurationId: Type.String(),
  AccessConfigurationName: Type.String(),
  PrincipalType: Type.String(),
  PrincipalId: Type.String(),
  PrincipalName: Type.String(),
  ...targetFields,
  CreateTime: Type.String(),
});

export const toWireAccessAssignment = (a: AccessAssignment, n: Names) => ({
  AccessConfigurationId: a.accessConfigurationId,
  AccessConfigurationName: n.accessConfigurationName,
  PrincipalType: a.principalType,
  PrincipalId: a.principalId,
  PrincipalName: n.principalName ?? '',
  TargetType: a.targetType,
  TargetId: a.targetId,
  TargetName: n.targetName,
  TargetPath: '',
  TargetPathName: '',
  CreateTime: toCloudSSOTime(a.createTime),
});

export const AccessConfigurationProvisioningSchema = Type.Object({
  AccessConfigurationId: Type.String(),
  AccessConfigurationName: Type.String(),
  ...targetFields,
  Status: Type.String(),
  RAMRoleName: Type.String(),
  SAMLProviderName: Type.String(),
  RAMPolicyNames: Type.Array(Type.String()),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

export const toWireProvisioning = (p: AccessProvisioning, n: Names) => ({
  AccessConfigurationId: p.accessConfigurationId,
  AccessConfigurationName: n.accessConfigurationName,
  TargetType: p.targetType,
  TargetId: p.targetId,
  TargetName: n.targetName,
  TargetPath: '',
  TargetPathName: '',
  Status: p.status,
  RAMRoleName: p.ramRoleName,
  SAMLProviderName: p.samlProviderName,
  RAMPolicyNames: [...p.ramPolicyNames],
  CreateTime: toCloudSSOTime(p.createTime),
  UpdateTime: toCloudSSOTime(p.updateTime),
});

export const AccessConfigurationIdParam = Type.String({
  minLength: 1,
  maxLength: 64,
  errorMessage: 'it must be an access configuration ID such as ac-00jhtfl8thteu6ujabcd',
});
export const PermissionPolicyTypeParam = Type.Union([Type.Literal('System'), Type.Literal('Inline')], {
  errorMessage: 'it must be System or Inline',
});
/** Seconds as decimal digits; the range (900-43200) is the core's rule. */
export const SessionDurationParam = Type.String({ pattern: '^[0-9]{1,6}$', errorMessage: 'it must be an integer from 900 to 43200' });

export const TargetTypeParam = Type.Literal('RD-Account', { errorMessage: 'it must be RD-Account' });
export const TargetIdParam = Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be the ID of an account of the resource directory' });
export const PrincipalTypeParam = Type.Union([Type.Literal('User'), Type.Literal('Group')], { errorMessage: 'it must be User or Group' });
export const PrincipalIdParam = Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be a user ID (u-…) or group ID (g-…)' });
/** Echoed by Alibaba's newest SDKs beside TargetId; its meaning is undocumented, so it is accepted and ignored. */
export const OriginTargetIdParam = Type.String({ maxLength: 64, errorMessage: 'it must be at most 64 characters' });

/** The RAM resources of an assignment: the configuration, the principal, and the account (cloudsso-access.md §3.2). */
export function assignmentResources(
  p: { DirectoryId: string; AccessConfigurationId: string; PrincipalType: 'User' | 'Group'; PrincipalId: string; TargetId: string },
  arn: (relative: string) => string,
  accountId: string,
): string[] {
  const principal = p.PrincipalType === 'User' ? 'user' : 'group';
  return [
    arn(`directory/${p.DirectoryId}/access-configuration/${p.AccessConfigurationId}`),
    arn(`directory/${p.DirectoryId}/${principal}/${p.PrincipalId}`),
    `acs:resourcemanager::${accountId}:account/${p.TargetId}`,
  ];
}

/** MaxResults 1-20 (default 10) and NextToken: ListAccessAssignments and ListAccessConfigurationProvisionings page by 20 at most. */
export const SmallPagingParams = { ...pagingParams, MaxResults: Type.Optional(IntegerParam(1, 20)) };
