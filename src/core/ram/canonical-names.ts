import type { CoreContext } from '../context.js';
import { foldKey } from '../text.js';

/**
 * The identity a RAM user or group name stands for, as authorization must see it. The store finds
 * RAM users and groups by `foldKey` (NFKC, then lower case), so `ADMIN`, `Admin` and fullwidth
 * `ａｄｍｉｎ` all name the user stored as `admin`; a resource ARN built from the raw parameter
 * would let any of them slip past a Deny on `user/admin`. These return the stored spelling, or,
 * for a name nothing has yet, the folded key the store would find it by: a Deny then still
 * matches, and a denied caller learns nothing about which names exist (docs/decisions/0040).
 */
export async function canonicalRamUserName(ctx: CoreContext, name: string): Promise<string> {
  const user = await ctx.store.ram.getUserByName(name);
  return user ? user.name : foldKey(name);
}

export async function canonicalRamGroupName(ctx: CoreContext, name: string): Promise<string> {
  const group = await ctx.store.ram.getGroupByName(name);
  return group ? group.name : foldKey(name);
}
