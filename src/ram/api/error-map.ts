import type { TObject } from '@sinclair/typebox';
import { isDomainError, type DomainError, type DomainErrorCode } from '../../core/errors.js';
import type { ActionDefinition } from '../../rpc/action.js';
import { domainErrorToRpc } from '../../rpc/error-map.js';
import { RpcError } from '../../rpc/rpc-error.js';

/**
 * Domain errors on the RAM API's wire, with RAM's own codes (`EntityNotExist.User`, singular
 * "Exist" as RAM spells it; `DeleteConflict.User.AccessKey`; `LimitExceeded.User.AccessKey`).
 * Exhaustive by type like every edge's table; codes that only CloudSSO actions raise say
 * 'management' and keep the management API's wire form. Documented in docs/errors.md.
 */
type Wire = { readonly code: string | ((field: string) => string); readonly status: number } | 'management';

export const RAM_ERROR_MAP: Record<DomainErrorCode, Wire> = {
  DirectoryNotFound: 'management',
  UserNotFound: 'management',
  GroupNotFound: 'management',
  SCIMCredentialNotFound: 'management',
  MembershipNotFound: 'management',
  AccessKeyNotFound: { code: 'EntityNotExist.User.AccessKey', status: 404 },
  RamUserNotFound: { code: 'EntityNotExist.User', status: 404 },
  RamGroupNotFound: { code: 'EntityNotExist.Group', status: 404 },
  PolicyNotFound: { code: 'EntityNotExist.Policy', status: 404 },
  PolicyAttachmentNotFound: { code: (principal) => `EntityNotExist.${principal}.Policy`, status: 404 },
  RamUserNotInGroup: { code: 'EntityNotExist.User.Group', status: 404 },

  DirectoryNameTaken: 'management',
  UserNameTaken: 'management',
  UserEmailTaken: 'management',
  GroupNameTaken: 'management',
  RamUserNameTaken: { code: 'EntityAlreadyExists.User', status: 409 },
  RamGroupNameTaken: { code: 'EntityAlreadyExists.Group', status: 409 },
  PolicyNameTaken: { code: 'EntityAlreadyExists.Policy', status: 409 },
  PolicyAlreadyAttached: { code: (principal) => `EntityAlreadyExists.${principal}.Policy`, status: 409 },
  RamUserAlreadyInGroup: { code: 'EntityAlreadyExists.User.Group', status: 409 },
  ManualUserConflict: 'management',

  DirectoryQuotaExceeded: 'management',
  UserQuotaExceeded: 'management',
  GroupQuotaExceeded: 'management',
  SCIMCredentialQuotaExceeded: 'management',
  AccessKeyQuotaExceeded: { code: 'LimitExceeded.User.AccessKey', status: 409 },

  DirectoryNotEmpty: 'management',
  UserHasMemberships: 'management',
  GroupHasMembers: 'management',
  PolicyInUse: { code: (principal) => `DeleteConflict.Policy.${principal}`, status: 409 },
  RamUserHasAccessKeys: { code: 'DeleteConflict.User.AccessKey', status: 409 },
  RamUserHasPolicies: { code: 'DeleteConflict.User.Policy', status: 409 },
  RamUserInGroups: { code: 'DeleteConflict.User.Group', status: 409 },
  RamGroupHasMembers: { code: 'DeleteConflict.Group.User', status: 409 },
  RamGroupHasPolicies: { code: 'DeleteConflict.Group.Policy', status: 409 },
  SynchronizedUserLocked: 'management',
  SynchronizedGroupLocked: 'management',
  VersionMismatch: 'management',
  ConcurrentChange: 'management',

  InvalidParameter: { code: (field) => `InvalidParameter.${field}`, status: 400 },
  InvalidNextToken: 'management',
  InvalidFilter: 'management',
  InvalidPolicyDocument: { code: 'InvalidParameter.PolicyDocument', status: 400 },
  PasswordPolicyViolation: 'management',
};

export function domainErrorToRam(err: DomainError): RpcError {
  const wire = RAM_ERROR_MAP[err.code];
  if (wire === 'management') return domainErrorToRpc(err);
  const code = typeof wire.code === 'function' ? wire.code(err.details.field ?? 'Unknown') : wire.code;
  return new RpcError(code, wire.status, err.message);
}

/** A RAM API action: its handler's domain errors leave in RAM's vocabulary. */
export function defineRamAction<P extends TObject, R extends TObject>(def: ActionDefinition<P, R>): ActionDefinition<P, R> {
  return {
    ...def,
    async handler(ctx, p) {
      try {
        return await def.handler(ctx, p);
      } catch (err) {
        throw isDomainError(err) ? domainErrorToRam(err) : err;
      }
    },
  };
}
