/**
 * The one error type the core throws. Its code is a closed union: every edge maps each code
 * through an exhaustive `Record<DomainErrorCode, ...>` table, so adding a code does not compile
 * until every protocol has decided what it means on its wire.
 */
export const DOMAIN_ERROR_CODES = [
  // entity lookups
  'DirectoryNotFound',
  'UserNotFound',
  'GroupNotFound',
  'SCIMCredentialNotFound',
  'MembershipNotFound',
  'AccessKeyNotFound',
  'RamUserNotFound',
  'RamGroupNotFound',
  'PolicyNotFound',
  'PolicyAttachmentNotFound',
  'RamUserNotInGroup',
  'SAMLCertificateNotFound',
  'MFADeviceNotFound',
  'RamRoleNotFound',
  'SamlProviderNotFound',
  'ResourceDirectoryNotFound',
  'AccountNotFound',
  'AccessConfigurationNotFound',
  'AccessAssignmentNotFound',
  'AccessProvisioningNotFound',
  'PermissionPolicyNotFound',
  'SystemPolicyNotFound',
  'TaskNotFound',
  'DelegateAccountNotFound',
  'UserProvisioningNotFound',
  'UserProvisioningEventNotFound',
  'WebhookNotFound',
  // uniqueness
  'DirectoryNameTaken',
  'UserNameTaken',
  'UserEmailTaken',
  'GroupNameTaken',
  'RamUserNameTaken',
  'RamGroupNameTaken',
  'PolicyNameTaken',
  'PolicyAlreadyAttached',
  'RamUserAlreadyInGroup',
  'SAMLCertificateTaken',
  'RamRoleNameTaken',
  'SamlProviderNameTaken',
  'ResourceDirectoryExists',
  'AccountNameTaken',
  'AccessConfigurationNameTaken',
  'AccessAssignmentExists',
  'PermissionPolicyExists',
  'DelegateAccountQuotaExceeded',
  'UserProvisioningExists',
  // quotas
  'DirectoryQuotaExceeded',
  'UserQuotaExceeded',
  'GroupQuotaExceeded',
  'SCIMCredentialQuotaExceeded',
  'AccessKeyQuotaExceeded',
  'SAMLCertificateQuotaExceeded',
  'AccessConfigurationQuotaExceeded',
  'SystemPolicyQuotaExceeded',
  'InlinePolicyQuotaExceeded',
  'UserProvisioningQuotaExceeded',
  'WebhookQuotaExceeded',
  // state conflicts
  'DirectoryNotEmpty',
  'UserHasMemberships',
  'UserHasMfaDevices',
  'GroupHasMembers',
  'PolicyInUse',
  'RamUserHasAccessKeys',
  'RamUserHasPolicies',
  'RamUserInGroups',
  'RamGroupHasMembers',
  'RamGroupHasPolicies',
  'RamRoleHasPolicies',
  'AccountNotDeletable',
  'AccessConfigurationHasPolicies',
  'AccessConfigurationProvisioned',
  'AccessConfigurationAssigned',
  'AccessConfigurationBusy',
  'ProvisioningHasAssignments',
  'UserHasAccessAssignments',
  'GroupHasAccessAssignments',
  // authorization decided by the core (a trust policy; an API only the management account may call)
  'TrustPolicyDenied',
  'ManagementAccountOnly',
  'SynchronizedUserLocked',
  'SynchronizedGroupLocked',
  'ManualUserConflict',
  'VersionMismatch',
  'ConcurrentChange',
  // a second change to an access configuration on a target while a task on them runs
  'TaskConflict',
  'SSOEnabled',
  'SAMLIdentityProviderIncomplete',
  // CloudSSO switched off for the account; switching it off while directories exist
  'ServiceDisabled',
  'ServiceInUse',
  // input
  'InvalidParameter',
  'InvalidNextToken',
  'InvalidFilter',
  'InvalidPolicyDocument',
  'PasswordPolicyViolation',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

export interface DomainErrorDetails {
  /** The request field the error is about, in the core's vocabulary (e.g. `UserName`). */
  readonly field?: string;
  /** The offending entity ID where there is one. */
  readonly id?: string;
}

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}
