/**
 * Storage of the user portal's sign-in state (migration 0120-portal-sessions). Sessions are found
 * by the SHA-256 of their cookie value; the value itself is never stored.
 */
/**
 * `active`: signed in. The others: a password sign-in that still owes a step: a TOTP code, binding
 * a device (`mfa-bind-optional`: offered, may be skipped), a new password.
 */
export type PortalSessionStage = 'active' | 'mfa-verify' | 'mfa-bind' | 'mfa-bind-optional' | 'password-change';
export type PortalAuthMethod = 'password' | 'saml';

export interface StoredPortalSession {
  readonly idHash: string;
  readonly directoryId: string;
  readonly userId: string;
  readonly stage: PortalSessionStage;
  readonly authMethod: PortalAuthMethod;
  readonly sourceIp: string | null;
  /** A TOTP secret offered for binding (sealed), while `stage` is `mfa-bind`. */
  readonly pendingSecretSealed: string | null;
  readonly createTime: number;
  readonly expireTime: number;
}

/** A stored session with what each request checks of its user, read in one query. */
export interface PortalSessionWithUser extends StoredPortalSession {
  readonly userName: string;
  readonly displayName: string | null;
  readonly userStatus: string;
  readonly directoryName: string;
}

export interface PortalLoginState {
  readonly failedAttempts: number;
  readonly lockedUntil: number | null;
  readonly lastSuccessTime: number | null;
  readonly lastSuccessSource: string | null;
}

/** What a password check needs of a user: the hash, the reset flag, when the password was set. */
export interface PasswordCredentials {
  readonly passwordHash: string | null;
  readonly resetRequired: boolean;
  /** The time of the newest password (password history), null if none was recorded. */
  readonly passwordTime: number | null;
}

export interface PortalRepository {
  insertSession(s: StoredPortalSession): Promise<void>;
  getSession(idHash: string): Promise<PortalSessionWithUser | undefined>;
  /** Moves a session to another stage (and expiry, pending secret); false if it is gone. */
  updateSession(idHash: string, changes: { stage: PortalSessionStage; expireTime: number; pendingSecretSealed: string | null }): Promise<boolean>;
  deleteSession(idHash: string): Promise<boolean>;
  /** Ends every session of a user; returns how many. */
  deleteUserSessions(directoryId: string, userId: string): Promise<number>;
  /** Drops expired sessions; returns how many. */
  prune(now: number): Promise<number>;

  getCredentials(directoryId: string, userId: string): Promise<PasswordCredentials | undefined>;

  getLoginState(userId: string): Promise<PortalLoginState | undefined>;
  /**
   * Counts one failed password; with `lockAfter` > 0, a count reaching it locks the user until
   * `lockUntil` and restarts the count. Atomic, so nodes counting at once lose no failure. Returns
   * the state after.
   */
  recordFailure(directoryId: string, userId: string, lockAfter: number, lockUntil: number): Promise<PortalLoginState>;
  /** A good password: the count restarts, the lock is gone, the source and time are remembered. */
  recordSuccess(directoryId: string, userId: string, time: number, source: string): Promise<void>;

  /** Accepts time step `step` of a device only if it is later than any accepted before (atomic). */
  claimTotpStep(deviceId: string, step: number): Promise<boolean>;
  /** Sets a device's LastUseTime (ListMFADevicesForUser shows it). */
  touchMfaDevice(deviceId: string, time: number): Promise<void>;
}
