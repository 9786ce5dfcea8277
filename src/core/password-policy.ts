import type { CoreContext } from './context.js';
import { recordAudit } from './audit.js';
import { getDirectory, lockDirectory } from './directories.js';
import { DomainError } from './errors.js';
import { PASSWORD_HISTORY_KEPT } from './password-history.js';
import { foldKey } from './text.js';
import { SYSTEM, type AuditedBy } from './provenance.js';

/**
 * A directory's password policy (Get/SetPasswordPolicy, SDK field names in camelCase). Stored in
 * the directory's settings under `passwordPolicy`; absent fields take the defaults below
 * (docs/decisions/0021-user-passwords.md). CloudSSO's fixed rules (8 to 32 characters with an
 * upper-case letter, a lower-case letter, a digit and a special character) always apply.
 */
export interface PasswordPolicy {
  readonly minPasswordLength: number;
  readonly minPasswordDifferentChars: number;
  readonly passwordNotContainUsername: boolean;
  /** Days; stored and reported. This server has no user logon, so nothing expires here. */
  readonly maxPasswordAge: number;
  /** The previous N passwords of a user cannot be set again (0: no history check). */
  readonly passwordReusePrevention: number;
  /** Stored and reported; no logon here, so nothing to count. */
  readonly maxLoginAttempts: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = {
  minPasswordLength: 8,
  minPasswordDifferentChars: 0,
  passwordNotContainUsername: true,
  maxPasswordAge: 90,
  passwordReusePrevention: 1,
  maxLoginAttempts: 5,
};

/** Valid ranges (SetPasswordPolicyRequest in the SDK). */
export const PASSWORD_POLICY_RANGES = {
  minPasswordLength: { min: 8, max: 32 },
  minPasswordDifferentChars: { min: 0, max: 32 },
  maxPasswordAge: { min: 1, max: 120 },
  passwordReusePrevention: { min: 0, max: PASSWORD_HISTORY_KEPT },
  maxLoginAttempts: { min: 0, max: 32 },
} as const;

/** The fixed part of the policy, as GetPasswordPolicy reports it. */
export const FIXED_PASSWORD_RULES = {
  maxPasswordLength: 32,
  requireLowerCaseChars: true,
  requireUpperCaseChars: true,
  requireNumbers: true,
  requireSymbols: true,
  hardExpire: false,
} as const;

const SETTINGS_KEY = 'passwordPolicy';
const WIRE_NAMES: Record<keyof PasswordPolicy, string> = {
  minPasswordLength: 'MinPasswordLength',
  minPasswordDifferentChars: 'MinPasswordDifferentChars',
  passwordNotContainUsername: 'PasswordNotContainUsername',
  maxPasswordAge: 'MaxPasswordAge',
  passwordReusePrevention: 'PasswordReusePrevention',
  maxLoginAttempts: 'MaxLoginAttempts',
};

/** Reads a stored policy leniently: a field that is missing or of the wrong type takes its default. */
export function policyFromSettings(settings: Record<string, unknown>): PasswordPolicy {
  const stored = settings[SETTINGS_KEY];
  const s = typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {};
  const int = (k: keyof typeof PASSWORD_POLICY_RANGES): number => {
    const v = s[k];
    const r = PASSWORD_POLICY_RANGES[k];
    return typeof v === 'number' && Number.isInteger(v) && v >= r.min && v <= r.max ? v : (DEFAULT_PASSWORD_POLICY[k] as number);
  };
  return {
    minPasswordLength: int('minPasswordLength'),
    minPasswordDifferentChars: int('minPasswordDifferentChars'),
    passwordNotContainUsername:
      typeof s['passwordNotContainUsername'] === 'boolean' ? s['passwordNotContainUsername'] : DEFAULT_PASSWORD_POLICY.passwordNotContainUsername,
    maxPasswordAge: int('maxPasswordAge'),
    passwordReusePrevention: int('passwordReusePrevention'),
    maxLoginAttempts: int('maxLoginAttempts'),
  };
}

export async function getPasswordPolicy(ctx: CoreContext, directoryId: string): Promise<PasswordPolicy> {
  await getDirectory(ctx, directoryId);
  return policyFromSettings(await ctx.store.directories.getSettings(directoryId));
}

/** Changes the given fields; the others keep their values. Returns the resulting policy. */
export async function setPasswordPolicy(
  ctx: CoreContext,
  directoryId: string,
  changes: Partial<PasswordPolicy>,
  by: AuditedBy = SYSTEM,
): Promise<PasswordPolicy> {
  for (const [k, r] of Object.entries(PASSWORD_POLICY_RANGES) as Array<[keyof typeof PASSWORD_POLICY_RANGES, { min: number; max: number }]>) {
    const v = changes[k];
    if (v !== undefined && (!Number.isInteger(v) || v < r.min || v > r.max)) {
      throw new DomainError('InvalidParameter', `${WIRE_NAMES[k]} must be an integer from ${r.min} to ${r.max}.`, { field: WIRE_NAMES[k] });
    }
  }
  return ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    const settings = await tx.directories.getSettings(directoryId);
    const next: PasswordPolicy = { ...policyFromSettings(settings), ...definedOnly(changes) };
    if (next.minPasswordDifferentChars > next.minPasswordLength) {
      throw new DomainError(
        'InvalidParameter',
        `MinPasswordDifferentChars (${next.minPasswordDifferentChars}) must not exceed MinPasswordLength (${next.minPasswordLength}).`,
        { field: 'MinPasswordDifferentChars' },
      );
    }
    // Other settings of the directory are kept as they are.
    await tx.directories.setSettings(directoryId, { ...settings, [SETTINGS_KEY]: next });
    await recordAudit(tx, ctx, by, { directoryId, action: 'SetPasswordPolicy', resourceType: 'directory', resourceId: directoryId });
    return next;
  });
}

function definedOnly<T extends object>(o: Partial<T>): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---- checking a password ------------------------------------------------------------------

/** Printable ASCII except the space: what a CloudSSO password is made of. */
const ALLOWED = /^[\x21-\x7e]+$/;
const CLASSES: ReadonlyArray<{ test: RegExp; name: string }> = [
  { test: /[A-Z]/, name: 'an upper-case letter' },
  { test: /[a-z]/, name: 'a lower-case letter' },
  { test: /[0-9]/, name: 'a digit' },
  { test: /[^A-Za-z0-9]/, name: 'a special character' },
];

/**
 * Why `password` breaks the fixed rules or the directory's policy, or undefined if it does not.
 * Never echoes the password. The history check (PasswordReusePrevention) needs the stored hashes
 * and is done by passwords.ts.
 */
export function passwordProblem(password: string, policy: PasswordPolicy, userName: string): string | undefined {
  const min = Math.max(8, policy.minPasswordLength);
  const max = FIXED_PASSWORD_RULES.maxPasswordLength;
  if (password.length < min || password.length > max) return `it must be ${min} to ${max} characters long`;
  if (!ALLOWED.test(password)) return 'it may contain only printable ASCII characters other than the space';
  const missing = CLASSES.filter((c) => !c.test.test(password)).map((c) => c.name);
  if (missing.length > 0) return `it must contain ${missing.join(', ')}`;
  const different = new Set(password).size;
  if (different < policy.minPasswordDifferentChars) {
    return `it must contain at least ${policy.minPasswordDifferentChars} different characters (it has ${different})`;
  }
  if (policy.passwordNotContainUsername && foldKey(password).includes(foldKey(userName))) return 'it must not contain the user name';
  return undefined;
}
