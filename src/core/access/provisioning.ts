import type { CoreContext } from '../context.js';
import type { AccessConfiguration, PermissionPolicy } from '../ports/access.js';
import type { PolicyKind } from '../ports/ram.js';
import type { Store } from '../ports/store.js';
import { inAccount, type RamProvenance, type RamScope } from '../ram/common.js';
import { attachPolicy, createPolicy, deletePolicy, detachPolicy } from '../ram/policies.js';
import { createRamRole, deleteRamRole, SESSION_DURATION as ROLE_SESSION, updateRamRole } from '../ram/roles.js';
import { createSamlProvider, deleteSamlProvider, samlProviderArn } from '../ram/saml-providers.js';

/**
 * What provisioning an access configuration does in a member account (cloudsso-access.md §3.6;
 * docs/decisions/0107-member-account-objects.md), through the RAM core of that account:
 * - the SAML provider `AliyunReservedSSO-<DirectoryId>`, whose IdP is this directory;
 * - the role `AliyunReservedSSO-<AccessConfigurationName>`, trusting that provider, with the
 *   configuration's session duration as MaxSessionDuration (at least RAM's minimum, 3600);
 * - the configuration's System policies attached to the role, and its Inline policy as the custom
 *   policy `AliyunReservedSSO-<AccessConfigurationName>-InlinePolicy`, attached too.
 * Both directions are idempotent: each step looks at the account first and only does what is
 * missing, so a task that ran half-way (or twice) converges on the same account state.
 */
export const RESERVED_PREFIX = 'AliyunReservedSSO-';
/** The recipient RAM's role-based SAML SSO checks (Alibaba's international sign-in site). */
export const SAML_ROLE_RECIPIENT = 'https://signin.alibabacloud.com/saml-role/sso';

export interface ReservedNames {
  readonly samlProviderName: string;
  readonly roleName: string;
  readonly inlinePolicyName: string;
}

export function reservedNames(directoryId: string, accessConfigurationName: string): ReservedNames {
  return {
    samlProviderName: `${RESERVED_PREFIX}${directoryId}`,
    roleName: `${RESERVED_PREFIX}${accessConfigurationName}`,
    inlinePolicyName: `${RESERVED_PREFIX}${accessConfigurationName}-InlinePolicy`,
  };
}

/** The RAM writes CloudSSO makes in member accounts, audited as its service-linked role, with the task as the request. */
export const serviceWriter = (taskId: string): RamProvenance => ({ actor: { type: 'system', id: 'AliyunServiceRoleForCloudSSO' }, requestId: taskId });

export function reservedTrustPolicy(accountId: string, samlProviderName: string): string {
  return JSON.stringify({
    Statement: [
      {
        Action: 'sts:AssumeRole',
        Effect: 'Allow',
        Principal: { Federated: [samlProviderArn(accountId, samlProviderName)] },
        Condition: { StringEquals: { 'saml:recipient': [SAML_ROLE_RECIPIENT] } },
      },
    ],
    Version: '1',
  });
}

/** The directory as a SAML IdP, as the member account's provider knows it (Base64 metadata). */
export function directoryIdpMetadata(ctx: CoreContext, directoryId: string): string {
  const base = ctx.settings.publicUrl ?? `https://signin-${ctx.settings.regionId}.alibabacloudsso.com`;
  const xml =
    `<?xml version="1.0" encoding="UTF-8"?>` +
    `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${base}/saml/idp/${directoryId}">` +
    `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/>` +
    `</md:EntityDescriptor>`;
  return Buffer.from(xml, 'utf8').toString('base64');
}

/** The role's MaxSessionDuration: the configuration's, raised to RAM's minimum (900-3599 are valid in CloudSSO, not in RAM). */
export const roleMaxSession = (sessionDuration: number): number => Math.max(ROLE_SESSION.min, sessionDuration);

/** The RAM core of `accountId`, writing through `tx`. */
const scopeIn = (tx: Store, ctx: CoreContext, accountId: string): RamScope => inAccount({ ...ctx, store: tx }, accountId);

export interface AppliedProvisioning {
  readonly ramRoleName: string;
  readonly ramPolicyNames: string[];
  readonly samlProviderName: string;
}

/** Makes the account match the configuration and its policies (first provisioning and re-provisioning alike). */
export async function applyProvisioning(
  tx: Store,
  ctx: CoreContext,
  ac: AccessConfiguration,
  policies: readonly PermissionPolicy[],
  accountId: string,
  by: RamProvenance,
): Promise<AppliedProvisioning> {
  const ram = scopeIn(tx, ctx, accountId);
  const names = reservedNames(ac.directoryId, ac.name);
  const description = `CloudSSO access configuration ${ac.name} (${ac.id}) of directory ${ac.directoryId}; managed by CloudSSO.`;

  if (!(await tx.ram.getSamlProvider(accountId, names.samlProviderName))) {
    await createSamlProvider(
      ram,
      { name: names.samlProviderName, metadata: directoryIdpMetadata(ctx, ac.directoryId), description: `CloudSSO directory ${ac.directoryId}` },
      by,
    );
  }

  const trustPolicy = reservedTrustPolicy(accountId, names.samlProviderName);
  const maxSessionDuration = roleMaxSession(ac.sessionDuration);
  const role = await tx.ram.getRoleByName(accountId, names.roleName);
  if (!role) {
    await createRamRole(ram, { name: names.roleName, trustPolicy, description, maxSessionDuration }, by);
  } else if (role.trustPolicy !== trustPolicy || role.maxSessionDuration !== maxSessionDuration) {
    await updateRamRole(ram, role.name, { trustPolicy, maxSessionDuration }, by);
  }
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- the role was found or created just above, in this transaction
  const roleId = (await tx.ram.getRoleByName(accountId, names.roleName))!.id;
  const target = { type: 'role', name: names.roleName } as const;

  // The inline policy: a custom policy replaced when its document changed (deleting detaches it).
  const inline = policies.find((p) => p.type === 'Inline');
  const existing = await tx.ram.getPolicy(accountId, names.inlinePolicyName);
  if (existing && (!inline || existing.document !== inline.document)) await deletePolicy(ram, names.inlinePolicyName, true, by);
  if (inline && (!existing || existing.document !== inline.document)) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- an inline policy always carries its document
    await createPolicy(ram, { name: names.inlinePolicyName, document: inline.document!, description }, by);
  }

  const wanted = new Map<string, PolicyKind>(policies.filter((p) => p.type === 'System').map((p) => [`System:${p.name}`, 'System']));
  if (inline) wanted.set(`Custom:${names.inlinePolicyName}`, 'Custom');
  const attached = await tx.ram.policiesOf('role', roleId);
  for (const a of attached) {
    if (!wanted.has(`${a.policyType}:${a.policyName}`)) await detachPolicy(ram, a.policyType, a.policyName, target, by);
  }
  const present = new Set(attached.map((a) => `${a.policyType}:${a.policyName}`));
  for (const [key, kind] of wanted) {
    if (!present.has(key)) await attachPolicy(ram, kind, key.slice(key.indexOf(':') + 1), target, by);
  }
  return { ramRoleName: names.roleName, ramPolicyNames: inline ? [names.inlinePolicyName] : [], samlProviderName: names.samlProviderName };
}

/**
 * Removes what provisioning made: the role (its policies detached first), the inline custom
 * policy, and, when no other provisioning of the directory is left on the account, the SAML
 * provider. Whatever is already gone is skipped.
 */
export async function removeProvisioning(
  tx: Store,
  ctx: CoreContext,
  directoryId: string,
  accessConfigurationName: string,
  accountId: string,
  keepSamlProvider: boolean,
  by: RamProvenance,
): Promise<void> {
  const ram = scopeIn(tx, ctx, accountId);
  const names = reservedNames(directoryId, accessConfigurationName);
  const role = await tx.ram.getRoleByName(accountId, names.roleName);
  if (role) {
    const target = { type: 'role', name: role.name } as const;
    for (const a of await tx.ram.policiesOf('role', role.id)) await detachPolicy(ram, a.policyType, a.policyName, target, by);
    await deleteRamRole(ram, role.name, by);
  }
  if (await tx.ram.getPolicy(accountId, names.inlinePolicyName)) await deletePolicy(ram, names.inlinePolicyName, true, by);
  if (!keepSamlProvider && (await tx.ram.getSamlProvider(accountId, names.samlProviderName))) {
    await deleteSamlProvider(ram, names.samlProviderName, by);
  }
}
