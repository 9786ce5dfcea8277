import type { DomainErrorCode } from '../../core/errors.js';
import type { ErrorTable, ErrorWire } from '../../rpc/error-map.js';
import { COMMON_ERRORS } from '../common/errors.js';

/**
 * Domain errors on the RAM API's wire, with RAM's own codes (`EntityNotExist.User`, singular
 * "Exist" as RAM spells it; `DeleteConflict.User.AccessKey`; `LimitExceeded.User.AccessKey`).
 * Exhaustive by type like every edge's table; codes that only CloudSSO actions raise say
 * 'management' and keep the common wire form (../common/errors.ts). Documented in docs/errors.md.
 */
type Wire = ErrorWire | 'management';
/** The principals a policy is attached to, as the core names them in `field`. */
const PRINCIPALS = ['User', 'Group', 'Role'] as const;

const RAM_WORDING: Record<DomainErrorCode, Wire> = {
  DirectoryNotFound: 'management',
  UserNotFound: 'management',
  GroupNotFound: 'management',
  SCIMCredentialNotFound: 'management',
  MembershipNotFound: 'management',
  AccessKeyNotFound: { code: 'EntityNotExist.User.AccessKey', status: 404 },
  RamUserNotFound: { code: 'EntityNotExist.User', status: 404 },
  RamGroupNotFound: { code: 'EntityNotExist.Group', status: 404 },
  PolicyNotFound: { code: 'EntityNotExist.Policy', status: 404 },
  PolicyAttachmentNotFound: { code: (principal) => `EntityNotExist.${principal}.Policy`, status: 404, fields: PRINCIPALS },
  RamUserNotInGroup: { code: 'EntityNotExist.User.Group', status: 404 },
  SAMLCertificateNotFound: 'management',
  MFADeviceNotFound: 'management',
  RamRoleNotFound: { code: 'EntityNotExist.Role', status: 404 },
  SamlProviderNotFound: { code: 'EntityNotExist.SAMLProvider', status: 404 },
  ResourceDirectoryNotFound: 'management',
  AccountNotFound: 'management',
  TaskNotFound: 'management',
  DelegateAccountNotFound: 'management',
  WebhookNotFound: 'management',
  DelegateAccountQuotaExceeded: 'management',
  UserProvisioningNotFound: 'management',
  UserProvisioningEventNotFound: 'management',
  UserProvisioningExists: 'management',
  UserProvisioningQuotaExceeded: 'management',
  ServiceDisabled: 'management',
  ServiceInUse: 'management',

  DirectoryNameTaken: 'management',
  UserNameTaken: 'management',
  UserEmailTaken: 'management',
  GroupNameTaken: 'management',
  RamUserNameTaken: { code: 'EntityAlreadyExists.User', status: 409 },
  RamGroupNameTaken: { code: 'EntityAlreadyExists.Group', status: 409 },
  PolicyNameTaken: { code: 'EntityAlreadyExists.Policy', status: 409 },
  PolicyAlreadyAttached: { code: (principal) => `EntityAlreadyExists.${principal}.Policy`, status: 409, fields: PRINCIPALS },
  RamUserAlreadyInGroup: { code: 'EntityAlreadyExists.User.Group', status: 409 },
  SAMLCertificateTaken: 'management',
  RamRoleNameTaken: { code: 'EntityAlreadyExists.Role', status: 409 },
  SamlProviderNameTaken: { code: 'EntityAlreadyExists.SAMLProvider', status: 409 },
  ResourceDirectoryExists: 'management',
  AccountNameTaken: 'management',
  ManualUserConflict: 'management',

  DirectoryQuotaExceeded: 'management',
  UserQuotaExceeded: 'management',
  GroupQuotaExceeded: 'management',
  SCIMCredentialQuotaExceeded: 'management',
  AccessKeyQuotaExceeded: { code: 'LimitExceeded.User.AccessKey', status: 409 },
  SAMLCertificateQuotaExceeded: 'management',

  DirectoryNotEmpty: 'management',
  UserHasMemberships: 'management',
  UserHasMfaDevices: 'management',
  GroupHasMembers: 'management',
  PolicyInUse: { code: (principal) => `DeleteConflict.Policy.${principal}`, status: 409, fields: PRINCIPALS },
  RamUserHasAccessKeys: { code: 'DeleteConflict.User.AccessKey', status: 409 },
  RamUserHasPolicies: { code: 'DeleteConflict.User.Policy', status: 409 },
  RamUserInGroups: { code: 'DeleteConflict.User.Group', status: 409 },
  RamGroupHasMembers: { code: 'DeleteConflict.Group.User', status: 409 },
  RamGroupHasPolicies: { code: 'DeleteConflict.Group.Policy', status: 409 },
  RamRoleHasPolicies: { code: 'DeleteConflict.Role.Policy', status: 409 },
  AccountNotDeletable: 'management',
  TrustPolicyDenied: 'management',
  ManagementAccountOnly: 'management',
  SynchronizedUserLocked: 'management',
  SynchronizedGroupLocked: 'management',
  VersionMismatch: 'management',
  ConcurrentChange: 'management',
  TaskConflict: 'management',
  SSOEnabled: 'management',
  SAMLIdentityProviderIncomplete: 'management',
  // CloudSSO access: never raised by a RAM action.
  AccessConfigurationNotFound: 'management',
  AccessAssignmentNotFound: 'management',
  AccessProvisioningNotFound: 'management',
  PermissionPolicyNotFound: 'management',
  SystemPolicyNotFound: 'management',
  AccessConfigurationNameTaken: 'management',
  AccessAssignmentExists: 'management',
  PermissionPolicyExists: 'management',
  AccessConfigurationQuotaExceeded: 'management',
  SystemPolicyQuotaExceeded: 'management',
  InlinePolicyQuotaExceeded: 'management',
  WebhookQuotaExceeded: 'management',
  AccessConfigurationHasPolicies: 'management',
  AccessConfigurationProvisioned: 'management',
  AccessConfigurationAssigned: 'management',
  AccessConfigurationBusy: 'management',
  ProvisioningHasAssignments: 'management',
  UserHasAccessAssignments: 'management',
  GroupHasAccessAssignments: 'management',

  InvalidParameter: { code: (field) => `InvalidParameter.${field}`, status: 400 },
  InvalidNextToken: 'management',
  InvalidFilter: 'management',
  InvalidPolicyDocument: { code: 'InvalidParameter.PolicyDocument', status: 400 },
  PasswordPolicyViolation: 'management',
};

export const RAM_ERRORS: ErrorTable = Object.fromEntries(
  Object.entries(RAM_WORDING).map(([code, wire]) => [code, wire === 'management' ? COMMON_ERRORS[code as DomainErrorCode] : wire]),
) as Record<DomainErrorCode, ErrorWire>;
