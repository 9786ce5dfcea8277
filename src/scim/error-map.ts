import type { DomainError, DomainErrorCode } from '../core/errors.js';
import { ScimError, type ScimErrorInit } from './scim-error.js';

/**
 * Every domain error code and what it is in SCIM (RFC 7644 §3.12). Exhaustive by type: a new
 * domain code does not compile until it has a row here.
 */
export const SCIM_ERROR_MAP: Record<DomainErrorCode, ScimErrorInit> = {
  DirectoryNotFound: { status: 404 },
  UserNotFound: { status: 404 },
  GroupNotFound: { status: 404 },
  SCIMCredentialNotFound: { status: 401 },
  MembershipNotFound: { status: 400, scimType: 'noTarget' },
  AccessKeyNotFound: { status: 404 },
  RamUserNotFound: { status: 404 },
  RamGroupNotFound: { status: 404 },
  PolicyNotFound: { status: 404 },
  PolicyAttachmentNotFound: { status: 404 },
  RamUserNotInGroup: { status: 404 },
  SAMLCertificateNotFound: { status: 404 },
  MFADeviceNotFound: { status: 404 },
  RamRoleNotFound: { status: 404 },
  SamlProviderNotFound: { status: 404 },
  ResourceDirectoryNotFound: { status: 404 },
  AccountNotFound: { status: 404 },
  TaskNotFound: { status: 404 },

  DirectoryNameTaken: { status: 409, scimType: 'uniqueness' },
  UserNameTaken: { status: 409, scimType: 'uniqueness' },
  UserEmailTaken: { status: 409, scimType: 'uniqueness' },
  GroupNameTaken: { status: 409, scimType: 'uniqueness' },
  RamUserNameTaken: { status: 409, scimType: 'uniqueness' },
  RamGroupNameTaken: { status: 409, scimType: 'uniqueness' },
  PolicyNameTaken: { status: 409, scimType: 'uniqueness' },
  PolicyAlreadyAttached: { status: 409, scimType: 'uniqueness' },
  RamUserAlreadyInGroup: { status: 409, scimType: 'uniqueness' },
  SAMLCertificateTaken: { status: 409, scimType: 'uniqueness' },
  RamRoleNameTaken: { status: 409, scimType: 'uniqueness' },
  SamlProviderNameTaken: { status: 409, scimType: 'uniqueness' },
  ResourceDirectoryExists: { status: 409, scimType: 'uniqueness' },
  AccountNameTaken: { status: 409, scimType: 'uniqueness' },
  ManualUserConflict: { status: 409, scimType: 'uniqueness' },

  DirectoryQuotaExceeded: { status: 400, scimType: 'tooMany' },
  UserQuotaExceeded: { status: 400, scimType: 'tooMany' },
  GroupQuotaExceeded: { status: 400, scimType: 'tooMany' },
  SCIMCredentialQuotaExceeded: { status: 400, scimType: 'tooMany' },
  AccessKeyQuotaExceeded: { status: 400, scimType: 'tooMany' },
  SAMLCertificateQuotaExceeded: { status: 400, scimType: 'tooMany' },

  DirectoryNotEmpty: { status: 409 },
  UserHasMemberships: { status: 409 },
  GroupHasMembers: { status: 409 },
  PolicyInUse: { status: 409 },
  RamUserHasAccessKeys: { status: 409 },
  RamUserHasPolicies: { status: 409 },
  RamUserInGroups: { status: 409 },
  RamGroupHasMembers: { status: 409 },
  RamGroupHasPolicies: { status: 409 },
  RamRoleHasPolicies: { status: 409 },
  AccountNotDeletable: { status: 400 },
  TrustPolicyDenied: { status: 403 },
  ManagementAccountOnly: { status: 403 },
  SynchronizedUserLocked: { status: 409 },
  SynchronizedGroupLocked: { status: 409 },
  VersionMismatch: { status: 412 },
  ConcurrentChange: { status: 409 },
  TaskConflict: { status: 409 },
  SSOEnabled: { status: 409 },
  SAMLIdentityProviderIncomplete: { status: 409 },

  InvalidParameter: { status: 400, scimType: 'invalidValue' },
  InvalidNextToken: { status: 400, scimType: 'invalidValue' },
  InvalidFilter: { status: 400, scimType: 'invalidFilter' },
  InvalidPolicyDocument: { status: 400, scimType: 'invalidValue' },
  PasswordPolicyViolation: { status: 400, scimType: 'invalidValue' },
};

export function domainErrorToScim(err: DomainError): ScimError {
  return new ScimError(SCIM_ERROR_MAP[err.code], err.message);
}
