import { addressSubject, type AuthThrottle } from '../auth-throttle.js';
import type { CoreContext } from '../context.js';
import { newId } from '../ids.js';
import type { Directory } from '../model.js';
import { hashPassword, verifyPassword } from '../password-hash.js';
import { PASSWORD_HISTORY_KEPT } from '../password-history.js';
import { passwordProblem, policyFromSettings, type PasswordPolicy } from '../password-policy.js';
import type { PortalLoginState, PortalSessionStage } from '../ports/portal.js';
import { ipInBlock, parseIpAddress, parseIpBlock } from '../../policy/ip.js';
import { recordPortalEvent, type PortalRequestInfo } from './portal-audit.js';
import { advancePortalSession, PortalSignInRefused, readAnyPortalSession, startPortalSession, type PortalSession, type StartedPortalSession } from './sessions.js';
import { loginPreferenceFrom, mfaFrom, samlIdpFrom } from './settings.js';
import { matchTotp, newTotpSecret } from './totp.js';

/**
 * Password sign-in to the user portal (cloudsso-access.md §4-6; docs/decisions/0115 to 0117):
 * the checks in order, each refusal audited as a failed `PortalSignIn`.
 *
 * 1. The source is not throttled (src/core/auth-throttle.ts, shared with the API's signatures).
 * 2. Password sign-in is on (SSOStatus Disabled) and the source is inside LoginNetworkMasks.
 * 3. The password is verified, always: against the user's argon2id hash, or against a dummy hash
 *    of the same cost when the user does not exist or has no password, so the answer and its time
 *    do not tell whether a user exists. Every such failure gets the same message.
 * 4. A locked user (MaxLoginAttempts consecutive failures: locked for an hour) is refused like a
 *    wrong password, even with the right one, so the lock is no oracle.
 * 5. A disabled user with the right password is refused at once, with a message saying so.
 * 6. Then the steps owed: a TOTP code or binding a device (MFA settings), a new password (flagged,
 *    or older than MaxPasswordAge days). Each is a pending session; the last step makes it active.
 */
export const LOCK_MS = 3600_000;
/** A sign-in is risky (OnlyRiskyLogin) after this long without one. */
export const RISK_IDLE_MS = 30 * 24 * 3600_000;

export type SignInFailure =
  /** Unknown user, wrong password, no password, or locked: one message for all. */
  | 'InvalidCredentials'
  | 'UserDisabled'
  | 'NetworkNotAllowed'
  | 'PasswordSignInDisabled'
  | 'Throttled';

export type SignInResult = { readonly ok: true; readonly started: StartedPortalSession } | { readonly ok: false; readonly failure: SignInFailure; readonly retryAfterMs?: number };

let dummyHash: Promise<string> | undefined;
/** A hash of the same cost as users' hashes, verified when there is no user to verify against. */
function dummy(): Promise<string> {
  dummyHash ??= hashPassword(`no such user ${Math.random()}`);
  return dummyHash;
}

export interface PasswordSignIn {
  readonly directory: Directory;
  readonly userName: string;
  readonly password: string;
  readonly request: PortalRequestInfo;
  readonly throttle: AuthThrottle;
}

export async function passwordSignIn(ctx: CoreContext, s: PasswordSignIn): Promise<SignInResult> {
  const directoryId = s.directory.id;
  const userName = s.userName.trim().slice(0, 128);
  const fail = async (failure: SignInFailure, message: string, userId: string | null = null, retryAfterMs?: number): Promise<SignInResult> => {
    await recordPortalEvent(ctx, ctx.store, { directoryId, action: 'PortalSignIn', userId, userName, request: s.request, errorCode: failure, errorMessage: message, parameters: { AuthMethod: 'password' } });
    return { ok: false, failure, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  };

  const blocked = await s.throttle.blockedFor({ ip: s.request.sourceIp });
  if (blocked !== undefined) return fail('Throttled', 'Too many failed sign-ins from this address.', null, blocked);

  const settings = await ctx.store.directories.getSettings(directoryId);
  if (samlIdpFrom(settings)?.ssoStatus === 'Enabled') return fail('PasswordSignInDisabled', 'SSO is enabled: password sign-in is off.');
  if (!sourceAllowed(loginPreferenceFrom(settings).loginNetworkMasks, s.request.sourceIp)) {
    return fail('NetworkNotAllowed', 'The source address is outside LoginNetworkMasks.');
  }

  // The same queries and one argon2 verification whether or not the user exists.
  const user = userName === '' ? undefined : await ctx.store.users.findByUserName(directoryId, userName);
  const [creds, state] = await Promise.all([ctx.store.portal.getCredentials(directoryId, user?.id ?? ''), ctx.store.portal.getLoginState(user?.id ?? '')]);
  const hash = creds?.passwordHash ?? (await dummy());
  const passwordOk = (await verifyPassword(hash, s.password)) && user !== undefined && !!creds?.passwordHash;
  const now = ctx.clock.now();

  if (!user || !creds?.passwordHash) {
    await s.throttle.fail({ ip: s.request.sourceIp });
    return fail('InvalidCredentials', user ? 'The user has no password.' : 'No such user.');
  }
  if (state?.lockedUntil != null && state.lockedUntil > now) {
    await s.throttle.fail({ ip: s.request.sourceIp });
    return fail('InvalidCredentials', 'The user is locked after too many failed sign-ins.', user.id);
  }
  const policy = policyFromSettings(settings);
  if (!passwordOk) {
    await s.throttle.fail({ ip: s.request.sourceIp });
    await countFailure(ctx, directoryId, user.id, user.userName, policy, s.request);
    return fail('InvalidCredentials', 'Wrong password.', user.id);
  }
  if (user.status !== 'Enabled') return fail('UserDisabled', 'The user is disabled.', user.id);

  const risky = isRisky(state, s.request.sourceIp, now);
  await ctx.store.portal.recordSuccess(directoryId, user.id, now, addressSubject(s.request.sourceIp));
  const stage = (await mfaStage(ctx, directoryId, user.id, settings, risky)) ?? (passwordChangeDue(creds, policy, now) ? 'password-change' : 'active');
  try {
    const started = await startPortalSession(ctx, { directoryId, userId: user.id, authMethod: 'password', request: s.request, stage });
    return { ok: true, started };
  } catch (err) {
    if (err instanceof PortalSignInRefused) return fail(err.reason === 'UserDisabled' ? 'UserDisabled' : 'InvalidCredentials', err.message, user.id);
    throw err;
  }
}

async function countFailure(ctx: CoreContext, directoryId: string, userId: string, userName: string, policy: PasswordPolicy, request: PortalRequestInfo): Promise<void> {
  const now = ctx.clock.now();
  const lockUntil = now + LOCK_MS;
  const after = await ctx.store.portal.recordFailure(directoryId, userId, policy.maxLoginAttempts, lockUntil);
  if (policy.maxLoginAttempts > 0 && after.lockedUntil === lockUntil) {
    await recordPortalEvent(ctx, ctx.store, {
      directoryId,
      action: 'PortalLockUser',
      userId,
      userName,
      request,
      parameters: { MaxLoginAttempts: policy.maxLoginAttempts, LockedUntil: new Date(lockUntil).toISOString() },
    });
  }
}

/** LoginNetworkMasks: empty allows every source; else the source must be in one entry. */
export function sourceAllowed(masks: string, sourceIp: string): boolean {
  const entries = masks.split(';').filter((e) => e.trim() !== '');
  if (entries.length === 0) return true;
  const address = parseIpAddress(sourceIp);
  if (address === undefined) return false;
  return entries.some((e) => {
    const block = parseIpBlock(e.trim());
    return block !== undefined && ipInBlock(address, block);
  });
}

/**
 * OnlyRiskyLogin's notion of risk (docs/decisions/0116-risky-sign-in.md): a sign-in is risky when
 * the user never signed in before, signs in from another address (IPv4) or /64 (IPv6) than last
 * time, had failed passwords since the last success, or has not signed in for 30 days.
 */
export function isRisky(state: PortalLoginState | undefined, sourceIp: string, now: number): boolean {
  if (!state || state.lastSuccessTime === null || state.lastSuccessSource === null) return true;
  if (state.failedAttempts > 0) return true;
  if (now - state.lastSuccessTime > RISK_IDLE_MS) return true;
  return state.lastSuccessSource !== addressSubject(sourceIp);
}

/** The MFA step a password sign-in owes, or undefined for none. */
async function mfaStage(ctx: CoreContext, directoryId: string, userId: string, settings: Record<string, unknown>, risky: boolean): Promise<PortalSessionStage | undefined> {
  const mfa = mfaFrom(settings);
  const devices = await ctx.store.signIn.listMfaDevices(directoryId, userId);
  const has = devices.length > 0;
  switch (mfa.mode) {
    case 'Disabled':
      return undefined;
    case 'Enabled':
      return has ? 'mfa-verify' : 'mfa-bind';
    case 'Byuser': {
      const own = (await ctx.store.signIn.getUserMfaSetting(directoryId, userId)) ?? 'Enabled';
      return own === 'Enabled' ? (has ? 'mfa-verify' : 'mfa-bind') : undefined;
    }
    case 'OnlyRiskyLogin':
      if (!risky) return undefined;
      if (has) return 'mfa-verify';
      return mfa.operationForRiskLogin === 'EnforceVerify' ? 'mfa-bind' : 'mfa-bind-optional';
  }
}

function passwordChangeDue(creds: { resetRequired: boolean; passwordTime: number | null }, policy: PasswordPolicy, now: number): boolean {
  if (creds.resetRequired) return true;
  return creds.passwordTime !== null && now - creds.passwordTime > policy.maxPasswordAge * 24 * 3600_000;
}

/** After the MFA step: a new password if one is due, else signed in. */
async function nextAfterMfa(ctx: CoreContext, session: PortalSession): Promise<PortalSessionStage> {
  const creds = await ctx.store.portal.getCredentials(session.directoryId, session.userId);
  const policy = policyFromSettings(await ctx.store.directories.getSettings(session.directoryId));
  return creds && session.authMethod === 'password' && passwordChangeDue(creds, policy, ctx.clock.now()) ? 'password-change' : 'active';
}

export type StepResult =
  | { readonly ok: true; readonly session: PortalSession }
  | { readonly ok: false; readonly failure: 'NoSession' | 'InvalidCode' | 'ReusedCode' | 'Throttled' | 'DeviceQuota' | 'PasswordPolicy' | 'PasswordMismatch'; readonly message?: string };

/** The pending session of a cookie at `stages`, else undefined. */
async function pendingAt(ctx: CoreContext, token: string | undefined, stages: readonly PortalSessionStage[]): Promise<PortalSession | undefined> {
  const s = await readAnyPortalSession(ctx, token);
  return s && stages.includes(s.stage) ? s : undefined;
}

/** A TOTP code for the `mfa-verify` step, checked against each of the user's devices; each step of a device is used once. */
export async function verifyMfaCode(ctx: CoreContext, token: string | undefined, code: string, request: PortalRequestInfo, throttle: AuthThrottle): Promise<StepResult> {
  const session = await pendingAt(ctx, token, ['mfa-verify']);
  if (!session) return { ok: false, failure: 'NoSession' };
  if ((await throttle.blockedFor({ ip: request.sourceIp })) !== undefined) return { ok: false, failure: 'Throttled' };
  const now = ctx.clock.now();
  // Wrong codes count towards the lock like wrong passwords; a lock ends the pending sign-in.
  const state = await ctx.store.portal.getLoginState(session.userId);
  if (state?.lockedUntil != null && state.lockedUntil > now) {
    await ctx.store.portal.deleteUserSessions(session.directoryId, session.userId);
    return { ok: false, failure: 'NoSession' };
  }
  const devices = await ctx.store.signIn.listMfaDevices(session.directoryId, session.userId);
  let replayed = false;
  for (const d of devices) {
    const step = matchTotp(ctx.secretBox.open(d.secretSealed), code, now);
    if (step === undefined) continue;
    if (!(await ctx.store.portal.claimTotpStep(d.id, step))) {
      replayed = true;
      continue;
    }
    await ctx.store.portal.touchMfaDevice(d.id, now);
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- pendingAt found a session, so a token was sent
    const next = await advancePortalSession(ctx, token!, { stage: await nextAfterMfa(ctx, session) }, request);
    return next ? { ok: true, session: next } : { ok: false, failure: 'NoSession' };
  }
  const failure = replayed ? 'ReusedCode' : 'InvalidCode';
  await throttle.fail({ ip: request.sourceIp });
  const policy = policyFromSettings(await ctx.store.directories.getSettings(session.directoryId));
  await countFailure(ctx, session.directoryId, session.userId, session.userName, policy, request);
  await recordPortalEvent(ctx, ctx.store, {
    directoryId: session.directoryId,
    action: 'PortalVerifyMFA',
    userId: session.userId,
    userName: session.userName,
    request,
    errorCode: failure,
    errorMessage: replayed ? 'The code was already used.' : 'Wrong code.',
  });
  return { ok: false, failure };
}

export const MAX_MFA_DEVICES = 2;
/** Binding happens as a sign-in step, or later from a signed-in session (a second device). */
const BIND_STAGES: readonly PortalSessionStage[] = ['mfa-bind', 'mfa-bind-optional', 'active'];

/**
 * The secret offered for binding (a sign-in step, or a signed-in user adding a device), made on first view and kept (sealed) in the pending session
 * until a code proves the user's app has it.
 */
export async function pendingBindSecret(ctx: CoreContext, token: string | undefined, request: PortalRequestInfo): Promise<{ session: PortalSession; secret: string } | undefined> {
  const session = await pendingAt(ctx, token, BIND_STAGES);
  if (!session) return undefined;
  if (session.pendingSecretSealed) return { session, secret: ctx.secretBox.open(session.pendingSecretSealed) };
  // Signed in, a further device is offered only after re-authentication (reauthenticateToAddDevice).
  if (session.stage === 'active') return undefined;
  const secret = newTotpSecret();
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- pendingAt found a session, so a token was sent
  const next = await advancePortalSession(ctx, token!, { stage: session.stage, pendingSecretSealed: ctx.secretBox.seal(secret) }, request);
  return next ? { session: next, secret } : undefined;
}

/** Binds the offered secret as a TOTP device once `code` matches it (at most two devices per user). */
export async function bindMfaDevice(ctx: CoreContext, token: string | undefined, code: string, request: PortalRequestInfo, throttle: AuthThrottle): Promise<StepResult> {
  const session = await pendingAt(ctx, token, BIND_STAGES);
  if (!session?.pendingSecretSealed) return { ok: false, failure: 'NoSession' };
  if ((await throttle.blockedFor({ ip: request.sourceIp })) !== undefined) return { ok: false, failure: 'Throttled' };
  const secret = ctx.secretBox.open(session.pendingSecretSealed);
  const now = ctx.clock.now();
  const step = matchTotp(secret, code, now);
  if (step === undefined) {
    await throttle.fail({ ip: request.sourceIp });
    await recordPortalEvent(ctx, ctx.store, {
      directoryId: session.directoryId,
      action: 'PortalBindMFADevice',
      userId: session.userId,
      userName: session.userName,
      request,
      errorCode: 'InvalidCode',
      errorMessage: 'Wrong code.',
    });
    return { ok: false, failure: 'InvalidCode' };
  }
  const bound = await ctx.store.transaction(async (tx) => {
    const user = await tx.users.getForUpdate(session.directoryId, session.userId);
    if (!user) return undefined;
    const devices = await tx.signIn.listMfaDevices(session.directoryId, session.userId);
    if (devices.length >= MAX_MFA_DEVICES) return 'quota' as const;
    const id = newId('mfa', now);
    const names = new Set(devices.map((d) => d.name));
    let n = 1;
    while (names.has(`${user.userName}-MFA${n}`)) n++;
    await tx.signIn.insertMfaDevice({
      id,
      directoryId: session.directoryId,
      userId: session.userId,
      name: `${user.userName}-MFA${n}`,
      type: 'TOTP',
      secretSealed: ctx.secretBox.seal(secret),
      effectiveTime: now,
      lastUseTime: now,
    });
    await tx.portal.claimTotpStep(id, step);
    await recordPortalEvent(ctx, tx, {
      directoryId: session.directoryId,
      action: 'PortalBindMFADevice',
      userId: session.userId,
      userName: session.userName,
      request,
      parameters: { MFADeviceId: id, DeviceType: 'TOTP' },
    });
    return id;
  });
  if (bound === undefined) return { ok: false, failure: 'NoSession' };
  if (bound === 'quota') return { ok: false, failure: 'DeviceQuota' };
  const stage = session.stage === 'active' ? 'active' : await nextAfterMfa(ctx, session);
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- pendingAt found a session, so a token was sent
  const next = await advancePortalSession(ctx, token!, { stage, pendingSecretSealed: null }, request);
  return next ? { ok: true, session: next } : { ok: false, failure: 'NoSession' };
}

export type ReauthFailure = 'NoSession' | 'NotAvailable' | 'DeviceQuota' | 'Throttled' | 'InvalidCredentials' | 'ReusedCode';
export type ReauthResult =
  | { readonly ok: true; readonly session: PortalSession; readonly secret: string }
  | { readonly ok: false; readonly failure: ReauthFailure };

/**
 * A signed-in user proves it is still them before a further MFA device is offered
 * (docs/decisions/0162-reauthenticate-to-add-mfa-device.md): the current password, or a code from
 * a device already bound (each time step once). Only password sessions: an SSO user has no portal
 * password or MFA. A wrong answer counts like a failed sign-in (the address throttle and the
 * user's MaxLoginAttempts lock); a locked user is refused like a wrong answer. Success keeps a new
 * sealed secret in the session, which the binding page then shows; each attempt is audited as
 * `PortalReauthenticate`.
 */
export async function reauthenticateToAddDevice(
  ctx: CoreContext,
  token: string | undefined,
  proof: { readonly password?: string; readonly code?: string },
  request: PortalRequestInfo,
  throttle: AuthThrottle,
): Promise<ReauthResult> {
  const session = await pendingAt(ctx, token, ['active']);
  if (!session) return { ok: false, failure: 'NoSession' };
  if (session.authMethod !== 'password') return { ok: false, failure: 'NotAvailable' };
  const devices = await ctx.store.signIn.listMfaDevices(session.directoryId, session.userId);
  if (devices.length >= MAX_MFA_DEVICES) return { ok: false, failure: 'DeviceQuota' };
  if ((await throttle.blockedFor({ ip: request.sourceIp })) !== undefined) return { ok: false, failure: 'Throttled' };
  const method = proof.code !== undefined && proof.code !== '' ? 'mfa' : 'password';
  const audit = (errorCode?: string, errorMessage?: string) =>
    recordPortalEvent(ctx, ctx.store, {
      directoryId: session.directoryId,
      action: 'PortalReauthenticate',
      userId: session.userId,
      userName: session.userName,
      request,
      parameters: { Method: method, Purpose: 'AddMFADevice' },
      ...(errorCode ? { errorCode, errorMessage: errorMessage ?? '' } : {}),
    });
  const now = ctx.clock.now();
  const state = await ctx.store.portal.getLoginState(session.userId);
  const locked = state?.lockedUntil != null && state.lockedUntil > now;
  let ok = false;
  let replayed = false;
  if (method === 'mfa') {
    for (const d of devices) {
      const step = matchTotp(ctx.secretBox.open(d.secretSealed), proof.code ?? '', now);
      if (step === undefined) continue;
      if (!(await ctx.store.portal.claimTotpStep(d.id, step))) {
        replayed = true;
        continue;
      }
      await ctx.store.portal.touchMfaDevice(d.id, now);
      ok = true;
      break;
    }
  } else {
    const creds = await ctx.store.portal.getCredentials(session.directoryId, session.userId);
    const hash = creds?.passwordHash ?? (await dummy());
    ok = (await verifyPassword(hash, (proof.password ?? '').slice(0, 256))) && !!creds?.passwordHash;
  }
  if (!ok || locked) {
    await throttle.fail({ ip: request.sourceIp });
    if (!locked) await countFailure(ctx, session.directoryId, session.userId, session.userName, policyFromSettings(await ctx.store.directories.getSettings(session.directoryId)), request);
    const failure: ReauthFailure = replayed && !locked ? 'ReusedCode' : 'InvalidCredentials';
    await audit(failure, locked ? 'The user is locked after too many failed attempts.' : replayed ? 'The code was already used.' : method === 'mfa' ? 'Wrong code.' : 'Wrong password.');
    return { ok: false, failure };
  }
  const secret = newTotpSecret();
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- pendingAt found a session, so a token was sent
  const next = await advancePortalSession(ctx, token!, { stage: 'active', pendingSecretSealed: ctx.secretBox.seal(secret) }, request);
  if (!next) return { ok: false, failure: 'NoSession' };
  await audit();
  return { ok: true, session: next, secret };
}

/** `mfa-bind-optional` (OnlyRiskyLogin, Autonomous): the user may go on without binding. */
export async function skipMfaBinding(ctx: CoreContext, token: string | undefined, request: PortalRequestInfo): Promise<StepResult> {
  const session = await pendingAt(ctx, token, ['mfa-bind-optional']);
  if (!session) return { ok: false, failure: 'NoSession' };
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- pendingAt found a session, so a token was sent
  const next = await advancePortalSession(ctx, token!, { stage: await nextAfterMfa(ctx, session), pendingSecretSealed: null }, request);
  return next ? { ok: true, session: next } : { ok: false, failure: 'NoSession' };
}

/** The forced change: the new password meets the policy and differs from the current and recent ones. */
export async function changeExpiredPassword(
  ctx: CoreContext,
  token: string | undefined,
  input: { newPassword: string; confirm: string },
  request: PortalRequestInfo,
): Promise<StepResult> {
  const session = await pendingAt(ctx, token, ['password-change']);
  if (!session) return { ok: false, failure: 'NoSession' };
  if (input.newPassword !== input.confirm) return { ok: false, failure: 'PasswordMismatch', message: 'The two passwords differ.' };
  const settings = await ctx.store.directories.getSettings(session.directoryId);
  const policy = policyFromSettings(settings);
  const problem = passwordProblem(input.newPassword, policy, session.userName);
  if (problem) return { ok: false, failure: 'PasswordPolicy', message: `The password does not meet the password policy: ${problem}.` };
  const creds = await ctx.store.portal.getCredentials(session.directoryId, session.userId);
  const recent = await ctx.store.passwordHistory.recent(session.directoryId, session.userId, Math.max(policy.passwordReusePrevention, 0));
  const olds = [...(creds?.passwordHash ? [creds.passwordHash] : []), ...recent];
  const reused = (await Promise.all(olds.map((h) => verifyPassword(h, input.newPassword)))).some(Boolean);
  if (reused) {
    return { ok: false, failure: 'PasswordPolicy', message: 'The password does not meet the password policy: it must differ from the current and recent passwords.' };
  }
  const hash = await hashPassword(input.newPassword);
  const now = ctx.clock.now();
  await ctx.store.transaction(async (tx) => {
    await tx.users.setPassword(session.directoryId, session.userId, hash, false, now);
    await tx.passwordHistory.add(session.directoryId, session.userId, hash, now, PASSWORD_HISTORY_KEPT);
    await recordPortalEvent(ctx, tx, { directoryId: session.directoryId, action: 'PortalChangePassword', userId: session.userId, userName: session.userName, request });
  });
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- pendingAt found a session, so a token was sent
  const next = await advancePortalSession(ctx, token!, { stage: 'active' }, request);
  return next ? { ok: true, session: next } : { ok: false, failure: 'NoSession' };
}
