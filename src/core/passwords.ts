import { randomInt } from 'node:crypto';
import type { CoreContext } from './context.js';
import { recordAudit } from './audit.js';
import { getDirectory, lockDirectory } from './directories.js';
import { DomainError } from './errors.js';
import { hashPassword, verifyPassword } from './password-hash.js';
import { FIXED_PASSWORD_RULES, passwordProblem, policyFromSettings, type PasswordPolicy } from './password-policy.js';
import { PASSWORD_HISTORY_KEPT } from './password-history.js';
import type { Provenance } from './provenance.js';
import { samlIdpFrom } from './sign-in/settings.js';
import { getUserIn } from './users.js';

/**
 * ResetUserPassword. Allowed for SCIM-synchronized users even while SCIM sync is on (CloudSSO
 * §5.2); refused while SSO is on (docs/decisions/0086). The password is checked against the fixed rules, the directory's policy and the user's
 * last PasswordReusePrevention passwords, then stored only as an argon2id hash; a generated
 * password is returned once, to the caller, and never logged.
 */
export type PasswordInput = { readonly generate: true } | { readonly generate: false; readonly password: string };

export interface ResetPasswordResult {
  /** Only for a generated password. */
  readonly generatedPassword?: string;
}

export async function resetUserPassword(
  ctx: CoreContext,
  directoryId: string,
  userId: string,
  input: PasswordInput,
  requireResetForNextLogin: boolean,
  p: Provenance,
): Promise<ResetPasswordResult> {
  await getDirectory(ctx, directoryId);
  const user = await getUserIn(ctx.store, directoryId, userId);
  const settings = await ctx.store.directories.getSettings(directoryId);
  refuseWhileSso(settings);
  const policy = policyFromSettings(settings);

  let password: string;
  if (input.generate) {
    password = generatePassword(policy, user.userName);
  } else {
    password = input.password;
    const problem = passwordProblem(password, policy, user.userName);
    if (problem) throw violation(`The password does not meet the password policy: ${problem}.`);
    if (await reused(ctx, directoryId, userId, password, policy.passwordReusePrevention)) {
      throw violation(
        `The password does not meet the password policy: it must differ from the user's last ${policy.passwordReusePrevention} password(s) (PasswordReusePrevention).`,
      );
    }
  }

  // Hashing is deliberately slow: do it before taking the directory lock.
  const passwordHash = await hashPassword(password);
  await ctx.store.transaction(async (tx) => {
    await lockDirectory(tx, directoryId);
    await getUserIn(tx, directoryId, userId);
    // Again under the lock: SSO may have been enabled while the password was hashed.
    refuseWhileSso(await tx.directories.getSettings(directoryId));
    const now = ctx.clock.now();
    await tx.users.setPassword(directoryId, userId, passwordHash, requireResetForNextLogin, now);
    await tx.passwordHistory.add(directoryId, userId, passwordHash, now, PASSWORD_HISTORY_KEPT);
    await recordAudit(tx, ctx, p, { directoryId, action: 'ResetUserPassword', resourceType: 'user', resourceId: userId });
  });
  return input.generate ? { generatedPassword: password } : {};
}

/**
 * "After you enable SSO logon, the password of a user cannot be reset" (CloudSSO's
 * ResetUserPassword page): with the external SAML IdP's SSOStatus Enabled, password sign-in is
 * off for the whole directory (docs/decisions/0086).
 */
function refuseWhileSso(settings: Record<string, unknown>): void {
  if (samlIdpFrom(settings)?.ssoStatus === 'Enabled') {
    throw new DomainError(
      'SSOEnabled',
      'SSO is enabled for this directory: users sign in through the identity provider and their passwords cannot be reset. Disable SSO (SetExternalSAMLIdentityProvider SSOStatus=Disabled) first.',
      { field: 'DirectoryId' },
    );
  }
}

function violation(message: string): DomainError {
  return new DomainError('PasswordPolicyViolation', message, { field: 'Password' });
}

async function reused(ctx: CoreContext, directoryId: string, userId: string, password: string, n: number): Promise<boolean> {
  if (n === 0) return false;
  const hashes = await ctx.store.passwordHistory.recent(directoryId, userId, n);
  const matches = await Promise.all(hashes.map((h) => verifyPassword(h, password)));
  return matches.some(Boolean);
}

const UPPER = 'ABCDEFGHJKLMNPQRSTUVWXYZ';
const LOWER = 'abcdefghijkmnopqrstuvwxyz';
const DIGITS = '23456789';
const SPECIAL = '!#$%&()*+-.:;<=>?@[]^_{}~';
const ALL = UPPER + LOWER + DIGITS + SPECIAL;

/**
 * 32 characters (CloudSSO's maximum, like its generated passwords) drawn from a CSPRNG without
 * repetition, so any MinPasswordDifferentChars holds, with one of each class at least; re-drawn
 * when it happens to contain the user name (a one-letter name is the likely case).
 */
export function generatePassword(policy: PasswordPolicy, userName: string): string {
  for (let attempt = 0; attempt < 1000; attempt++) {
    const used = new Set<string>();
    const draw = (alphabet: string) => {
      const left = [...alphabet].filter((c) => !used.has(c));
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- randomInt(n) is below n
      const c = left[randomInt(left.length)]!;
      used.add(c);
      return c;
    };
    const chars = [draw(UPPER), draw(LOWER), draw(DIGITS), draw(SPECIAL)];
    while (chars.length < FIXED_PASSWORD_RULES.maxPasswordLength) chars.push(draw(ALL));
    for (let i = chars.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- i and j are within bounds (Fisher-Yates)
      [chars[i], chars[j]] = [chars[j]!, chars[i]!];
    }
    const password = chars.join('');
    if (!passwordProblem(password, policy, userName)) return password;
  }
  // Unreachable for any valid policy and user name (the alphabet has 82 characters).
  throw new Error('Could not generate a password that meets the password policy.');
}
