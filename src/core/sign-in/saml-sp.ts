import { randomUUID } from 'node:crypto';
import { generateSpKeyPair, spMetadata } from '../../saml/sp.js';
import type { CoreContext } from '../context.js';
import { getDirectory } from '../directories.js';
import type { StoredSpKey } from '../ports/sign-in.js';
import type { Provenance } from '../provenance.js';
import { KEYS, samlSpFrom, type SamlSpSettings } from './settings.js';
import { changeSignInSettings } from './write.js';

/**
 * The directory's side of SAML, as CloudSSO reports it (GetDirectorySAMLServiceProviderInfo):
 * `<base>/saml/sp/<DirectoryId>` as entity ID (CloudSSO: `https://signin-<region>.alibabacloudsso.com/saml/sp/<DirectoryId>`),
 * an ACS URL ending in an opaque per-directory UUID, the SP metadata document in Base64, and the
 * signing settings. The signing key is made on first use and kept, sealed, in the store; with
 * SupportEncryptedAssertion it is the encryption key too (decision 0176).
 */
export interface ServiceProviderInfo extends SamlSpSettings {
  readonly directoryId: string;
  readonly entityId: string;
  readonly acsUrl: string;
  readonly encodedMetadataDocument: string;
  readonly certificatePem: string;
}

export async function getServiceProviderInfo(ctx: CoreContext, directoryId: string, baseUrl: string): Promise<ServiceProviderInfo> {
  await getDirectory(ctx, directoryId);
  const key = await spKey(ctx, directoryId);
  const settings = samlSpFrom(await ctx.store.directories.getSettings(directoryId));
  return describe(directoryId, key, settings, baseUrl);
}

export async function setServiceProviderInfo(
  ctx: CoreContext,
  directoryId: string,
  changes: Partial<Pick<SamlSpSettings, 'authnSignAlgo' | 'supportEncryptedAssertion'>>,
  p: Provenance,
): Promise<void> {
  await changeSignInSettings(ctx, directoryId, p, 'SetDirectorySAMLServiceProviderInfo', async (settings) => {
    const current = samlSpFrom(settings);
    const next: SamlSpSettings = {
      ...current,
      ...(changes.authnSignAlgo !== undefined ? { authnSignAlgo: changes.authnSignAlgo } : {}),
      ...(changes.supportEncryptedAssertion !== undefined ? { supportEncryptedAssertion: changes.supportEncryptedAssertion } : {}),
    };
    return { settings: { ...settings, [KEYS.samlSp]: next }, result: undefined };
  });
}

/** The directory's SP key, made on first use; two nodes making it at once both keep the first stored. */
async function spKey(ctx: CoreContext, directoryId: string): Promise<StoredSpKey> {
  const stored = await ctx.store.signIn.getSpKey(directoryId);
  if (stored) return stored;
  const now = ctx.clock.now();
  const pair = generateSpKeyPair(`Open CloudSSO SAML SP ${directoryId}`, now);
  return ctx.store.signIn.putSpKeyIfAbsent({
    directoryId,
    acsId: randomUUID(),
    certificatePem: pair.certificatePem,
    privateKeySealed: ctx.secretBox.seal(pair.privateKeyPem),
    createTime: now,
  });
}

function describe(directoryId: string, key: StoredSpKey, settings: SamlSpSettings, baseUrl: string): ServiceProviderInfo {
  const base = baseUrl.replace(/\/+$/, '');
  const entityId = `${base}/saml/sp/${directoryId}`;
  const acsUrl = `${base}/saml/acs/${key.acsId}`;
  const metadata = spMetadata({ entityId, acsUrl, certificatePem: key.certificatePem, wantAssertionsSigned: true, encryption: settings.supportEncryptedAssertion });
  return {
    ...settings,
    directoryId,
    entityId,
    acsUrl,
    encodedMetadataDocument: Buffer.from(metadata, 'utf8').toString('base64'),
    certificatePem: key.certificatePem,
  };
}
