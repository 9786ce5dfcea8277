import { hashPassword as hashUserPassword } from '../core/password-hash.js';
import { invalidValue } from './scim-error.js';

/**
 * SCIM `password` (RFC 7643 §4.1.1, writeOnly, returned never): Okta sends it on create and on
 * password sync. It is hashed exactly as ResetUserPassword hashes (argon2id, core/password-hash.ts)
 * and stored in the user's password column in the same transaction as the rest of the write; it is
 * never returned, logged or kept in the SCIM document (docs/decisions/0012-scim-resource-mapping.md).
 * The directory's password policy is not applied: the IdP that owns the user owns its password rules.
 */
const MAX_PASSWORD = 1024;

/** The password, if the edge accepts it (the core hashes it, outside its locks: core/users.ts patchUser). */
export function checkPassword(password: string): string {
  if ([...password].length > MAX_PASSWORD) throw invalidValue(`password must be at most ${MAX_PASSWORD} characters.`);
  return password;
}

export async function hashPassword(password: string): Promise<string> {
  return hashUserPassword(checkPassword(password));
}
