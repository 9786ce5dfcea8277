import { recordAudit } from './audit.js';
import type { CoreContext } from './context.js';
import { DomainError } from './errors.js';
import { newDirectoryId } from './ids.js';
import type { Directory } from './model.js';
import type { Store } from './ports/store.js';
import { SYSTEM, type AuditedBy } from './provenance.js';
import { requireServiceEnabled } from './service.js';
import { samlIdpFrom } from './sign-in/settings.js';

/**
 * Directory rules (CloudSSO CreateDirectory/UpdateDirectory): lowercase letters, digits and `-`;
 * 2-64 characters; not starting or ending with `-`; no `--`; not starting with `d-` (a rename may
 * use the directory's own ID). Names are unique across the account (globally in CloudSSO).
 */
const NAME_CHARS = /^[a-z0-9-]{2,64}$/;

export function directoryNameProblem(name: string, ownId?: string): string | undefined {
  if (!NAME_CHARS.test(name)) return 'must be 2 to 64 characters of lowercase letters, digits and hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not start or end with a hyphen';
  if (name.includes('--')) return 'must not contain two consecutive hyphens';
  if (name.startsWith('d-') && name !== ownId) return 'must not start with "d-" (reserved for directory IDs)';
  return undefined;
}

function checkName(name: string, field: string, ownId?: string): void {
  const problem = directoryNameProblem(name, ownId);
  if (problem) throw new DomainError('InvalidParameter', `The directory name ${problem}.`, { field });
}

const directoryNotFound = (id: string) => new DomainError('DirectoryNotFound', 'The specified directory does not exist.', { id });

export async function getDirectory(ctx: CoreContext, id: string): Promise<Directory> {
  const d = await ctx.store.directories.get(id);
  if (!d) throw directoryNotFound(id);
  return d;
}

/**
 * Inside a transaction, first thing of every write to a directory's data: the directory must
 * exist, and its row stays locked until the transaction ends (DirectoryRepository.lockExisting), so
 * quota and uniqueness checks cannot race. One query.
 */
export async function lockDirectory(store: Store, directoryId: string): Promise<void> {
  if (!(await store.directories.lockExisting(directoryId))) throw directoryNotFound(directoryId);
}

const audit = (tx: Store, ctx: CoreContext, by: AuditedBy, action: string, directoryId: string) =>
  recordAudit(tx, ctx, by, { directoryId, action, resourceType: 'directory', resourceId: directoryId });

export async function createDirectory(ctx: CoreContext, input: { name?: string }, by: AuditedBy = SYSTEM): Promise<Directory> {
  const now = ctx.clock.now();
  const id = newDirectoryId(now);
  // "If you do not specify this parameter, the value is automatically generated": the ID itself,
  // which is also the one `d-` name a rename may keep.
  const name = input.name ?? id;
  if (input.name !== undefined) checkName(input.name, 'DirectoryName');
  return ctx.store.transaction(async (tx) => {
    await requireServiceEnabled(tx, ctx);
    if ((await tx.directories.count()) >= ctx.settings.quotas.directories) {
      throw new DomainError(
        'DirectoryQuotaExceeded',
        `The account already has ${ctx.settings.quotas.directories} directory(ies), the maximum allowed.`,
      );
    }
    const d: Directory = { id, name, region: ctx.settings.regionId, scimSyncEnabled: false, createTime: now, updateTime: now };
    await tx.directories.insert(d);
    await audit(tx, ctx, by, 'CreateDirectory', id);
    return d;
  });
}

export async function listDirectories(ctx: CoreContext): Promise<Directory[]> {
  return ctx.store.directories.list();
}

export async function updateDirectory(ctx: CoreContext, id: string, input: { newName?: string }, by: AuditedBy = SYSTEM): Promise<Directory> {
  const newName = input.newName;
  if (newName === undefined) return getDirectory(ctx, id);
  return ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, id);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- lockDirectory has just found and locked it (404 otherwise)
    const d = (await tx.directories.get(id))!;
    if (newName === d.name) return d;
    checkName(newName, 'NewDirectoryName', d.id);
    const now = ctx.clock.now();
    await tx.directories.rename(id, newName, now);
    await audit(tx, ctx, by, 'UpdateDirectory', id);
    return { ...d, name: newName, updateTime: now };
  });
}

export async function deleteDirectory(ctx: CoreContext, id: string, by: AuditedBy = SYSTEM): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, id);
    const held = await tx.directories.contents(id);
    const idp = samlIdpFrom(await tx.directories.getSettings(id));
    const accessConfigurations = await tx.access.countConfigurations(id);
    const what = [
      // CloudSSO: access configurations (and so their assignments and provisionings) go first.
      accessConfigurations > 0 && `${accessConfigurations} access configuration(s)`,
      held.scimCredentials > 0 && `${held.scimCredentials} SCIM credential(s)`,
      held.users > 0 && `${held.users} user(s)`,
      held.groups > 0 && `${held.groups} group(s)`,
      // CloudSSO: the external IdP must be cleared (ClearExternalSAMLIdentityProvider) first.
      idp && 'an external SAML identity provider configuration',
    ].filter(Boolean);
    if (what.length > 0) {
      throw new DomainError('DirectoryNotEmpty', `The directory still holds ${what.join(', ')}; delete them first.`, { id });
    }
    await tx.directories.delete(id);
    await audit(tx, ctx, by, 'DeleteDirectory', id);
  });
}

export interface DirectoryStatistics {
  readonly directory: Directory;
  readonly userCount: number;
  readonly groupCount: number;
  readonly scimCredentialCount: number;
  readonly accessConfigurationCount: number;
  readonly accessAssignmentCount: number;
  readonly inProgressTaskCount: number;
  /** SAML SSO through the external IdP is on (password sign-in off). */
  readonly ssoEnabled: boolean;
}

export async function getDirectoryStatistics(ctx: CoreContext, id: string): Promise<DirectoryStatistics> {
  const directory = await getDirectory(ctx, id);
  const held = await ctx.store.directories.contents(id);
  const ssoEnabled = samlIdpFrom(await ctx.store.directories.getSettings(id))?.ssoStatus === 'Enabled';
  const [accessConfigurationCount, accessAssignmentCount, inProgressTaskCount] = await Promise.all([
    ctx.store.access.countConfigurations(id),
    ctx.store.access.countAssignments(id),
    ctx.store.tasks.countInProgress(id),
  ]);
  return {
    directory,
    userCount: held.users,
    groupCount: held.groups,
    scimCredentialCount: held.scimCredentials,
    accessConfigurationCount,
    accessAssignmentCount,
    inProgressTaskCount,
    ssoEnabled,
  };
}

/** SetSCIMSynchronizationStatus: the switch every SCIM request's guard reads (scim-credentials.ts). */
export async function setScimSynchronization(ctx: CoreContext, id: string, enabled: boolean, by: AuditedBy = SYSTEM): Promise<void> {
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, id);
    await tx.directories.setScimSync(id, enabled, ctx.clock.now());
    await audit(tx, ctx, by, 'SetSCIMSynchronizationStatus', id);
  });
}
