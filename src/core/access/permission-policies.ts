import type { CoreContext } from '../context.js';
import { getDirectory, lockDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import type { PermissionPolicy, PermissionPolicyType } from '../ports/access.js';
import type { Store } from '../ports/store.js';
import type { AuditedBy } from '../provenance.js';
import { systemPolicy } from '../ram/system-policies.js';
import { PolicyDocumentError, validatePolicyDocument } from '../../policy/index.js';
import { acAudit, configurationIn } from './configurations.js';

/**
 * The permission policies of an access configuration (cloudsso-access.md §2.6-2.9): System policies
 * by their catalogue name (core/ram/system-policies.ts), at most 20, and at most one Inline policy,
 * a RAM policy document validated by src/policy. Every change marks the configuration's
 * provisionings ReprovisionRequired; member accounts change only when it is provisioned again.
 */
export const POLICY_QUOTA = { system: 20, inline: 1 } as const;
/** The SDK says 4,096 characters, the console guide 6,144; the larger one is accepted (decision 0105). */
export const INLINE_DOCUMENT_MAX = 6144;
const INLINE_NAME = /^[A-Za-z0-9-]{1,32}$/;

/** Inside the write's transaction: no task on the configuration may be in progress (OperationConflict.Task, which TF retries). */
async function notBusy(tx: Store, directoryId: string, accessConfigurationId: string): Promise<void> {
  if ((await tx.tasks.countInProgress(directoryId, accessConfigurationId)) > 0) {
    throw new DomainError('TaskConflict', 'A task on this access configuration is in progress; retry when it has ended.', { id: accessConfigurationId });
  }
}

function checkDocument(document: string, field: string): void {
  if ([...document].length > INLINE_DOCUMENT_MAX) {
    throw new DomainError('InvalidParameter', `${field} must be at most ${INLINE_DOCUMENT_MAX} characters.`, { field });
  }
  try {
    validatePolicyDocument(document);
  } catch (err) {
    if (!(err instanceof PolicyDocumentError)) throw err;
    throw new DomainError('InvalidParameter', `${field} is not a valid policy document: ${err.reason}`, { field });
  }
}

export interface NewPermissionPolicy {
  readonly type: PermissionPolicyType;
  readonly name: string;
  /** Inline only. */
  readonly document?: string;
}

async function changed(tx: Store, ctx: CoreContext, by: AuditedBy, directoryId: string, id: string, action: string): Promise<void> {
  const now = ctx.clock.now();
  await tx.access.markReprovisionRequired(id, now);
  await acAudit(tx, ctx, by, directoryId, action, id);
}

export async function addPermissionPolicy(
  ctx: CoreContext,
  directoryId: string,
  accessConfigurationId: string,
  input: NewPermissionPolicy,
  by: AuditedBy,
): Promise<void> {
  if (input.type === 'System') {
    if (!systemPolicy(input.name)) {
      throw new DomainError('SystemPolicyNotFound', `The System policy "${input.name}" does not exist.`, { field: 'PermissionPolicyName' });
    }
  } else {
    if (!INLINE_NAME.test(input.name)) {
      throw new DomainError('InvalidParameter', 'PermissionPolicyName of an Inline policy must be 1 to 32 characters: letters, digits and hyphens (-).', {
        field: 'PermissionPolicyName',
      });
    }
    checkDocument(input.document ?? '', 'InlinePolicyDocument');
  }
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    await configurationIn(tx, directoryId, accessConfigurationId);
    await notBusy(tx, directoryId, accessConfigurationId);
    const policies = await tx.access.policiesOf(accessConfigurationId);
    const same = policies.filter((p) => p.type === input.type);
    if (input.type === 'System' && same.some((p) => p.name === input.name)) {
      throw new DomainError('PermissionPolicyExists', `The System policy "${input.name}" is already in the access configuration.`, {
        field: 'PermissionPolicyName',
      });
    }
    if (same.length >= POLICY_QUOTA[input.type === 'System' ? 'system' : 'inline']) {
      throw input.type === 'System'
        ? new DomainError('SystemPolicyQuotaExceeded', `An access configuration has at most ${POLICY_QUOTA.system} System policies.`)
        : new DomainError(
            'InlinePolicyQuotaExceeded',
            'An access configuration has at most one Inline policy; change it with UpdateInlinePolicyForAccessConfiguration.',
          );
    }
    await tx.access.insertPolicy({
      accessConfigurationId,
      type: input.type,
      name: input.name,
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- an Inline policy is validated to carry its document
      document: input.type === 'Inline' ? input.document! : null,
      addTime: ctx.clock.now(),
    });
    await changed(tx, ctx, by, directoryId, accessConfigurationId, 'AddPermissionPolicyToAccessConfiguration');
  });
}

const policyNotFound = (type: string, name: string) =>
  new DomainError('PermissionPolicyNotFound', `The access configuration has no ${type} policy "${name}".`, { field: 'PermissionPolicyName' });

export async function removePermissionPolicy(
  ctx: CoreContext,
  directoryId: string,
  accessConfigurationId: string,
  type: PermissionPolicyType,
  name: string,
  by: AuditedBy,
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    await configurationIn(tx, directoryId, accessConfigurationId);
    await notBusy(tx, directoryId, accessConfigurationId);
    if (!(await tx.access.deletePolicy(accessConfigurationId, type, name))) throw policyNotFound(type, name);
    await changed(tx, ctx, by, directoryId, accessConfigurationId, 'RemovePermissionPolicyFromAccessConfiguration');
  });
}

export async function listPermissionPolicies(
  ctx: CoreContext,
  directoryId: string,
  accessConfigurationId: string,
  type?: PermissionPolicyType,
): Promise<PermissionPolicy[]> {
  await getDirectory(ctx, directoryId);
  await configurationIn(ctx.store, directoryId, accessConfigurationId);
  const all = await ctx.store.access.policiesOf(accessConfigurationId);
  return type ? all.filter((p) => p.type === type) : all;
}

export async function updateInlinePolicy(
  ctx: CoreContext,
  directoryId: string,
  accessConfigurationId: string,
  name: string,
  document: string,
  by: AuditedBy,
): Promise<void> {
  checkDocument(document, 'NewInlinePolicyDocument');
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    await configurationIn(tx, directoryId, accessConfigurationId);
    await notBusy(tx, directoryId, accessConfigurationId);
    if (!(await tx.access.updateInlineDocument(accessConfigurationId, name, document))) {
      throw new DomainError('PermissionPolicyNotFound', `The access configuration has no Inline policy "${name}".`, { field: 'InlinePolicyName' });
    }
    await changed(tx, ctx, by, directoryId, accessConfigurationId, 'UpdateInlinePolicyForAccessConfiguration');
  });
}
