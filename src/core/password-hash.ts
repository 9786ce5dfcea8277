import { hash, verify } from '@node-rs/argon2';

/**
 * User passwords are stored as argon2id PHC strings (memory-hard: 19 MiB, 2 passes, 1 lane, the
 * OWASP baseline and the library's defaults, written out so a library upgrade cannot weaken them).
 * The parameters travel inside each hash, so raising them later still verifies old hashes.
 */
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum, which isolatedModules cannot import)

export const PASSWORD_HASH_OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, PASSWORD_HASH_OPTIONS);
}

/** False for a wrong password and for a hash that is not an argon2 PHC string. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}
