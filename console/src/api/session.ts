import type { Acs3Credentials } from './signer';

/**
 * What the console signs with: an AccessKey, or STS credentials (a SecurityToken, and their
 * Expiration when known) with a label saying whose they are.
 */
export interface ConsoleCredentials extends Acs3Credentials {
  /** When STS credentials end (ms since the epoch), if known. */
  readonly expiration?: number;
  /** Who signs: `alice, Production (123...), Admin` for a CloudSSO user's credentials. */
  readonly label?: string;
}

/**
 * The signed-in credentials: in memory, and in sessionStorage (this tab only, gone when it closes)
 * when the administrator asks for it, or always for a CloudSSO user's STS credentials. Never
 * localStorage, never a cookie: the secret leaves the tab only as HMAC signatures.
 */
const KEY = 'cloudsso.console.session';

export function loadSession(now: number = Date.now()): ConsoleCredentials | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as Partial<Record<keyof ConsoleCredentials, unknown>>;
    if (typeof v.accessKeyId !== 'string' || typeof v.accessKeySecret !== 'string') return undefined;
    const expiration = typeof v.expiration === 'number' ? v.expiration : undefined;
    if (expiration !== undefined && expiration <= now) {
      sessionStorage.removeItem(KEY);
      return undefined;
    }
    return {
      accessKeyId: v.accessKeyId,
      accessKeySecret: v.accessKeySecret,
      ...(typeof v.securityToken === 'string' ? { securityToken: v.securityToken } : {}),
      ...(expiration !== undefined ? { expiration } : {}),
      ...(typeof v.label === 'string' ? { label: v.label } : {}),
    };
  } catch {
    // Storage disabled or corrupt: start signed out.
  }
  return undefined;
}

export function saveSession(creds: ConsoleCredentials, remember: boolean): void {
  try {
    if (remember) {
      const { accessKeyId, accessKeySecret, securityToken, expiration, label } = creds;
      sessionStorage.setItem(KEY, JSON.stringify({ accessKeyId, accessKeySecret, securityToken, expiration, label }));
    } else sessionStorage.removeItem(KEY);
  } catch {
    // Storage disabled: memory only.
  }
}

export function clearSession(): void {
  try {
    sessionStorage.removeItem(KEY);
  } catch {
    // nothing stored
  }
}

/** Dispatched on `window` when the server says the STS token has expired: the console signs out. */
export const CREDENTIALS_EXPIRED_EVENT = 'cloudsso:credentials-expired';
