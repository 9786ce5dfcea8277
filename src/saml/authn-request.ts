import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import type { BindingType } from './metadata.js';

/** What an SP-initiated sign-in sends to the IdP (SAML 2.0 Profiles §4.1.4.1). */
export interface AuthnRequestInput {
  /** Our SP entity ID: the request's Issuer, and the audience the assertion must name. */
  readonly spEntityId: string;
  readonly acsUrl: string;
  /** The IdP's SingleSignOnService location for `binding`. */
  readonly idpLoginUrl: string;
  readonly binding: BindingType;
  /** The request's ID, chosen (and stored) by the caller so the Response can be matched to it. */
  readonly requestId: string;
  readonly relayState: string;
  /** Sign the request (CloudSSO's WantRequestSigned) with this key, PKCS#8 PEM. */
  readonly signingKeyPem?: string | undefined;
  readonly signingCertificatePem?: string | undefined;
  readonly signatureAlgorithm: 'sha256' | 'sha1';
}

/** HTTP-Redirect: the browser is sent to `url`. HTTP-POST: the browser posts `fields` to `url` (a form the page submits). */
export type AuthnRequestMessage =
  | { readonly binding: 'Redirect'; readonly url: string }
  | { readonly binding: 'Post'; readonly url: string; readonly fields: Readonly<Record<string, string>> };

/**
 * Builds the AuthnRequest with @node-saml/node-saml. HTTP-Redirect (Bindings §3.4): deflated,
 * Base64, and when signing, the query string signed (SigAlg, Signature). HTTP-POST (Bindings
 * §3.5): Base64 of the XML, not deflated, and when signing an enveloped XML signature. No
 * RequestedAuthnContext: Entra refuses a sign-in whose method differs from the one requested.
 */
export async function buildAuthnRequest(input: AuthnRequestInput): Promise<AuthnRequestMessage> {
  const saml = new SAML({
    issuer: input.spEntityId,
    callbackUrl: input.acsUrl,
    entryPoint: input.idpLoginUrl,
    // Not used to build a request, but required by the constructor.
    idpCert: input.signingCertificatePem ?? 'unused',
    generateUniqueId: () => input.requestId,
    // The caller stores the request itself (in the database every node reads).
    validateInResponseTo: ValidateInResponseTo.never,
    identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
    disableRequestedAuthnContext: true,
    skipRequestCompression: input.binding === 'Post',
    signatureAlgorithm: input.signatureAlgorithm,
    ...(input.signingKeyPem ? { privateKey: input.signingKeyPem, publicCert: input.signingCertificatePem } : {}),
  });
  if (input.binding === 'Redirect') {
    return { binding: 'Redirect', url: await saml.getAuthorizeUrlAsync(input.relayState, undefined, {}) };
  }
  const message = await saml.getAuthorizeMessageAsync(input.relayState, undefined, {});
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(message)) if (typeof v === 'string') fields[k] = v;
  return { binding: 'Post', url: input.idpLoginUrl, fields };
}
