import type { CoreContext } from './context.js';
import { getDirectory } from './directories.js';
import type { Status } from './model.js';
import type { Provenance } from './provenance.js';
import { changeSignInSettings } from './sign-in/write.js';

/**
 * Two per-directory switches kept in the directory's settings document (cloudsso-access.md §8.3-8.4;
 * docs/decisions/0151-global-access-and-attribute-passing.md). They are stored and returned; what
 * they change (an accelerated portal host; the SourceIdentity of the STS sessions the portal
 * issues) is later work.
 */
export const SOURCE_IDENTITY_PASSING = ['IdP', 'UserName', 'Disabled'] as const;
export type SourceIdentityPassing = (typeof SOURCE_IDENTITY_PASSING)[number];

const KEYS = { globalAccess: 'globalAccess', attributePassing: 'attributePassing' } as const;

type Doc = Record<string, unknown>;
const section = (settings: Doc, key: string): Doc => {
  const v = settings[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Doc) : {};
};

export function globalAccessFrom(settings: Doc): Status {
  return section(settings, KEYS.globalAccess)['status'] === 'Enabled' ? 'Enabled' : 'Disabled';
}

export function attributePassingFrom(settings: Doc): SourceIdentityPassing {
  const v = section(settings, KEYS.attributePassing)['sourceIdentityPassing'];
  return SOURCE_IDENTITY_PASSING.includes(v as SourceIdentityPassing) ? (v as SourceIdentityPassing) : 'Disabled';
}

export async function getGlobalAccessStatus(ctx: CoreContext, directoryId: string): Promise<Status> {
  await getDirectory(ctx, directoryId);
  return globalAccessFrom(await ctx.store.directories.getSettings(directoryId));
}

export async function setGlobalAccessStatus(ctx: CoreContext, directoryId: string, status: Status, p: Provenance): Promise<Status> {
  return changeSignInSettings(ctx, directoryId, p, 'UpdateDirectoryGlobalAccessStatus', async (settings) => ({
    settings: { ...settings, [KEYS.globalAccess]: { status } },
    result: status,
  }));
}

export async function getAttributePassing(ctx: CoreContext, directoryId: string): Promise<SourceIdentityPassing> {
  await getDirectory(ctx, directoryId);
  return attributePassingFrom(await ctx.store.directories.getSettings(directoryId));
}

export async function setAttributePassing(
  ctx: CoreContext,
  directoryId: string,
  sourceIdentityPassing: SourceIdentityPassing,
  p: Provenance,
): Promise<SourceIdentityPassing> {
  return changeSignInSettings(ctx, directoryId, p, 'UpdateAttributePassingSetting', async (settings) => ({
    settings: { ...settings, [KEYS.attributePassing]: { sourceIdentityPassing } },
    result: sourceIdentityPassing,
  }));
}
