import { createHash, randomBytes } from 'node:crypto';
import type { CoreContext } from '../context.js';
import type { PortalAuthMethod, PortalSessionStage, PortalSessionWithUser } from '../ports/portal.js';
import { recordPortalEvent, type PortalRequestInfo } from './portal-audit.js';

export type { PortalAuthMethod, PortalSessionStage } from '../ports/portal.js';
export type { PortalRequestInfo } from './portal-audit.js';

/**
 * User portal sessions (docs/decisions/0115-portal-sign-in.md). The browser holds a random
 * 256-bit token in a cookie; the database holds only its SHA-256, with the user, the stage and the
 * expiry. Every read joins the user: a session of a disabled user is deleted and refused, one of a
 * deleted user is gone with the row (foreign key), so every node sees the end at its next request.
 *
 * A session is `active` (signed in, 8 hours as CloudSSO's portal) or pending one more step of a
 * password sign-in (`mfa-verify`, `mfa-bind`, `password-change`; 10 minutes to finish it).
 */
export const PORTAL_SESSION_MS = 8 * 3600_000;
export const PENDING_SIGN_IN_MS = 10 * 60_000;

/** Why a session cannot start: the user is not (or no longer) an enabled user of the directory. */
export class PortalSignInRefused extends Error {
  override readonly name = 'PortalSignInRefused';
  constructor(
    readonly reason: 'UserNotFound' | 'UserDisabled',
    message: string,
  ) {
    super(message);
  }
}

export interface PortalSession {
  readonly directoryId: string;
  readonly directoryName: string;
  readonly userId: string;
  readonly userName: string;
  readonly displayName: string | null;
  readonly stage: PortalSessionStage;
  readonly authMethod: PortalAuthMethod;
  readonly createTime: number;
  readonly expireTime: number;
  /** Sealed TOTP secret offered for binding (stage `mfa-bind`). */
  readonly pendingSecretSealed: string | null;
}

/** What the HTTP edge needs to set the cookie (src/portal/session-cookie.ts). */
export interface StartedPortalSession {
  /** The cookie value: shown once, stored nowhere. */
  readonly token: string;
  readonly expireTime: number;
  /** Max-Age for the cookie. */
  readonly maxAgeSeconds: number;
  readonly session: PortalSession;
}

export interface StartPortalSession {
  readonly directoryId: string;
  readonly userId: string;
  /** `password` or `saml`. */
  readonly authMethod: PortalAuthMethod;
  readonly request: PortalRequestInfo;
  /** `active` (the default: signed in) or the step a password sign-in still owes. */
  readonly stage?: PortalSessionStage;
  readonly pendingSecretSealed?: string | null;
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Starts a session for an enabled user of the directory and, when it is `active`, records the
 * sign-in (`PortalSignIn`) in the audit trail. Throws PortalSignInRefused for a user who is
 * missing or disabled. The caller has already authenticated the user (password, SAML assertion).
 */
export async function startPortalSession(ctx: CoreContext, s: StartPortalSession): Promise<StartedPortalSession> {
  const stage = s.stage ?? 'active';
  const token = randomBytes(32).toString('base64url');
  const idHash = hashSessionToken(token);
  const now = ctx.clock.now();
  const expireTime = now + (stage === 'active' ? PORTAL_SESSION_MS : PENDING_SIGN_IN_MS);
  const session = await ctx.store.transaction(async (tx) => {
    const user = await tx.users.get(s.directoryId, s.userId);
    if (!user) throw new PortalSignInRefused('UserNotFound', 'The user does not exist in this directory.');
    if (user.status !== 'Enabled') throw new PortalSignInRefused('UserDisabled', 'The user is disabled.');
    const directory = await tx.directories.get(s.directoryId);
    if (!directory) throw new PortalSignInRefused('UserNotFound', 'The directory does not exist.');
    await tx.portal.insertSession({
      idHash,
      directoryId: s.directoryId,
      userId: s.userId,
      stage,
      authMethod: s.authMethod,
      sourceIp: s.request.sourceIp,
      pendingSecretSealed: s.pendingSecretSealed ?? null,
      createTime: now,
      expireTime,
    });
    if (stage === 'active') {
      await recordPortalEvent(ctx, tx, {
        directoryId: s.directoryId,
        action: 'PortalSignIn',
        userId: s.userId,
        userName: user.userName,
        request: s.request,
        parameters: { AuthMethod: s.authMethod },
      });
    }
    return {
      directoryId: s.directoryId,
      directoryName: directory.name,
      userId: s.userId,
      userName: user.userName,
      displayName: user.displayName ?? null,
      stage,
      authMethod: s.authMethod,
      createTime: now,
      expireTime,
      pendingSecretSealed: s.pendingSecretSealed ?? null,
    } satisfies PortalSession;
  });
  return { token, expireTime, maxAgeSeconds: Math.floor((expireTime - now) / 1000), session };
}

/**
 * The signed-in (`active`) session of a cookie value, or undefined: unknown, expired, pending a
 * step, or of a user who is disabled (that session is deleted) or deleted. Called on every request.
 */
export async function readPortalSession(ctx: CoreContext, token: string | undefined): Promise<PortalSession | undefined> {
  const s = await readAnyPortalSession(ctx, token);
  return s?.stage === 'active' ? s : undefined;
}

/** Like readPortalSession, but also a session pending a sign-in step (the portal's own flow). */
export async function readAnyPortalSession(ctx: CoreContext, token: string | undefined): Promise<PortalSession | undefined> {
  if (!token || token.length > 256) return undefined;
  const idHash = hashSessionToken(token);
  const row = await ctx.store.portal.getSession(idHash);
  if (!row) return undefined;
  if (row.expireTime <= ctx.clock.now() || row.userStatus !== 'Enabled') {
    await ctx.store.portal.deleteSession(idHash);
    return undefined;
  }
  return toSession(row);
}

/**
 * Moves a pending session on (another step, or `active`: signed in, audited as `PortalSignIn`).
 * Returns the session as it now is, or undefined if it ended meanwhile.
 */
export async function advancePortalSession(
  ctx: CoreContext,
  token: string,
  next: { stage: PortalSessionStage; pendingSecretSealed?: string | null },
  request: PortalRequestInfo,
): Promise<PortalSession | undefined> {
  const idHash = hashSessionToken(token);
  const now = ctx.clock.now();
  return ctx.store.transaction(async (tx) => {
    const row = await tx.portal.getSession(idHash);
    if (!row || row.expireTime <= now || row.userStatus !== 'Enabled') return undefined;
    // 8 hours from the end of sign-in: an active session is never extended.
    const expireTime = row.stage === 'active' ? row.expireTime : now + (next.stage === 'active' ? PORTAL_SESSION_MS : PENDING_SIGN_IN_MS);
    await tx.portal.updateSession(idHash, { stage: next.stage, expireTime, pendingSecretSealed: next.pendingSecretSealed ?? null });
    if (next.stage === 'active' && row.stage !== 'active') {
      await recordPortalEvent(ctx, tx, {
        directoryId: row.directoryId,
        action: 'PortalSignIn',
        userId: row.userId,
        userName: row.userName,
        request,
        parameters: { AuthMethod: row.authMethod },
      });
    }
    return toSession({ ...row, stage: next.stage, expireTime, pendingSecretSealed: next.pendingSecretSealed ?? null });
  });
}

/** Signs out: the session is deleted (audited as `PortalSignOut` when it was signed in). */
export async function endPortalSession(ctx: CoreContext, token: string | undefined, request: PortalRequestInfo): Promise<void> {
  if (!token || token.length > 256) return;
  const idHash = hashSessionToken(token);
  await ctx.store.transaction(async (tx) => {
    const row = await tx.portal.getSession(idHash);
    if (!row) return;
    await tx.portal.deleteSession(idHash);
    if (row.stage === 'active') {
      await recordPortalEvent(ctx, tx, { directoryId: row.directoryId, action: 'PortalSignOut', userId: row.userId, userName: row.userName, request });
    }
  });
}

function toSession(r: PortalSessionWithUser): PortalSession {
  return {
    directoryId: r.directoryId,
    directoryName: r.directoryName,
    userId: r.userId,
    userName: r.userName,
    displayName: r.displayName,
    stage: r.stage,
    authMethod: r.authMethod,
    createTime: r.createTime,
    expireTime: r.expireTime,
    pendingSecretSealed: r.pendingSecretSealed,
  };
}
