import { parseIpBlock } from '../../policy/ip.js';
import type { CoreContext } from '../context.js';
import { getDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import type { Provenance } from '../provenance.js';
import { KEYS, loginPreferenceFrom, type LoginPreference } from './settings.js';
import { changeSignInSettings } from './write.js';

/** CloudSSO allows at most 100 addresses or CIDR blocks in LoginNetworkMasks. */
export const MAX_LOGIN_NETWORK_MASKS = 100;

/**
 * LoginNetworkMasks as CloudSSO takes it: IPv4 addresses or CIDR blocks separated by `;`; `";"`
 * alone clears the list. Entries are trimmed, empty ones ignored, each checked, and the result
 * written back joined by `;` with duplicates removed.
 */
export function normaliseLoginNetworkMasks(text: string): string {
  const entries = [...new Set(text.split(';').map((e) => e.trim()).filter((e) => e !== ''))];
  if (entries.length > MAX_LOGIN_NETWORK_MASKS) {
    throw new DomainError('InvalidParameter', `LoginNetworkMasks holds ${entries.length} entries; at most ${MAX_LOGIN_NETWORK_MASKS} are allowed.`, {
      field: 'LoginNetworkMasks',
    });
  }
  for (const e of entries) {
    if (e.includes(':') || parseIpBlock(e) === undefined) {
      throw new DomainError('InvalidParameter', `LoginNetworkMasks: ${JSON.stringify(e.slice(0, 64))} is not an IPv4 address or CIDR block (such as 192.168.0.0/16).`, {
        field: 'LoginNetworkMasks',
      });
    }
  }
  return entries.join(';');
}

export async function getLoginPreference(ctx: CoreContext, directoryId: string): Promise<LoginPreference> {
  await getDirectory(ctx, directoryId);
  return loginPreferenceFrom(await ctx.store.directories.getSettings(directoryId));
}

/** Omitted fields keep their values (LoginNetworkMasks omitted: unchanged; `";"`: cleared). */
export async function setLoginPreference(
  ctx: CoreContext,
  directoryId: string,
  changes: { allowUserToGetCredentials?: boolean; loginNetworkMasks?: string },
  p: Provenance,
): Promise<LoginPreference> {
  const masks = changes.loginNetworkMasks === undefined ? undefined : normaliseLoginNetworkMasks(changes.loginNetworkMasks);
  return changeSignInSettings(ctx, directoryId, p, 'SetLoginPreference', async (settings) => {
    const current = loginPreferenceFrom(settings);
    const next: LoginPreference = {
      allowUserToGetCredentials: changes.allowUserToGetCredentials ?? current.allowUserToGetCredentials,
      loginNetworkMasks: masks ?? current.loginNetworkMasks,
    };
    return { settings: { ...settings, [KEYS.loginPreference]: next }, result: next };
  });
}
