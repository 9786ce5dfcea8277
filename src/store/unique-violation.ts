import { DomainError, type DomainErrorCode } from '../core/errors.js';

/**
 * Translates a unique-constraint violation into the domain error it means, before anything else
 * sees a database error (the logto habit). PostgreSQL names the index; SQLite names the columns.
 */
const UNIQUE_INDEXES: Record<string, { sqliteColumns: string; code: DomainErrorCode; field: string }> = {
  directories_name_uq: { sqliteColumns: 'directories.name', code: 'DirectoryNameTaken', field: 'DirectoryName' },
  users_name_uq: { sqliteColumns: 'users.directory_id, users.user_name_key', code: 'UserNameTaken', field: 'UserName' },
  groups_name_uq: { sqliteColumns: 'groups.directory_id, groups.name_key', code: 'GroupNameTaken', field: 'GroupName' },
  saml_idp_certificates_uq: {
    sqliteColumns: 'saml_idp_certificates.directory_id, saml_idp_certificates.fingerprint',
    code: 'SAMLCertificateTaken',
    field: 'X509Certificate',
  },
  ram_users_name_uq: { sqliteColumns: 'ram_users.account_id, ram_users.name_key', code: 'RamUserNameTaken', field: 'UserName' },
  ram_groups_name_uq: { sqliteColumns: 'ram_groups.account_id, ram_groups.name_key', code: 'RamGroupNameTaken', field: 'GroupName' },
  ram_policies_name_uq: { sqliteColumns: 'ram_policies.account_id, ram_policies.name', code: 'PolicyNameTaken', field: 'PolicyName' },
  ram_roles_name_uq: { sqliteColumns: 'ram_roles.account_id, ram_roles.name_key', code: 'RamRoleNameTaken', field: 'RoleName' },
  ram_saml_providers_name_uq: {
    sqliteColumns: 'ram_saml_providers.account_id, ram_saml_providers.name_key',
    code: 'SamlProviderNameTaken',
    field: 'SAMLProviderName',
  },
  access_configurations_name_uq: {
    sqliteColumns: 'access_configurations.directory_id, access_configurations.name_key',
    code: 'AccessConfigurationNameTaken',
    field: 'AccessConfigurationName',
  },
  accounts_name_uq: { sqliteColumns: 'accounts.account_name', code: 'AccountNameTaken', field: 'AccountNamePrefix' },
  // Partial: one InProgress task per access configuration and target (migrations/0100-tasks.ts).
  tasks_conflict_uq: { sqliteColumns: 'tasks.conflict_key', code: 'TaskConflict', field: 'TargetId' },
  user_provisionings_principal_target_uq: {
    sqliteColumns: 'user_provisionings.directory_id, user_provisionings.principal_type, user_provisionings.principal_id, user_provisionings.target_id',
    code: 'UserProvisioningExists',
    field: 'PrincipalId',
  },
};

const MESSAGES: Partial<Record<DomainErrorCode, string>> = {
  DirectoryNameTaken: 'The directory name is already in use.',
  UserNameTaken: 'A user with this user name already exists in the directory.',
  UserEmailTaken: 'A user with this email address already exists in the directory.',
  GroupNameTaken: 'A group with this name already exists in the directory.',
  RamUserNameTaken: 'A RAM user with this name already exists.',
  RamGroupNameTaken: 'A RAM group with this name already exists.',
  PolicyNameTaken: 'A policy with this name already exists.',
  SAMLCertificateTaken: 'The identity provider already has this certificate.',
  RamRoleNameTaken: 'A RAM role with this name already exists.',
  SamlProviderNameTaken: 'A SAML provider with this name already exists.',
  AccessConfigurationNameTaken: 'An access configuration with this name already exists in the directory.',
  AccountNameTaken: 'An account with this account name already exists in the resource directory.',
  TaskConflict: 'A task on this access configuration and target is in progress; retry when it has ended.',
  UserProvisioningExists: 'The principal is already provisioned to this account.',
};

/** The index a unique violation hit, or undefined if `err` is something else. */
export function uniqueViolationIndex(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const e = err as { code?: unknown; constraint?: unknown; message?: unknown };
  if (e.code === '23505' && typeof e.constraint === 'string') return e.constraint;
  if ((e.code === 'SQLITE_CONSTRAINT_UNIQUE' || e.code === 'SQLITE_CONSTRAINT_PRIMARYKEY') && typeof e.message === 'string') {
    const cols = e.message.replace(/^UNIQUE constraint failed: /, '');
    for (const [name, def] of Object.entries(UNIQUE_INDEXES)) if (def.sqliteColumns === cols) return name;
    return cols;
  }
  return undefined;
}

/** Re-throws a unique violation as its DomainError; any other error unchanged. */
export function rethrowUnique(err: unknown): never {
  const index = uniqueViolationIndex(err);
  const def = index && Object.hasOwn(UNIQUE_INDEXES, index) ? UNIQUE_INDEXES[index] : undefined;
  if (def) throw new DomainError(def.code, MESSAGES[def.code] ?? 'Already exists.', { field: def.field });
  throw err;
}

/** True for a foreign-key violation: a row this write refers to was deleted by a concurrent one. */
export function isForeignKeyViolation(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = (err as { code?: unknown }).code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * A foreign-key violation as ConcurrentChange (409): under READ COMMITTED a row read at
 * the start of a transaction (a user being added to a group, a policy being attached) can be
 * deleted by another transaction before the write, and the caller should hear "retry", not 500.
 */
export function integrityError(err: unknown): unknown {
  if (isForeignKeyViolation(err)) {
    return new DomainError('ConcurrentChange', 'Another request changed or deleted an object this request refers to; retry.');
  }
  return err;
}

export function rethrowIntegrity(err: unknown): never {
  throw integrityError(err);
}
