/**
 * The password hashes a user has had, newest first, for PasswordReusePrevention. Only hashes
 * (argon2id PHC strings) are stored, never a password.
 */
export interface PasswordHistoryRepository {
  /** The newest `limit` hashes of the user, newest first. */
  recent(directoryId: string, userId: string, limit: number): Promise<string[]>;
  /** Records the user's new hash and keeps only the newest `keep` of them. */
  add(directoryId: string, userId: string, passwordHash: string, time: number, keep: number): Promise<void>;
}
