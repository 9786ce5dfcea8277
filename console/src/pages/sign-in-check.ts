import { ApiError, callApi } from '../api/client';
import type { ConsoleCredentials } from '../api/session';

/** What both sign-in forms call with credentials that work, and whether to keep them. */
export type OnSignIn = (creds: ConsoleCredentials, remember: boolean) => void;

/**
 * One signed call proves the credentials before they are kept. A principal that may not list
 * directories still signs correctly: NoPermission means the credentials are good.
 */
export async function checkCredentials(creds: ConsoleCredentials): Promise<void> {
  try {
    await callApi(creds, 'cloudsso', 'ListDirectories');
  } catch (e) {
    if (!(e instanceof ApiError && e.code === 'NoPermission')) throw e;
  }
}
