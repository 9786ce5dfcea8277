import type { CoreContext } from '../context.js';
import { lockDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import type { AccessConfiguration, AssignmentKey, PrincipalType } from '../ports/access.js';
import type { Store } from '../ports/store.js';
import type { TaskHandler, TaskRecord } from '../tasks.js';
import type { DeprovisionStrategy } from './assignments.js';
import { principalName, TARGET_TYPE, targetAccount } from './assignments.js';
import { configurationIn } from './configurations.js';
import { applyProvisioning, removeProvisioning, serviceWriter } from './provisioning.js';
import { recordChangeEvent } from '../webhooks/events.js';

/**
 * The task bodies of the four asynchronous operations (docs/decisions/0106). Each runs as one
 * transaction under the directory lock, so a task that dies part-way leaves nothing half done,
 * and each step checks before it writes (./provisioning.ts), so a rerun converges. A DomainError
 * ends the task Failed with its message as FailureReason.
 */
type Deps = { store: Store; ctx: CoreContext };

const keyOf = (task: TaskRecord): AssignmentKey => ({
  accessConfigurationId: task.accessConfigurationId,
  targetId: task.targetId,
  principalType: task.principalType as PrincipalType,
  principalId: task.principalId ?? '',
});

/** Provisions (or re-provisions) `ac` on the account and records it Provisioned. */
async function provisionIn(tx: Store, ctx: CoreContext, ac: AccessConfiguration, targetId: string, task: TaskRecord): Promise<void> {
  await targetAccount(tx, targetId);
  const applied = await applyProvisioning(tx, ctx, ac, await tx.access.policiesOf(ac.id), targetId, serviceWriter(task.taskId));
  const existing = await tx.access.getProvisioning(ac.id, targetId);
  const now = ctx.clock.now();
  await tx.access.putProvisioning({
    directoryId: ac.directoryId,
    accessConfigurationId: ac.id,
    targetType: TARGET_TYPE,
    targetId,
    status: 'Provisioned',
    ...applied,
    createTime: existing?.createTime ?? now,
    updateTime: now,
  });
}

/** Removes the provisioning from the account and forgets it; the SAML provider goes with the directory's last one there. */
async function deprovisionIn(tx: Store, ctx: CoreContext, ac: AccessConfiguration, targetId: string, task: TaskRecord): Promise<void> {
  const others = (await tx.access.listProvisionings(ac.directoryId, { targetId }, undefined, 2)).filter((p) => p.accessConfigurationId !== ac.id);
  await removeProvisioning(tx, ctx, ac.directoryId, ac.name, targetId, others.length > 0, serviceWriter(task.taskId));
  await tx.access.deleteProvisioning(ac.id, targetId);
}

/** Runs `fn` in one transaction under the directory lock, with the task's access configuration. */
async function inTask(deps: Deps, task: TaskRecord, fn: (tx: Store, ac: AccessConfiguration) => Promise<void>): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await lockDirectory(tx, task.directoryId);
    await fn(tx, await configurationIn(tx, task.directoryId, task.accessConfigurationId));
  });
}

const provision: TaskHandler = (deps, task) => inTask(deps, task, (tx, ac) => provisionIn(tx, deps.ctx, ac, task.targetId, task));

/** A deprovisioning that fails leaves the provisioning DeprovisionFailed (the account's state is unknown). */
const deprovision: TaskHandler = async (deps, task) => {
  try {
    await inTask(deps, task, async (tx, ac) => {
      if (!(await tx.access.getProvisioning(ac.id, task.targetId))) return;
      if ((await tx.access.countAssignments(ac.directoryId, { accessConfigurationId: ac.id, targetId: task.targetId })) > 0) {
        throw new DomainError('ProvisioningHasAssignments', 'Access assignments use the access configuration on this account again.');
      }
      await deprovisionIn(tx, deps.ctx, ac, task.targetId, task);
    });
  } catch (err) {
    if (!(err instanceof DomainError && err.code === 'ProvisioningHasAssignments')) await markDeprovisionFailed(deps, task);
    throw err;
  }
};

async function markDeprovisionFailed(deps: Deps, task: TaskRecord): Promise<void> {
  await deps.store.transaction(async (tx) => {
    const p = await tx.access.getProvisioning(task.accessConfigurationId, task.targetId);
    if (p) await tx.access.putProvisioning({ ...p, status: 'DeprovisionFailed', updateTime: deps.ctx.clock.now() });
  });
}

/** What an assignment event shows: the assignment's key, names, and the task that made the change. */
function assignmentData(task: TaskRecord): Record<string, unknown> {
  return {
    accessConfigurationId: task.accessConfigurationId,
    accessConfigurationName: task.accessConfigurationName,
    targetType: task.targetType,
    targetId: task.targetId,
    principalType: task.principalType,
    principalId: task.principalId,
    principalName: task.principalName,
    taskId: task.taskId,
  };
}

/** The assignment, and the first provisioning of the configuration on the account when there is none yet. */
const createAssignment: TaskHandler = (deps, task) =>
  inTask(deps, task, async (tx, ac) => {
    const key = keyOf(task);
    await principalName(tx, task.directoryId, key.principalType, key.principalId);
    await targetAccount(tx, key.targetId);
    if (!(await tx.access.getAssignment(key))) {
      await tx.access.insertAssignment({ ...key, directoryId: task.directoryId, targetType: TARGET_TYPE, createTime: deps.ctx.clock.now() });
      await recordChangeEvent(tx, deps.ctx, { type: 'assignment.created', directoryId: task.directoryId, source: 'task', data: assignmentData(task) });
    }
    if (!(await tx.access.getProvisioning(ac.id, key.targetId))) await provisionIn(tx, deps.ctx, ac, key.targetId, task);
  });

/** With DeprovisionForLastAccessAssignmentOnAccount, the last assignment takes the provisioning with it. */
const deleteAssignment: TaskHandler = (deps, task) =>
  inTask(deps, task, async (tx, ac) => {
    const key = keyOf(task);
    if (await tx.access.getAssignment(key)) {
      await tx.access.deleteAssignment(key);
      await recordChangeEvent(tx, deps.ctx, { type: 'assignment.deleted', directoryId: task.directoryId, source: 'task', data: assignmentData(task) });
    }
    const strategy = (task.payload as { deprovisionStrategy?: DeprovisionStrategy } | null)?.deprovisionStrategy ?? 'None';
    if (strategy !== 'DeprovisionForLastAccessAssignmentOnAccount') return;
    if ((await tx.access.countAssignments(task.directoryId, { accessConfigurationId: ac.id, targetId: key.targetId })) > 0) return;
    if (await tx.access.getProvisioning(ac.id, key.targetId)) await deprovisionIn(tx, deps.ctx, ac, key.targetId, task);
  });

export const accessTaskHandlers = {
  ProvisionAccessConfiguration: provision,
  DeprovisionAccessConfiguration: deprovision,
  CreateAccessAssignment: createAssignment,
  DeleteAccessAssignment: deleteAssignment,
} as const;
