import { foldKey } from '../text.js';
import type { RamScope } from './common.js';

/**
 * The identity a RAM user or group name stands for, as authorization must see it. The store finds
 * RAM users and groups by `foldKey` (NFKC, then lower case), so `ADMIN`, `Admin` and fullwidth
 * `ａｄｍｉｎ` all name the user stored as `admin`; a resource ARN built from the raw parameter
 * would let any of them slip past a Deny on `user/admin`. These return the stored spelling, or,
 * for a name nothing has yet, the folded key the store would find it by: a Deny then still
 * matches, and a denied caller learns nothing about which names exist (docs/decisions/0040). Names
 * are looked up in the caller's account (`ctx.accountId`, docs/decisions/0060).
 */
export async function canonicalRamUserName(ctx: RamScope, name: string): Promise<string> {
  const user = await ctx.store.ram.getUserByName(ctx.accountId, name);
  return user ? user.name : foldKey(name);
}

export async function canonicalRamGroupName(ctx: RamScope, name: string): Promise<string> {
  const group = await ctx.store.ram.getGroupByName(ctx.accountId, name);
  return group ? group.name : foldKey(name);
}

export async function canonicalRamRoleName(ctx: RamScope, name: string): Promise<string> {
  const role = await ctx.store.ram.getRoleByName(ctx.accountId, name);
  return role ? role.name : foldKey(name);
}

export async function canonicalSamlProviderName(ctx: RamScope, name: string): Promise<string> {
  const provider = await ctx.store.ram.getSamlProvider(ctx.accountId, name);
  return provider ? provider.name : foldKey(name);
}
