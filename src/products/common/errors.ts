import type { ErrorTable } from '../../rpc/error-map.js';

/**
 * Every domain error code in the vocabulary CloudSSO uses, which the other products take for the
 * codes they do not word their own way (RAM: `EntityNotExist.User`). Exhaustive by type: a new
 * domain code does not compile until it has a row here. Documented in docs/errors.md.
 * `InvalidParameter.*` codes take the parameter name from the error's `field`.
 */

const byField = (prefix: string) => (field: string) => `${prefix}.${field}`;

export const COMMON_ERRORS: ErrorTable = {
  DirectoryNotFound: { code: 'EntityNotExists.Directory', status: 404 },
  UserNotFound: { code: 'EntityNotExists.User', status: 404 },
  GroupNotFound: { code: 'EntityNotExists.Group', status: 404 },
  SCIMCredentialNotFound: { code: 'EntityNotExists.SCIMCredential', status: 404 },
  MembershipNotFound: { code: 'EntityNotExists.GroupMember', status: 404 },
  AccessKeyNotFound: { code: 'EntityNotExists.AccessKey', status: 404 },
  RamUserNotFound: { code: 'EntityNotExists.RamUser', status: 404 },
  RamGroupNotFound: { code: 'EntityNotExists.RamGroup', status: 404 },
  PolicyNotFound: { code: 'EntityNotExists.Policy', status: 404 },
  PolicyAttachmentNotFound: { code: 'EntityNotExists.PolicyAttachment', status: 404 },
  RamUserNotInGroup: { code: 'EntityNotExists.RamGroupMember', status: 404 },
  SAMLCertificateNotFound: { code: 'EntityNotExists.SAMLIdPCertificate', status: 404 },
  MFADeviceNotFound: { code: 'EntityNotExists.MFADevice', status: 404 },
  RamRoleNotFound: { code: 'EntityNotExists.Role', status: 404 },
  SamlProviderNotFound: { code: 'EntityNotExists.SAMLProvider', status: 404 },
  ResourceDirectoryNotFound: { code: 'EntityNotExists.ResourceDirectory', status: 404 },
  AccountNotFound: { code: 'EntityNotExists.Account', status: 404 },
  TaskNotFound: { code: 'EntityNotExists.Task', status: 404 },

  DirectoryNameTaken: { code: 'EntityAlreadyExists.Directory', status: 409 },
  UserNameTaken: { code: 'EntityAlreadyExists.User.UserName', status: 409 },
  UserEmailTaken: { code: 'EntityAlreadyExists.User.Email', status: 409 },
  GroupNameTaken: { code: 'EntityAlreadyExists.Group', status: 409 },
  RamUserNameTaken: { code: 'EntityAlreadyExists.RamUser', status: 409 },
  RamGroupNameTaken: { code: 'EntityAlreadyExists.RamGroup', status: 409 },
  PolicyNameTaken: { code: 'EntityAlreadyExists.Policy', status: 409 },
  PolicyAlreadyAttached: { code: 'EntityAlreadyExists.PolicyAttachment', status: 409 },
  RamUserAlreadyInGroup: { code: 'EntityAlreadyExists.RamGroupMember', status: 409 },
  SAMLCertificateTaken: { code: 'EntityAlreadyExists.SAMLIdPCertificate', status: 409 },
  RamRoleNameTaken: { code: 'EntityAlreadyExists.Role', status: 409 },
  SamlProviderNameTaken: { code: 'EntityAlreadyExists.SAMLProvider', status: 409 },
  ResourceDirectoryExists: { code: 'EntityAlreadyExists.ResourceDirectory', status: 409 },
  AccountNameTaken: { code: 'EntityAlreadyExists.Account.AccountName', status: 409 },
  ManualUserConflict: { code: 'EntityAlreadyExists.User.UserName', status: 409 },

  DirectoryQuotaExceeded: { code: 'QuotaExceeded.Directory', status: 409 },
  UserQuotaExceeded: { code: 'QuotaExceeded.User', status: 409 },
  GroupQuotaExceeded: { code: 'QuotaExceeded.Group', status: 409 },
  SCIMCredentialQuotaExceeded: { code: 'QuotaExceeded.SCIMCredential', status: 409 },
  AccessKeyQuotaExceeded: { code: 'QuotaExceeded.AccessKey', status: 409 },
  SAMLCertificateQuotaExceeded: { code: 'QuotaExceeded.SAMLIdPCertificate', status: 409 },

  DirectoryNotEmpty: { code: 'DeletionConflict.Directory', status: 409 },
  UserHasMemberships: { code: 'DeletionConflict.User.Group', status: 409 },
  GroupHasMembers: { code: 'DeletionConflict.Group.User', status: 409 },
  PolicyInUse: { code: 'DeletionConflict.Policy.Attachment', status: 409 },
  RamUserHasAccessKeys: { code: 'DeletionConflict.RamUser.AccessKey', status: 409 },
  RamUserHasPolicies: { code: 'DeletionConflict.RamUser.Policy', status: 409 },
  RamUserInGroups: { code: 'DeletionConflict.RamUser.Group', status: 409 },
  RamGroupHasMembers: { code: 'DeletionConflict.RamGroup.User', status: 409 },
  RamGroupHasPolicies: { code: 'DeletionConflict.RamGroup.Policy', status: 409 },
  RamRoleHasPolicies: { code: 'DeletionConflict.Role.Policy', status: 409 },
  AccountNotDeletable: { code: 'OperationDenied.ManagementAccount', status: 400 },
  TrustPolicyDenied: { code: 'NoPermission', status: 403 },
  ManagementAccountOnly: { code: 'OperationDenied.NotManagementAccount', status: 403 },
  SynchronizedUserLocked: { code: 'OperationDenied.SCIMSynchronizedUser', status: 409 },
  SynchronizedGroupLocked: { code: 'OperationDenied.SCIMSynchronizedGroup', status: 409 },
  VersionMismatch: { code: 'OperationConflict.Version', status: 409 },
  ConcurrentChange: { code: 'OperationConflict.ConcurrentChange', status: 409 },
  TaskConflict: { code: 'OperationConflict.Task', status: 409 },
  SSOEnabled: { code: 'OperationDenied.SSOEnabled', status: 409 },
  SAMLIdentityProviderIncomplete: { code: 'OperationDenied.SAMLIdentityProviderIncomplete', status: 409 },

  InvalidParameter: { code: byField('InvalidParameter'), status: 400 },
  InvalidNextToken: { code: 'InvalidParameter.NextToken', status: 400 },
  InvalidFilter: { code: 'InvalidParameter.Filter', status: 400 },
  InvalidPolicyDocument: { code: 'InvalidParameter.PolicyDocument', status: 400 },
  PasswordPolicyViolation: { code: 'InvalidParameter.Password', status: 400 },
};
