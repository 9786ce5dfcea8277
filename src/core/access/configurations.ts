import { recordAudit } from '../audit.js';
import type { CoreContext } from '../context.js';
import { getDirectory, lockDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import { keysetPage, type Page, type PageRequest } from '../paging.js';
import type { AccessConfiguration, ConfigurationQuery } from '../ports/access.js';
import type { Store } from '../ports/store.js';
import type { Tag } from '../model.js';
import type { AuditedBy } from '../provenance.js';
import { checkLength } from '../ram/common.js';
import { checkTags } from '../tag-rules.js';

/**
 * Access configurations (CloudSSO CreateAccessConfiguration and friends; cloudsso-access.md §2;
 * docs/decisions/0105-access-configurations.md): a directory-level template of a session duration,
 * a relay state and permission policies (./permission-policies.ts), which takes effect only where it
 * is provisioned (./provisioning.ts). The name becomes the RAM role `AliyunReservedSSO-<name>` in
 * member accounts, so it is unique per directory case-insensitively, as role names are, and cannot
 * be changed.
 */
const NAME = /^[A-Za-z0-9-]{1,32}$/;
export const SESSION_DURATION = { min: 900, max: 43200, default: 3600 } as const;
const RELAY_STATE_MAX = 1024;
const DESCRIPTION_MAX = 1024;

/**
 * What an access configuration shows: StatusNotifications is `["ReprovisionRequired"]` while a
 * provisioning needs it; its tags (ResourceType `accessconfiguration`, decision 0175) by key.
 */
export interface AccessConfigurationView extends AccessConfiguration {
  readonly statusNotifications: readonly string[];
  readonly tags: readonly Tag[];
}

/** The tag rows' resource type (TagResources' `ResourceType`). */
export const TAG_RESOURCE_TYPE = 'accessconfiguration';

export const notFound = (id: string) =>
  new DomainError('AccessConfigurationNotFound', `The access configuration "${id}" does not exist in the directory.`, {
    field: 'AccessConfigurationId',
    id,
  });

function checkName(name: string): void {
  if (!NAME.test(name)) {
    throw new DomainError('InvalidParameter', 'AccessConfigurationName must be 1 to 32 characters: letters, digits and hyphens (-).', {
      field: 'AccessConfigurationName',
    });
  }
}

export function checkSessionDuration(value: number, field: string): void {
  if (!Number.isInteger(value) || value < SESSION_DURATION.min || value > SESSION_DURATION.max) {
    throw new DomainError('InvalidParameter', `${field} must be an integer from ${SESSION_DURATION.min} to ${SESSION_DURATION.max} seconds.`, { field });
  }
}

/** A console page: an absolute https URL (Alibaba: "must be an Alibaba Cloud console page"; decision 0105). */
function checkRelayState(value: string | null | undefined, field: string): void {
  if (value === null || value === undefined || value === '') return;
  checkLength(field, value, RELAY_STATE_MAX);
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || url.protocol !== 'https:') {
    throw new DomainError('InvalidParameter', `${field} must be an https:// URL of a console page, at most ${RELAY_STATE_MAX} characters.`, { field });
  }
}

export const acAudit = (tx: Store, ctx: CoreContext, by: AuditedBy, directoryId: string, action: string, id: string) =>
  recordAudit(tx, ctx, by, { directoryId, action, resourceType: 'access-configuration', resourceId: id });

/** Inside a transaction: the configuration, or EntityNotExists.AccessConfiguration. */
export async function configurationIn(store: Store, directoryId: string, id: string): Promise<AccessConfiguration> {
  const ac = await store.access.getConfiguration(directoryId, id);
  if (!ac) throw notFound(id);
  return ac;
}

async function withNotifications(store: Store, items: AccessConfiguration[]): Promise<AccessConfigurationView[]> {
  const ids = items.map((c) => c.id);
  const flagged = await store.access.needingReprovision(ids);
  const tags = await store.tags.forResources(items[0]?.directoryId ?? '', ids);
  return items.map((c) => ({ ...c, statusNotifications: flagged.has(c.id) ? ['ReprovisionRequired'] : [], tags: tags.get(c.id) ?? [] }));
}

export interface NewAccessConfiguration {
  readonly name: string;
  readonly description?: string | null;
  readonly relayState?: string | null;
  readonly sessionDuration?: number;
  /** `Tags.N` (at most 20, the rules of ../tag-rules.ts). */
  readonly tags?: readonly Tag[];
}

export async function createAccessConfiguration(
  ctx: CoreContext,
  directoryId: string,
  input: NewAccessConfiguration,
  by: AuditedBy,
): Promise<AccessConfigurationView> {
  checkName(input.name);
  checkLength('Description', input.description, DESCRIPTION_MAX);
  checkRelayState(input.relayState, 'RelayState');
  const sessionDuration = input.sessionDuration ?? SESSION_DURATION.default;
  checkSessionDuration(sessionDuration, 'SessionDuration');
  const tags = input.tags ?? [];
  checkTags(tags, 'Tags');
  const now = ctx.clock.now();
  const ac: AccessConfiguration = {
    id: newId('ac', now),
    directoryId,
    name: input.name,
    description: input.description || null,
    relayState: input.relayState || null,
    sessionDuration,
    createTime: now,
    updateTime: now,
  };
  const stored = await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const quota = ctx.settings.quotas.accessConfigurationsPerDirectory;
    if ((await tx.access.countConfigurations(directoryId)) >= quota) {
      throw new DomainError('AccessConfigurationQuotaExceeded', `The directory already has ${quota} access configurations, its quota.`);
    }
    if (await tx.access.getConfigurationByName(directoryId, input.name)) {
      throw new DomainError('AccessConfigurationNameTaken', `An access configuration named "${input.name}" already exists in the directory.`, {
        field: 'AccessConfigurationName',
      });
    }
    await tx.access.insertConfiguration(ac);
    if (tags.length > 0) await tx.tags.set(directoryId, TAG_RESOURCE_TYPE, [ac.id], tags);
    await acAudit(tx, ctx, by, directoryId, 'CreateAccessConfiguration', ac.id);
    return (await tx.tags.forResources(directoryId, [ac.id])).get(ac.id) ?? [];
  });
  return { ...ac, statusNotifications: [], tags: stored };
}

export async function getAccessConfiguration(ctx: CoreContext, directoryId: string, id: string): Promise<AccessConfigurationView> {
  await getDirectory(ctx, directoryId);
  const ac = await configurationIn(ctx.store, directoryId, id);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- withNotifications returns one configuration per one given
  return (await withNotifications(ctx.store, [ac]))[0]!;
}

export async function listAccessConfigurations(
  ctx: CoreContext,
  directoryId: string,
  q: ConfigurationQuery,
  page: PageRequest,
): Promise<Page<AccessConfigurationView>> {
  await getDirectory(ctx, directoryId);
  const query = `access-configurations\n${directoryId}\n${JSON.stringify(q)}`;
  const result = await keysetPage(
    ctx,
    query,
    page,
    (after, limit) => ctx.store.access.listConfigurations(directoryId, q, after, limit),
    () => ctx.store.access.countConfigurations(directoryId, q),
    (c) => c.id,
  );
  return { ...result, items: await withNotifications(ctx.store, result.items) };
}

export interface AccessConfigurationChanges {
  readonly description?: string | null;
  readonly relayState?: string | null;
  readonly sessionDuration?: number;
}

/**
 * Description, relay state and session duration; not the name. None of them needs re-provisioning
 * (Alibaba, "Re-provision an access configuration"): they are read when a session starts. The
 * role's MaxSessionDuration follows at the next provisioning (decision 0107).
 */
export async function updateAccessConfiguration(
  ctx: CoreContext,
  directoryId: string,
  id: string,
  changes: AccessConfigurationChanges,
  by: AuditedBy,
): Promise<AccessConfigurationView> {
  checkLength('NewDescription', changes.description, DESCRIPTION_MAX);
  checkRelayState(changes.relayState, 'NewRelayState');
  if (changes.sessionDuration !== undefined) checkSessionDuration(changes.sessionDuration, 'NewSessionDuration');
  const updated = await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const ac = await configurationIn(tx, directoryId, id);
    const next: AccessConfiguration = {
      ...ac,
      description: changes.description !== undefined ? changes.description || null : ac.description,
      relayState: changes.relayState !== undefined ? changes.relayState || null : ac.relayState,
      sessionDuration: changes.sessionDuration ?? ac.sessionDuration,
      updateTime: ctx.clock.now(),
    };
    await tx.access.updateConfiguration(next);
    await acAudit(tx, ctx, by, directoryId, 'UpdateAccessConfiguration', id);
    return next;
  });
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- withNotifications returns one configuration per one given
  return (await withNotifications(ctx.store, [updated]))[0]!;
}

/**
 * Refused while the configuration is provisioned anywhere, assigned, or has a task running
 * (DeletionConflict.AccessConfiguration.*), and, without ForceRemovePermissionPolicies, while it
 * still has permission policies.
 */
export async function deleteAccessConfiguration(
  ctx: CoreContext,
  directoryId: string,
  id: string,
  forceRemovePermissionPolicies: boolean,
  by: AuditedBy,
): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    await configurationIn(tx, directoryId, id);
    if ((await tx.tasks.countInProgress(directoryId, id)) > 0) {
      throw new DomainError('AccessConfigurationBusy', 'A task on the access configuration is in progress; wait for it to end (GetTaskStatus).', { id });
    }
    const assignments = await tx.access.countAssignments(directoryId, { accessConfigurationId: id });
    if (assignments > 0) {
      throw new DomainError(
        'AccessConfigurationAssigned',
        `The access configuration is used by ${assignments} access assignment(s); delete them (DeleteAccessAssignment) first.`,
        { id },
      );
    }
    const provisionings = await tx.access.countProvisionings(directoryId, { accessConfigurationId: id });
    if (provisionings > 0) {
      throw new DomainError(
        'AccessConfigurationProvisioned',
        `The access configuration is provisioned to ${provisionings} account(s); de-provision it (DeprovisionAccessConfiguration) first.`,
        { id },
      );
    }
    const policies = await tx.access.policiesOf(id);
    if (policies.length > 0 && !forceRemovePermissionPolicies) {
      throw new DomainError(
        'AccessConfigurationHasPolicies',
        `The access configuration still has ${policies.length} permission policy(ies); remove them, or set ForceRemovePermissionPolicies=true.`,
        { id },
      );
    }
    await tx.tags.remove(directoryId, [id], undefined);
    await tx.access.deleteConfiguration(id);
    await acAudit(tx, ctx, by, directoryId, 'DeleteAccessConfiguration', id);
  });
}
