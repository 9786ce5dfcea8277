import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { PortalAccessRefused } from '../access/user-access.js';
import type { CoreContext } from '../context.js';
import type { DeviceGrant } from '../ports/portal-api.js';
import type { PortalSession } from './sessions.js';

/**
 * The device authorization grant of the programmatic portal API (cloudsso-access.md §6.8;
 * docs/decisions/0136-device-flow.md): RFC 8628 with PKCE S256 and PascalCase fields, for the
 * public client ID Alibaba's CLI and credential libraries send. A device code lives 10 minutes;
 * a signed-in portal user approves or denies its user code; the exchange (once) yields a bearer
 * access token that ends with the approving portal session (at most 8 hours). Device codes and
 * tokens are stored only as SHA-256 hashes. A token is refused as soon as its user is disabled,
 * and goes with the user when deleted.
 */
export const PUBLIC_CLIENT_ID = 'app-vaz16tltdxs96audqf35';
export const DEVICE_GRANT_TYPE = 'urn:ietf:params:oauth:grant-type:device_code';
export const DEVICE_CODE_SECONDS = 600;
export const POLL_INTERVAL_SECONDS = 5;
/** Rows deleted per statement when expired grants and tokens are pruned. */
export const PRUNE_BATCH = 500;
/** No vowels and no look-alikes, as RFC 8628 §6.1 suggests: 20^8 codes. */
const USER_CODE_ALPHABET = 'BCDFGHJKLMNPQRSTVWXZ';
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export interface DeviceAuthorizationInput {
  readonly clientId: unknown;
  readonly codeChallenge: unknown;
  readonly codeChallengeMethod: unknown;
}

export interface StartedDeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly expiresIn: number;
  readonly interval: number;
}

function checkClient(clientId: unknown): void {
  if (clientId !== PUBLIC_CLIENT_ID) throw new PortalAccessRefused('InvalidClientId', 'ClientId is not a client of this portal.', 400);
}

/** `ABCD-EFGH` as shown; typed with or without the dash, in any case. */
export function normaliseUserCode(text: string): string | undefined {
  const raw = text.toUpperCase().replace(/[\s-]/g, '');
  if (raw.length !== 8 || [...raw].some((c) => !USER_CODE_ALPHABET.includes(c))) return undefined;
  return `${raw.slice(0, 4)}-${raw.slice(4)}`;
}

export async function startDeviceAuthorization(ctx: CoreContext, input: DeviceAuthorizationInput): Promise<StartedDeviceAuthorization> {
  checkClient(input.clientId);
  if (input.codeChallengeMethod !== 'S256') {
    throw new PortalAccessRefused('InvalidParameter.CodeChallengeMethod', 'CodeChallengeMethod must be S256.', 400);
  }
  if (typeof input.codeChallenge !== 'string' || !CHALLENGE.test(input.codeChallenge)) {
    throw new PortalAccessRefused('InvalidParameter.CodeChallenge', 'CodeChallenge must be the base64url SHA-256 of the code verifier, without padding (43 characters).', 400);
  }
  const now = ctx.clock.now();
  const deviceCode = randomBytes(32).toString('base64url');
  const userCode = `${Array.from({ length: 8 }, () => USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)]).join('')}`;
  const shown = `${userCode.slice(0, 4)}-${userCode.slice(4)}`;
  await ctx.store.portalApi.prune(now, PRUNE_BATCH);
  await ctx.store.portalApi.insertGrant({
    deviceCodeHash: sha256(deviceCode),
    userCode: shown,
    codeChallenge: input.codeChallenge,
    status: 'pending',
    directoryId: null,
    userId: null,
    tokenExpireTime: null,
    createTime: now,
    expireTime: now + DEVICE_CODE_SECONDS * 1000,
  });
  return { deviceCode, userCode: shown, expiresIn: DEVICE_CODE_SECONDS, interval: ctx.settings.devicePollInterval ?? POLL_INTERVAL_SECONDS };
}

/** The pending grant of a user code, for the approval page; undefined if unknown, expired or decided. */
export async function pendingGrant(ctx: CoreContext, userCodeText: string): Promise<DeviceGrant | undefined> {
  const userCode = normaliseUserCode(userCodeText);
  if (!userCode) return undefined;
  const g = await ctx.store.portalApi.getGrantByUserCode(userCode);
  return g && g.status === 'pending' && g.expireTime > ctx.clock.now() ? g : undefined;
}

/** The signed-in user approves or denies the user code; false if it is unknown, expired or decided. */
export async function decideDeviceAuthorization(ctx: CoreContext, session: PortalSession, userCodeText: string, approve: boolean): Promise<boolean> {
  const g = await pendingGrant(ctx, userCodeText);
  if (!g) return false;
  return ctx.store.portalApi.decideGrant(g.userCode, approve ? 'approved' : 'denied', {
    directoryId: session.directoryId,
    userId: session.userId,
    tokenExpireTime: session.expireTime,
  });
}

export interface TokenInput {
  readonly clientId: unknown;
  readonly deviceCode: unknown;
  readonly codeVerifier: unknown;
  readonly grantType: unknown;
}

export interface IssuedAccessToken {
  readonly accessToken: string;
  readonly expiresIn: number;
}

export async function exchangeDeviceCode(ctx: CoreContext, input: TokenInput): Promise<IssuedAccessToken> {
  checkClient(input.clientId);
  if (input.grantType !== DEVICE_GRANT_TYPE) throw new PortalAccessRefused('UnsupportedGrantType', `GrantType must be ${DEVICE_GRANT_TYPE}.`, 400);
  if (typeof input.deviceCode !== 'string' || input.deviceCode.length === 0 || input.deviceCode.length > 256) {
    throw new PortalAccessRefused('InvalidDeviceCodeError', 'The device code is not valid or has expired. Start the sign-in again.', 400);
  }
  const now = ctx.clock.now();
  const hash = sha256(input.deviceCode);
  const g = await ctx.store.portalApi.getGrant(hash);
  if (!g || g.expireTime <= now) {
    throw new PortalAccessRefused('InvalidDeviceCodeError', 'The device code is not valid or has expired. Start the sign-in again.', 400);
  }
  const verifier = input.codeVerifier;
  const challenge = typeof verifier === 'string' && VERIFIER.test(verifier) ? createHash('sha256').update(verifier, 'ascii').digest('base64url') : '';
  const a = Buffer.from(challenge);
  const b = Buffer.from(g.codeChallenge);
  if (a.length !== b.length || !timingSafeEqual(a, b)) {
    throw new PortalAccessRefused('InvalidCodeVerifier', 'CodeVerifier does not match the CodeChallenge of this device authorization.', 400);
  }
  if (g.status === 'pending') throw new PortalAccessRefused('AuthorizationPending', 'The user has not approved this sign-in yet.', 400);
  if (g.status === 'denied' || g.directoryId === null || g.userId === null || g.tokenExpireTime === null) {
    await ctx.store.portalApi.deleteGrant(hash);
    throw new PortalAccessRefused('AccessDenied', 'The user denied this sign-in.', 400);
  }
  const { directoryId, userId, tokenExpireTime } = g;
  return ctx.store.transaction(async (tx) => {
    // Once: of two polls racing, only the one that deletes the grant gets a token.
    if (!(await tx.portalApi.deleteGrant(hash))) {
      throw new PortalAccessRefused('InvalidDeviceCodeError', 'The device code is not valid or has expired. Start the sign-in again.', 400);
    }
    const user = await tx.users.get(directoryId, userId);
    if (!user || user.status !== 'Enabled') throw new PortalAccessRefused('AccessDenied', 'The user who approved this sign-in is disabled or deleted.', 400);
    const accessToken = randomBytes(32).toString('base64url');
    const expireTime = Math.max(now + 60_000, tokenExpireTime);
    await tx.portalApi.insertToken(sha256(accessToken), { directoryId, userId, createTime: now, expireTime });
    return { accessToken, expiresIn: Math.floor((expireTime - now) / 1000) };
  });
}

export interface TokenHolder {
  readonly directoryId: string;
  readonly userId: string;
  readonly userName: string;
  /** SHA-256 of the token, to record its selection. */
  readonly tokenHash: string;
  /** The one account and access configuration the token has got credentials for (decision 0165). */
  readonly selection: { readonly accountId: string; readonly accessConfigurationId: string } | undefined;
}

/** The user of a bearer token, or PortalAccessRefused: 401 InvalidToken when unknown or expired; 403 Forbidden.UserDisabled
 * when its user is disabled (every token of the user is then deleted). */
export async function authenticateAccessToken(ctx: CoreContext, token: string | undefined): Promise<TokenHolder> {
  const invalid = () => new PortalAccessRefused('InvalidToken', 'The access token is missing, not valid or expired. Sign in again.', 401);
  if (!token || token.length > 256) throw invalid();
  const hash = sha256(token);
  const t = await ctx.store.portalApi.getToken(hash);
  if (!t) throw invalid();
  if (t.expireTime <= ctx.clock.now()) throw invalid();
  if (t.userStatus !== 'Enabled') {
    // Revoked for good: enabling the user again does not bring the token back.
    await ctx.store.portalApi.deleteUserTokens(t.userId);
    throw new PortalAccessRefused('Forbidden.UserDisabled', 'The user is disabled: its access tokens are revoked.', 403);
  }
  return { directoryId: t.directoryId, userId: t.userId, userName: t.userName, tokenHash: hash, selection: t.selection };
}

/**
 * The account and access configuration of a `POST /cloud-credentials` (decision 0165): those the
 * body names, or, when the body names neither (as @alicloud/credentials' CloudSSO provider sends
 * it, decision 0137), the one choice this token has already got credentials for.
 */
export function credentialTarget(holder: TokenHolder, accountId: unknown, accessConfigurationId: unknown): { accountId: string; accessConfigurationId: string } {
  const given = (v: unknown) => v !== undefined && v !== null && v !== '';
  if (!given(accountId) && !given(accessConfigurationId) && holder.selection) return holder.selection;
  if (typeof accountId !== 'string' || accountId === '') {
    throw new PortalAccessRefused(
      'MissingParameter.AccountId',
      given(accessConfigurationId) || !holder.selection
        ? 'AccountId is required in the JSON body (this access token has not chosen exactly one account and access configuration yet).'
        : 'AccountId is required in the JSON body.',
      400,
    );
  }
  if (typeof accessConfigurationId !== 'string' || accessConfigurationId === '') {
    throw new PortalAccessRefused('MissingParameter.AccessConfigurationId', 'AccessConfigurationId is required in the JSON body.', 400);
  }
  return { accountId, accessConfigurationId };
}

/** After credentials were issued for a named choice: remember it for body-less requests of the same token. */
export async function recordTokenSelection(ctx: CoreContext, holder: TokenHolder, target: { accountId: string; accessConfigurationId: string }): Promise<void> {
  const s = holder.selection;
  if (s && s.accountId === target.accountId && s.accessConfigurationId === target.accessConfigurationId) return;
  await ctx.store.portalApi.recordSelection(holder.tokenHash, target.accountId, target.accessConfigurationId);
}

/** Periodic pruning: deletes expired device grants and access tokens in batches; returns how many. */
export async function prunePortalApi(ctx: CoreContext, batch = PRUNE_BATCH): Promise<number> {
  const now = ctx.clock.now();
  let total = 0;
  for (;;) {
    const n = await ctx.store.portalApi.prune(now, batch);
    total += n;
    if (n < batch) return total;
  }
}
