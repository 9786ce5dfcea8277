import { Type } from '@sinclair/typebox';
import type { ProvisioningNames, UserProvisioningStatistics } from '../../core/user-provisioning/provisionings.js';
import type { UserProvisioning, UserProvisioningConfiguration, UserProvisioningEvent } from '../../core/ports/user-provisioning.js';
import { toCloudSSOTime } from '../../core/time.js';

/**
 * RAM user provisioning on the wire (cloudsso-access.md §7 and cloudsso-api.md §3.8), field names as
 * the SDK models spell them. Unset strings are `""`, as elsewhere in this API.
 */
export const UserProvisioningSchema = Type.Object({
  UserProvisioningId: Type.String(),
  DirectoryId: Type.String(),
  OwnerPk: Type.String(),
  PrincipalType: Type.String(),
  PrincipalId: Type.String(),
  PrincipalName: Type.String(),
  TargetType: Type.String(),
  TargetId: Type.String(),
  TargetName: Type.String(),
  TargetPath: Type.String(),
  Description: Type.String(),
  DuplicationStrategy: Type.String(),
  DeletionStrategy: Type.String(),
  Status: Type.String(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

export const toWireUserProvisioning = (up: UserProvisioning & ProvisioningNames, ownerPk: string) => ({
  UserProvisioningId: up.id,
  DirectoryId: up.directoryId,
  OwnerPk: ownerPk,
  PrincipalType: up.principalType,
  PrincipalId: up.principalId,
  PrincipalName: up.principalName,
  TargetType: up.targetType,
  TargetId: up.targetId,
  TargetName: up.targetName,
  TargetPath: '',
  Description: up.description ?? '',
  DuplicationStrategy: up.duplicationStrategy,
  DeletionStrategy: up.deletionStrategy,
  Status: up.status,
  CreateTime: toCloudSSOTime(up.createTime),
  UpdateTime: toCloudSSOTime(up.updateTime),
});

export const UserProvisioningEventSchema = Type.Object({
  EventId: Type.String(),
  UserProvisioningId: Type.String(),
  DirectoryId: Type.String(),
  PrincipalType: Type.String(),
  PrincipalId: Type.String(),
  PrincipalName: Type.String(),
  TargetType: Type.String(),
  TargetId: Type.String(),
  TargetName: Type.String(),
  TargetPath: Type.String(),
  SourceType: Type.String(),
  ErrorCount: Type.Integer(),
  ErrorInfo: Type.String(),
  LatestAsyncTime: Type.String(),
  DuplicationStrategy: Type.String(),
  DeletionStrategy: Type.String(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

export const toWireUserProvisioningEvent = (e: UserProvisioningEvent) => ({
  EventId: e.id,
  UserProvisioningId: e.userProvisioningId,
  DirectoryId: e.directoryId,
  PrincipalType: e.principalType,
  PrincipalId: e.principalId,
  PrincipalName: e.principalName,
  TargetType: e.targetType,
  TargetId: e.targetId,
  TargetName: e.targetName,
  TargetPath: '',
  SourceType: e.sourceType,
  ErrorCount: e.errorCount,
  ErrorInfo: e.errorInfo,
  LatestAsyncTime: toCloudSSOTime(e.latestAsyncTime),
  DuplicationStrategy: e.duplicationStrategy,
  DeletionStrategy: e.deletionStrategy,
  CreateTime: toCloudSSOTime(e.createTime),
  UpdateTime: toCloudSSOTime(e.updateTime),
});

export const UserProvisioningConfigurationSchema = Type.Object({
  DirectoryId: Type.String(),
  DefaultLandingPage: Type.String(),
  SessionDuration: Type.Integer(),
  CreateTime: Type.String(),
  UpdateTime: Type.String(),
});

export const toWireUserProvisioningConfiguration = (c: UserProvisioningConfiguration) => ({
  DirectoryId: c.directoryId,
  DefaultLandingPage: c.defaultLandingPage,
  SessionDuration: c.sessionDuration,
  CreateTime: toCloudSSOTime(c.createTime),
  UpdateTime: toCloudSSOTime(c.updateTime),
});

export const UserProvisioningStatisticsSchema = Type.Object({
  DirectoryId: Type.String(),
  EntityId: Type.String(),
  Type: Type.String(),
  OwnerPk: Type.String(),
  FailedEventCount: Type.Integer(),
  /** Absent until a synchronization has ended. */
  LatestAsyncTime: Type.Optional(Type.String()),
});

export const toWireUserProvisioningStatistics = (s: UserProvisioningStatistics) => ({
  DirectoryId: s.directoryId,
  EntityId: s.entityId,
  Type: s.type,
  OwnerPk: s.ownerPk,
  FailedEventCount: s.failedEventCount,
  ...(s.latestAsyncTime !== null ? { LatestAsyncTime: toCloudSSOTime(s.latestAsyncTime) } : {}),
});

export const UserProvisioningIdParam = Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be a user provisioning ID such as up-002axzhapcbz6e63abcd' });
export const UserProvisioningEventIdParam = Type.String({ minLength: 1, maxLength: 64, errorMessage: 'it must be a user provisioning event ID such as upe-wjKyNDmZvyZOiRcJabcd' });
export const DuplicationStrategyParam = Type.Union([Type.Literal('KeepBoth'), Type.Literal('TakeOver')], { errorMessage: 'it must be KeepBoth or TakeOver' });
export const DeletionStrategyParam = Type.Union([Type.Literal('Delete'), Type.Literal('Keep')], { errorMessage: 'it must be Delete or Keep' });

/** The RAM resource of one provisioning (cloudsso-api.md §5.5). */
export const userProvisioningArn = (directoryId: string, id: string | undefined, arn: (relative: string) => string) =>
  arn(`directory/${directoryId}/user-provisioning/${id ?? '*'}`);
