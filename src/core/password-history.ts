/**
 * How many previous password hashes are kept per user: the most any password policy may look
 * back (SetPasswordPolicy's PasswordReusePrevention is 0-24). Its own module so that users.ts
 * and password-policy.ts can both use it without importing each other.
 */
export const PASSWORD_HISTORY_KEPT = 24;
