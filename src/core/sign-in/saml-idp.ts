import { parseCertificate, type CertificateInfo } from '../../saml/certificate.js';
import { SamlInputError } from '../../saml/errors.js';
import { MAX_METADATA_LENGTH, parseIdpMetadata } from '../../saml/metadata.js';
import type { CoreContext } from '../context.js';
import { getDirectory } from '../directories.js';
import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { Status } from '../model.js';
import type { Store } from '../ports/store.js';
import type { Provenance } from '../provenance.js';
import { KEYS, samlIdpFrom, type BindingType, type SamlIdpSettings } from './settings.js';
import { changeSignInSettings } from './write.js';

/** CloudSSO keeps at most two IdP signing certificates (one current, one for rotation). */
export const MAX_IDP_CERTIFICATES = 2;
const MAX_URL = 1024;

export interface IdpConfiguration {
  readonly directoryId: string;
  /** undefined when no IdP is configured. */
  readonly idp: SamlIdpSettings | undefined;
  readonly certificateIds: readonly string[];
}

export interface IdpChanges {
  /** Base64 of the IdP's metadata XML: replaces every IdP setting and certificate. */
  readonly encodedMetadataDocument?: string;
  readonly entityId?: string;
  readonly loginUrl?: string;
  /** PEM: replaces every stored certificate. */
  readonly x509Certificate?: string;
  readonly wantRequestSigned?: boolean;
  readonly bindingType?: BindingType;
  readonly ssoStatus?: Status;
}

export async function getIdpConfiguration(ctx: CoreContext, directoryId: string): Promise<IdpConfiguration> {
  await getDirectory(ctx, directoryId);
  return readConfiguration(ctx.store, directoryId);
}

async function readConfiguration(store: Store, directoryId: string): Promise<IdpConfiguration> {
  const idp = samlIdpFrom(await store.directories.getSettings(directoryId));
  const certificateIds = (await store.signIn.listIdpCertificates(directoryId)).map((c) => c.id);
  return { directoryId, idp, certificateIds };
}

/**
 * SetExternalSAMLIdentityProvider (cloudsso-access.md §6.2): from a metadata document (every IdP
 * setting replaced, the parameters given beside it applied on top), or field by field (only what
 * is given changes; a certificate replaces all stored ones). SSO can be Enabled only with an
 * entity ID, a login URL and a certificate.
 */
export async function setIdpConfiguration(ctx: CoreContext, directoryId: string, changes: IdpChanges, p: Provenance): Promise<IdpConfiguration> {
  const fromMetadata = changes.encodedMetadataDocument !== undefined ? readMetadata(changes.encodedMetadataDocument, changes.bindingType) : undefined;
  const certificate = changes.x509Certificate !== undefined ? certificateOf(changes.x509Certificate, 'X509Certificate') : undefined;
  if (changes.entityId !== undefined) checkText(changes.entityId, 'EntityId');
  if (changes.loginUrl !== undefined) checkUrl(changes.loginUrl, 'LoginUrl');
  const now = ctx.clock.now();
  return changeSignInSettings(ctx, directoryId, p, 'SetExternalSAMLIdentityProvider', async (settings, tx) => {
    const current = samlIdpFrom(settings);
    const base: SamlIdpSettings = fromMetadata
      ? {
          entityId: fromMetadata.entityId,
          loginUrl: fromMetadata.loginUrl,
          wantRequestSigned: false,
          bindingType: fromMetadata.bindingType,
          ssoStatus: current?.ssoStatus ?? 'Disabled',
          encodedMetadataDocument: changes.encodedMetadataDocument ?? '',
          createTime: current?.createTime ?? now,
          updateTime: now,
        }
      : (current ?? {
          entityId: '',
          loginUrl: '',
          wantRequestSigned: false,
          bindingType: 'Post',
          ssoStatus: 'Disabled',
          encodedMetadataDocument: '',
          createTime: now,
          updateTime: now,
        });
    const next: SamlIdpSettings = {
      ...base,
      ...(changes.entityId !== undefined ? { entityId: changes.entityId } : {}),
      ...(changes.loginUrl !== undefined ? { loginUrl: changes.loginUrl } : {}),
      ...(changes.wantRequestSigned !== undefined ? { wantRequestSigned: changes.wantRequestSigned } : {}),
      ...(changes.bindingType !== undefined ? { bindingType: changes.bindingType } : {}),
      ...(changes.ssoStatus !== undefined ? { ssoStatus: changes.ssoStatus } : {}),
      updateTime: now,
    };
    const replacement = fromMetadata ? fromMetadata.certificates : certificate ? [certificate] : undefined;
    if (replacement) {
      await tx.signIn.deleteIdpCertificates(directoryId);
      for (const c of replacement) {
        await tx.signIn.insertIdpCertificate({ id: newId('idp-c', now), directoryId, fingerprint: c.fingerprint, pem: c.pem, createTime: now });
      }
    }
    if (next.ssoStatus === 'Enabled') {
      const certificates = replacement?.length ?? (await tx.signIn.listIdpCertificates(directoryId)).length;
      const missing = [!next.entityId && 'EntityId', !next.loginUrl && 'LoginUrl', certificates === 0 && 'a certificate'].filter(Boolean);
      if (missing.length > 0) {
        throw new DomainError(
          'SAMLIdentityProviderIncomplete',
          `SSO cannot be enabled before the identity provider is configured: it has no ${missing.join(', ')}. Give EncodedMetadataDocument, or EntityId, LoginUrl and X509Certificate.`,
          { field: 'SSOStatus' },
        );
      }
    }
    return { settings: { ...settings, [KEYS.samlIdp]: next }, result: undefined };
  }).then(() => readConfiguration(ctx.store, directoryId));
}

/** Refused while SSO is on: users would be left with no way to sign in. */
export async function clearIdpConfiguration(ctx: CoreContext, directoryId: string, p: Provenance): Promise<void> {
  await changeSignInSettings(ctx, directoryId, p, 'ClearExternalSAMLIdentityProvider', async (settings, tx) => {
    if (samlIdpFrom(settings)?.ssoStatus === 'Enabled') {
      throw new DomainError('SSOEnabled', 'SSO is enabled: disable it (SetExternalSAMLIdentityProvider SSOStatus=Disabled) before clearing the identity provider.', {
        field: 'DirectoryId',
      });
    }
    await tx.signIn.deleteIdpCertificates(directoryId);
    const { [KEYS.samlIdp]: _cleared, ...rest } = settings;
    return { settings: rest, result: undefined };
  });
}

export interface IdpCertificate extends CertificateInfo {
  readonly id: string;
}

export async function listIdpCertificates(ctx: CoreContext, directoryId: string): Promise<IdpCertificate[]> {
  await getDirectory(ctx, directoryId);
  const stored = await ctx.store.signIn.listIdpCertificates(directoryId);
  return stored.map((c) => ({ ...parseCertificate(c.pem), id: c.id }));
}

export async function addIdpCertificate(ctx: CoreContext, directoryId: string, pem: string, p: Provenance): Promise<string> {
  const certificate = certificateOf(pem, 'X509Certificate');
  const now = ctx.clock.now();
  const id = newId('idp-c', now);
  await changeSignInSettings(
    ctx,
    directoryId,
    p,
    'AddExternalSAMLIdPCertificate',
    async (_settings, tx) => {
      const existing = await tx.signIn.listIdpCertificates(directoryId);
      if (existing.some((c) => c.fingerprint === certificate.fingerprint)) {
        throw new DomainError('SAMLCertificateTaken', 'The identity provider already has this certificate.', { field: 'X509Certificate' });
      }
      if (existing.length >= MAX_IDP_CERTIFICATES) {
        throw new DomainError(
          'SAMLCertificateQuotaExceeded',
          `The identity provider already has ${MAX_IDP_CERTIFICATES} certificates, the most allowed; remove one (RemoveExternalSAMLIdPCertificate) first.`,
        );
      }
      await tx.signIn.insertIdpCertificate({ id, directoryId, fingerprint: certificate.fingerprint, pem: certificate.pem, createTime: now });
      return { result: undefined };
    },
    { type: 'saml-idp-certificate', id },
  );
  return id;
}

/** The last certificate cannot go while SSO is on: no assertion could be verified. */
export async function removeIdpCertificate(ctx: CoreContext, directoryId: string, certificateId: string, p: Provenance): Promise<void> {
  await changeSignInSettings(
    ctx,
    directoryId,
    p,
    'RemoveExternalSAMLIdPCertificate',
    async (settings, tx) => {
      const existing = await tx.signIn.listIdpCertificates(directoryId);
      if (!existing.some((c) => c.id === certificateId)) {
        throw new DomainError('SAMLCertificateNotFound', 'The identity provider has no certificate with this ID.', { field: 'CertificateId', id: certificateId });
      }
      if (existing.length === 1 && samlIdpFrom(settings)?.ssoStatus === 'Enabled') {
        throw new DomainError('SSOEnabled', 'SSO is enabled and this is the identity provider\'s only certificate: add another one first, or disable SSO.', {
          field: 'CertificateId',
        });
      }
      await tx.signIn.deleteIdpCertificate(directoryId, certificateId);
      return { result: undefined };
    },
    { type: 'saml-idp-certificate', id: certificateId },
  );
}

function readMetadata(encoded: string, binding: BindingType | undefined) {
  // Base64 grows by 4/3; refuse before decoding anything larger than a metadata document can be.
  if (encoded.length > Math.ceil((MAX_METADATA_LENGTH * 4) / 3) + 4 || !/^[A-Za-z0-9+/\s]*={0,2}\s*$/.test(encoded)) {
    throw new DomainError('InvalidParameter', 'EncodedMetadataDocument must be the Base64 encoding of a SAML 2.0 metadata document of at most 256 KiB.', {
      field: 'EncodedMetadataDocument',
    });
  }
  try {
    const m = parseIdpMetadata(Buffer.from(encoded, 'base64').toString('utf8'));
    const chosen: BindingType = binding && m.loginUrls[binding] ? binding : m.loginUrls.Post ? 'Post' : 'Redirect';
    const certificates = m.certificates.slice(0, MAX_IDP_CERTIFICATES).map((c) => certificateOf(c, 'EncodedMetadataDocument'));
    return { entityId: m.entityId, loginUrl: m.loginUrls[chosen] ?? '', bindingType: chosen, certificates };
  } catch (err) {
    if (err instanceof SamlInputError) {
      throw new DomainError('InvalidParameter', `EncodedMetadataDocument: ${err.message}.`, { field: 'EncodedMetadataDocument' });
    }
    throw err;
  }
}

function certificateOf(text: string, field: string): CertificateInfo {
  try {
    return parseCertificate(text);
  } catch (err) {
    if (err instanceof SamlInputError) throw new DomainError('InvalidParameter', `${field}: ${err.message}.`, { field });
    throw err;
  }
}

function checkText(v: string, field: string): void {
  if (v.trim() === '' || v.length > MAX_URL) throw new DomainError('InvalidParameter', `${field} must be 1 to ${MAX_URL} characters.`, { field });
}

function checkUrl(v: string, field: string): void {
  checkText(v, field);
  let url: URL | undefined;
  try {
    url = new URL(v);
  } catch {
    url = undefined;
  }
  if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new DomainError('InvalidParameter', `${field} must be an http or https URL.`, { field });
  }
}
