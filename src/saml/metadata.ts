import { DOMParser, onWarningStopParsing, type Element } from '@xmldom/xmldom';
import { SamlInputError } from './errors.js';

const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';
export const BINDINGS = {
  Post: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
  Redirect: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect',
} as const;
export type BindingType = keyof typeof BINDINGS;

/** What CloudSSO takes from an IdP's metadata document (SetExternalSAMLIdentityProvider). */
export interface IdpMetadata {
  readonly entityId: string;
  /** SingleSignOnService locations by binding. */
  readonly loginUrls: Partial<Record<BindingType, string>>;
  /** Signing certificates (base64 DER bodies), in document order. */
  readonly certificates: readonly string[];
}

/** Metadata documents are a few KiB; Entra's with two certificates is about 20 KiB. */
export const MAX_METADATA_LENGTH = 256 * 1024;

/**
 * Reads a SAML 2.0 IdP metadata document (an EntityDescriptor with an IDPSSODescriptor, or an
 * EntitiesDescriptor holding one). Entities are not expanded and a DTD is refused, so neither an
 * external entity nor an entity expansion can be smuggled in; any error or warning stops parsing.
 */
export function parseIdpMetadata(xml: string): IdpMetadata {
  if (xml.length > MAX_METADATA_LENGTH) throw new SamlInputError(`the metadata document is longer than ${MAX_METADATA_LENGTH} characters`);
  if (/<!DOCTYPE/i.test(xml)) throw new SamlInputError('the metadata document must not contain a DOCTYPE');
  let doc;
  try {
    doc = new DOMParser({ onError: onWarningStopParsing }).parseFromString(xml, 'text/xml');
  } catch {
    throw new SamlInputError('the metadata document is not well-formed XML');
  }
  const root = doc.documentElement;
  if (!root || root.namespaceURI !== MD) throw new SamlInputError('the metadata document is not SAML 2.0 metadata (no md:EntityDescriptor)');
  const entity = root.localName === 'EntityDescriptor' ? root : children(root, MD, 'EntityDescriptor').find((e) => children(e, MD, 'IDPSSODescriptor').length > 0);
  const idp = entity && children(entity, MD, 'IDPSSODescriptor')[0];
  if (!entity || !idp) throw new SamlInputError('the metadata document describes no identity provider (no md:IDPSSODescriptor)');
  const entityId = entity.getAttribute('entityID')?.trim();
  if (!entityId) throw new SamlInputError('the EntityDescriptor has no entityID');

  const loginUrls: Partial<Record<BindingType, string>> = {};
  for (const sso of children(idp, MD, 'SingleSignOnService')) {
    const binding = sso.getAttribute('Binding');
    const location = sso.getAttribute('Location')?.trim();
    for (const [name, uri] of Object.entries(BINDINGS) as Array<[BindingType, string]>) {
      if (binding === uri && location && loginUrls[name] === undefined) loginUrls[name] = location;
    }
  }
  if (!loginUrls.Post && !loginUrls.Redirect) throw new SamlInputError('the identity provider has no SingleSignOnService with the HTTP-POST or HTTP-Redirect binding');

  const certificates: string[] = [];
  for (const key of children(idp, MD, 'KeyDescriptor')) {
    const use = key.getAttribute('use');
    if (use && use !== 'signing') continue;
    for (const info of children(key, DS, 'KeyInfo')) {
      for (const data of children(info, DS, 'X509Data')) {
        for (const cert of children(data, DS, 'X509Certificate')) {
          const body = (cert.textContent ?? '').replace(/\s+/g, '');
          if (body && !certificates.includes(body)) certificates.push(body);
        }
      }
    }
  }
  if (certificates.length === 0) throw new SamlInputError('the identity provider has no signing certificate (md:KeyDescriptor with ds:X509Certificate)');
  return { entityId, loginUrls, certificates };
}

function children(parent: Element, ns: string, localName: string): Element[] {
  const out: Element[] = [];
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 1) {
      const e = n as Element;
      if (e.namespaceURI === ns && e.localName === localName) out.push(e);
    }
  }
  return out;
}
