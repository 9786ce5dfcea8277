import { DomainError } from '../errors.js';
import type { NamePage, SamlProvider } from '../ports/ram.js';
import { MAX_ITEMS } from './users.js';
import { checkLength, ramAudit, type RamProvenance, type RamScope } from './common.js';

/**
 * SAML identity providers for role-based SSO (CreateSAMLProvider and friends, IMS 2019-08-15 in
 * Alibaba, served here with RAM; docs/decisions/0061-ram-roles-and-saml-providers.md). The
 * metadata is kept as the Base64 text given; it must decode to an XML document.
 */
const NAME = /^(?=.{1,128}$)[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const METADATA_MAX = 100_000;

export function samlProviderArn(accountId: string, name: string): string {
  return `acs:ram::${accountId}:saml-provider/${name}`;
}

export function checkSamlProvider(name: string, metadata: string, description: string | null | undefined): void {
  if (!NAME.test(name)) {
    throw new DomainError(
      'InvalidParameter',
      'SAMLProviderName must be 1 to 128 characters: letters, digits, periods (.), hyphens (-) and underscores (_), not starting or ending with one of the last three.',
      { field: 'SAMLProviderName' },
    );
  }
  const decoded = /^[A-Za-z0-9+/\r\n]+={0,2}$/.test(metadata) && metadata.length <= METADATA_MAX ? Buffer.from(metadata, 'base64').toString('utf8') : '';
  if (!decoded.trimStart().startsWith('<')) {
    throw new DomainError('InvalidParameter', 'EncodedSAMLMetadataDocument must be the Base64 encoding of the IdP SAML metadata XML.', {
      field: 'EncodedSAMLMetadataDocument',
    });
  }
  checkLength('Description', description, 256);
}

export async function createSamlProvider(
  ctx: RamScope,
  input: { name: string; metadata: string; description?: string | null },
  p: RamProvenance,
): Promise<SamlProvider> {
  checkSamlProvider(input.name, input.metadata, input.description);
  const now = ctx.clock.now();
  const provider: SamlProvider = {
    accountId: ctx.accountId,
    name: input.name,
    description: input.description || null,
    metadata: input.metadata,
    createTime: now,
    updateTime: now,
  };
  await ctx.store.transaction(async (tx) => {
    await tx.ram.insertSamlProvider(provider);
    await ramAudit(tx, ctx, p, 'CreateSAMLProvider', 'saml-provider', provider.name);
  });
  return provider;
}

export async function getSamlProvider(ctx: RamScope, name: string): Promise<SamlProvider> {
  const provider = await ctx.store.ram.getSamlProvider(ctx.accountId, name);
  if (!provider) throw new DomainError('SamlProviderNotFound', `The SAML provider "${name}" does not exist.`, { field: 'SAMLProviderName' });
  return provider;
}

export async function listSamlProviders(ctx: RamScope, marker: string | undefined, maxItems: number | undefined): Promise<NamePage<SamlProvider>> {
  return ctx.store.ram.listSamlProviders(ctx.accountId, marker || undefined, maxItems ?? MAX_ITEMS.default);
}

export async function deleteSamlProvider(ctx: RamScope, name: string, p: RamProvenance): Promise<void> {
  const provider = await getSamlProvider(ctx, name);
  await ctx.store.transaction(async (tx) => {
    await tx.ram.deleteSamlProvider(ctx.accountId, provider.name);
    await ramAudit(tx, ctx, p, 'DeleteSAMLProvider', 'saml-provider', provider.name);
  });
}
