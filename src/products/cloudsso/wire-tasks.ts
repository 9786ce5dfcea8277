import { Type } from '@sinclair/typebox';
import type { TaskRecord } from '../../core/tasks.js';
import { toCloudSSOTime } from '../../core/time.js';

/**
 * Tasks on the wire (reference cloudsso-access.md §1.5): the full Task of GetTask and ListTasks,
 * the TaskStatus of GetTaskStatus, and the short forms the asynchronous operations return. A
 * field the task does not have is absent: EndTime while InProgress, FailureReason unless Failed,
 * the principal on provisioning tasks.
 */
const opt = Type.Optional(Type.String());

export const TaskSchema = Type.Object({
  TaskId: Type.String(),
  TaskType: Type.String(),
  Status: Type.String(),
  FailureReason: opt,
  StartTime: opt,
  EndTime: opt,
  AccessConfigurationId: opt,
  AccessConfigurationName: opt,
  PrincipalType: opt,
  PrincipalId: opt,
  PrincipalName: opt,
  TargetType: opt,
  TargetId: opt,
  TargetName: opt,
  TargetPath: opt,
  TargetPathName: opt,
  OriginTargetId: opt,
});

export const TaskStatusSchema = Type.Object({
  TaskId: Type.String(),
  TaskType: Type.String(),
  Status: Type.String(),
  StartTime: opt,
  EndTime: opt,
  FailureReason: opt,
});

const some = <K extends string>(key: K, value: string | null | undefined): Partial<Record<K, string>> =>
  value === null || value === undefined ? {} : ({ [key]: value } as Record<K, string>);

function times(t: TaskRecord) {
  return {
    StartTime: toCloudSSOTime(t.startTime),
    ...some('EndTime', t.endTime === null ? null : toCloudSSOTime(t.endTime)),
    ...some('FailureReason', t.status === 'Failed' ? (t.failureReason ?? '') : null),
  };
}

function target(t: TaskRecord) {
  return {
    AccessConfigurationId: t.accessConfigurationId,
    ...some('AccessConfigurationName', t.accessConfigurationName),
    TargetType: t.targetType,
    TargetId: t.targetId,
    ...some('TargetName', t.targetName),
    ...some('TargetPath', t.targetPath),
    ...some('TargetPathName', t.targetPathName),
    ...some('OriginTargetId', t.originTargetId),
  };
}

function principal(t: TaskRecord) {
  return { ...some('PrincipalType', t.principalType), ...some('PrincipalId', t.principalId), ...some('PrincipalName', t.principalName) };
}

/** GetTask `Task`, ListTasks `Tasks[]`. */
export const toWireTask = (t: TaskRecord) => ({ TaskId: t.taskId, TaskType: t.taskType, Status: t.status, ...times(t), ...target(t), ...principal(t) });

/** GetTaskStatus `TaskStatus`. */
export const toWireTaskStatus = (t: TaskRecord) => ({ TaskId: t.taskId, TaskType: t.taskType, Status: t.status, ...times(t) });

/** CreateAccessAssignment / DeleteAccessAssignment `Task`: no times, no FailureReason. */
export const AssignmentTaskSchema = Type.Omit(TaskSchema, ['StartTime', 'EndTime', 'FailureReason']);
export const toWireAssignmentTask = (t: TaskRecord) => ({ TaskId: t.taskId, TaskType: t.taskType, Status: t.status, ...target(t), ...principal(t) });

/** ProvisionAccessConfiguration / DeprovisionAccessConfiguration `Tasks[]`: no times, no principal. */
export const ProvisioningTaskSchema = Type.Omit(TaskSchema, ['StartTime', 'EndTime', 'FailureReason', 'PrincipalType', 'PrincipalId', 'PrincipalName']);
export const toWireProvisioningTask = (t: TaskRecord) => ({ TaskId: t.taskId, TaskType: t.taskType, Status: t.status, ...target(t) });
