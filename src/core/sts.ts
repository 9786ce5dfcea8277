import { createHash, timingSafeEqual } from 'node:crypto';
import { PolicyDocumentError, trustAllows, validatePolicyDocument, validateTrustPolicy } from '../policy/index.js';
import { openCached } from './access-keys.js';
import type { ThrottleCheck } from './auth-throttle.js';
import type { CoreContext } from './context.js';
import { DomainError } from './errors.js';
import { randomBase62 } from './ids.js';
import { foldKey } from './text.js';
import type { RamRole } from './ports/ram.js';
import type { StsCredential, StsRole } from './ports/sts.js';
import { accountAudit, type RamProvenance } from './ram/common.js';
import { roleArn } from './ram/roles.js';

/** A role's ARN (lower case, as RAM shows it), for the STS product, which imports no RAM module. */
export { roleArn };

/**
 * STS AssumeRole (docs/decisions/0063-sts.md): temporary credentials that act as a RAM role in
 * the role's account. The caller needs `sts:AssumeRole` (the edge's authorizer) and the role's
 * trust policy must name it; the session lasts DurationSeconds (900 to the role's
 * MaxSessionDuration, 3600 by default) and may be narrowed by a session `Policy`. The secret is
 * sealed by the secret box; the SecurityToken is stored only as a SHA-256 hash.
 */
export const STS_DURATION = { min: 900, default: 3600 } as const;
const SESSION_NAME = /^[A-Za-z0-9.@_-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ROLE_ARN = /^acs:ram::(\d+):role\/([A-Za-z0-9.-]{1,64})$/i;
export const SESSION_POLICY_MAX = 2048;

/** Who asks: its account, the identities a trust policy may name, and its ARN. */
export interface StsCaller {
  readonly accountId: string;
  /** `acs:ram::<uid>:root` and the caller's own ARN (`...:user/<name>`, `...:role/<name>`). */
  readonly identities: readonly string[];
  readonly arn: string;
}

export interface AssumeRoleInput {
  readonly roleArn: string;
  readonly roleSessionName: string;
  readonly durationSeconds?: number;
  readonly policy?: string;
  readonly externalId?: string;
}

export interface AssumedRole {
  readonly credential: StsCredential;
  readonly secret: string;
  readonly securityToken: string;
  readonly role: RamRole;
}

export const hashToken = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** `acs:ram::<uid>:role/<role-lower>/<session>`, the AssumedRoleUser ARN of a session. */
export const assumedRoleArn = (accountId: string, roleName: string, sessionName: string): string =>
  `${roleArn(accountId, roleName)}/${sessionName}`;

/**
 * The resource `sts:AssumeRole` is authorized on: the ARN of the role the handler will assume,
 * built from the stored role (docs/decisions/0040, 0085), never the RoleArn as written. The store
 * finds `role/ADMIN`, fullwidth `role/ＡＤＭＩＮ` and `ACS:RAM::…:ROLE/admin` as the role `admin`,
 * while policies match ARNs exactly; judged on the raw text, each would slip past a Deny on
 * `acs:ram::<uid>:role/admin`. The RoleArn is read after NFKC (a fullwidth spelling names the
 * same role; the handler still refuses it as malformed, but only once authorization has passed,
 * so a denied caller gets the 403 whatever the spelling). A role that does not exist gets the ARN
 * it would have, so a Deny holds before it exists and a denied caller learns nothing. A RoleArn
 * that names no role at all is judged as written: the handler refuses it (InvalidParameter).
 */
export async function assumeRoleResource(ctx: CoreContext, rawRoleArn: string): Promise<string> {
  const m = ROLE_ARN.exec(rawRoleArn.normalize('NFKC'));
  if (!m) return rawRoleArn;
  const [, accountId, roleName] = m as unknown as [string, string, string];
  const role = await ctx.store.ram.getRoleByName(accountId, roleName);
  return role ? roleArn(role.accountId, role.name) : roleArn(accountId, foldKey(roleName));
}

export async function assumeRole(
  ctx: CoreContext,
  caller: StsCaller,
  input: AssumeRoleInput,
  context: Readonly<Record<string, string | undefined>>,
  p: RamProvenance,
): Promise<AssumedRole> {
  const m = ROLE_ARN.exec(input.roleArn);
  if (!m) throw new DomainError('InvalidParameter', 'RoleArn must look like acs:ram::<account-id>:role/<role-name>.', { field: 'RoleArn' });
  if (!SESSION_NAME.test(input.roleSessionName)) {
    throw new DomainError('InvalidParameter', 'RoleSessionName must be 2 to 64 characters: letters, digits, ".", "@", "_" and "-".', {
      field: 'RoleSessionName',
    });
  }
  if (input.externalId !== undefined && !EXTERNAL_ID.test(input.externalId)) {
    throw new DomainError('InvalidParameter', 'ExternalId must be 2 to 1224 characters: letters, digits and _+=,.@:/-.', { field: 'ExternalId' });
  }
  if (input.policy !== undefined) {
    try {
      if ([...input.policy].length > SESSION_POLICY_MAX) throw new PolicyDocumentError('document', `is longer than ${SESSION_POLICY_MAX} characters`);
      validatePolicyDocument(input.policy);
    } catch (err) {
      if (!(err instanceof PolicyDocumentError)) throw err;
      throw new DomainError('InvalidParameter', `The session policy is not valid: ${err.reason}`, { field: 'Policy' });
    }
  }
  const [, accountId, roleName] = m as unknown as [string, string, string];
  const role = await ctx.store.ram.getRoleByName(accountId, roleName);
  if (!role) throw new DomainError('RamRoleNotFound', `The role "${input.roleArn}" does not exist.`, { field: 'RoleArn' });

  const duration = input.durationSeconds ?? STS_DURATION.default;
  if (!Number.isInteger(duration) || duration < STS_DURATION.min || duration > role.maxSessionDuration) {
    throw new DomainError(
      'InvalidParameter',
      `DurationSeconds must be from ${STS_DURATION.min} to the role's MaxSessionDuration (${role.maxSessionDuration}) seconds.`,
      { field: 'DurationSeconds' },
    );
  }

  const arn = roleArn(role.accountId, role.name);
  const trusted = trustAllows(
    validateTrustPolicy(role.trustPolicy),
    { kind: 'RAM', identities: caller.identities },
    arn,
    { ...context, 'sts:ExternalId': input.externalId },
  );
  if (!trusted) {
    throw new DomainError('TrustPolicyDenied', `You are not authorized to assume the role ${arn}: its trust policy does not allow ${caller.arn}.`, {
      field: 'RoleArn',
    });
  }

  return mintRoleSession(ctx, role, { sessionName: input.roleSessionName, durationSeconds: duration, policy: input.policy ?? null, caller: caller.arn }, p, 'sts:AssumeRole');
}

/**
 * Issues STS credentials for `role` without a trust-policy check: for AssumeRole once it has
 * checked, and for CloudSSO's portal, which acts for the role's trusted SAML provider
 * (docs/decisions/0135). The caller has validated the session name and duration.
 */
export async function mintRoleSession(
  ctx: CoreContext,
  role: RamRole,
  s: { sessionName: string; durationSeconds: number; policy: string | null; caller: string },
  p: RamProvenance,
  auditAction: string,
): Promise<AssumedRole> {
  const now = ctx.clock.now();
  const secret = randomBase62(44);
  const securityToken = `CAIS${randomBase62(156)}`;
  const credential: StsCredential = {
    id: `STS.${randomBase62(25)}`,
    accountId: role.accountId,
    roleId: role.id,
    sessionName: s.sessionName,
    sessionPolicy: s.policy,
    caller: s.caller,
    createTime: now,
    // Whole seconds, as Expiration is shown.
    expireTime: Math.floor(now / 1000) * 1000 + s.durationSeconds * 1000,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.sts.insert(credential, ctx.secretBox.seal(secret), hashToken(securityToken));
    await accountAudit(tx, ctx, p, auditAction, 'ram-role', role.id);
  });
  return { credential, secret, securityToken, role };
}

export interface ResolvedStsCredential {
  readonly credential: StsCredential;
  readonly secret: string;
  readonly tokenHash: string;
  readonly role: StsRole;
}

/**
 * The credential, its secret (for signature verification) and its role (undefined when revoked or
 * never issued), with the throttle's verdict on the caller: one read (one round trip on
 * PostgreSQL), as `resolveAccessKeyThrottled` reads a permanent key. The row is read on every
 * call; only the secret's decryption is reused (`openCached`).
 */
export async function resolveStsCredentialThrottled(
  ctx: CoreContext,
  id: string,
  check: ThrottleCheck,
): Promise<{ resolved: ResolvedStsCredential | undefined; blockedMs: number | undefined }> {
  const { credential: found, failures } = await ctx.store.sts.getForCall(id, check.subjects, check.windowStart);
  const blockedMs = check.subjects.length === 0 ? undefined : check.blockedFor(failures);
  if (!found) return { resolved: undefined, blockedMs };
  const { secretEncrypted, tokenHash, role, ...credential } = found;
  return { resolved: { credential, secret: openCached(ctx.secretBox, credential.id, secretEncrypted), tokenHash, role }, blockedMs };
}

/** Does `token` hash to `tokenHash`? Constant-time. */
export function securityTokenMatches(tokenHash: string, token: string): boolean {
  const a = Buffer.from(tokenHash, 'hex');
  const b = Buffer.from(hashToken(token), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
