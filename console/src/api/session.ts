import type { Acs3Credentials } from './signer';

/**
 * The signed-in AccessKey: in memory, and in sessionStorage (this tab only, gone when it closes)
 * when the administrator asks for it. Never localStorage, never a cookie: the secret leaves the
 * tab only as HMAC signatures.
 */
const KEY = 'cloudsso.console.session';

export function loadSession(): Acs3Credentials | undefined {
  try {
    const raw = sessionStorage.getItem(KEY);
    if (!raw) return undefined;
    const v = JSON.parse(raw) as Partial<Acs3Credentials>;
    if (typeof v.accessKeyId === 'string' && typeof v.accessKeySecret === 'string') {
      return { accessKeyId: v.accessKeyId, accessKeySecret: v.accessKeySecret };
    }
  } catch {
    // Storage disabled or corrupt: start signed out.
  }
  return undefined;
}

export function saveSession(creds: Acs3Credentials, remember: boolean): void {
  try {
    if (remember) sessionStorage.setItem(KEY, JSON.stringify({ accessKeyId: creds.accessKeyId, accessKeySecret: creds.accessKeySecret }));
    else sessionStorage.removeItem(KEY);
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
