import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import { SignedXml } from 'xml-crypto';
import { generateSpKeyPair } from '../../src/saml/sp.js';

const xmlenc = createRequire(import.meta.url)('xml-encryption');

/**
 * A SAML identity provider for tests: a key pair generated for the run, Responses built as Entra
 * and Okta shape them, and signed with xml-crypto (the XML-DSig library the Node SAML libraries
 * use) by exclusive canonicalization and RSA-SHA256, signature after the Issuer (as SAML Core
 * §5.4.1 places it). The attack helpers rewrite signed documents the way published attacks do.
 */
export interface TestIdp {
  readonly entityId: string;
  readonly certificatePem: string;
  readonly privateKeyPem: string;
}

export function newTestIdp(entityId = `https://idp.example.test/${randomBytes(4).toString('hex')}`): TestIdp {
  const pair = generateSpKeyPair(`IdP ${entityId}`, Date.now());
  return { entityId, certificatePem: pair.certificatePem, privateKeyPem: pair.privateKeyPem };
}

export interface ResponseParams {
  readonly inResponseTo?: string | undefined;
  readonly nameId: string;
  /** Raw XML inside <saml:NameID> instead of the escaped `nameId` (comment attacks). */
  readonly nameIdXml?: string;
  readonly audience: string;
  readonly recipient: string;
  readonly destination?: string | undefined;
  readonly issuer: string;
  readonly assertionId?: string;
  readonly responseId?: string;
  readonly now?: number;
  /** Seconds the assertion is valid after `now` (default 300). */
  readonly lifetimeSeconds?: number;
  readonly statusCode?: string;
}

export const newId = () => `_${randomBytes(16).toString('hex')}`;
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function assertionXml(p: ResponseParams): string {
  const now = p.now ?? Date.now();
  const until = now + (p.lifetimeSeconds ?? 300) * 1000;
  const irt = p.inResponseTo !== undefined ? ` InResponseTo="${esc(p.inResponseTo)}"` : '';
  return (
    `<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${p.assertionId ?? newId()}" Version="2.0" IssueInstant="${iso(now)}">` +
    `<saml:Issuer>${esc(p.issuer)}</saml:Issuer>` +
    `<saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">${p.nameIdXml ?? esc(p.nameId)}</saml:NameID>` +
    `<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData${irt} NotOnOrAfter="${iso(until)}" Recipient="${esc(p.recipient)}"/></saml:SubjectConfirmation></saml:Subject>` +
    `<saml:Conditions NotBefore="${iso(now - 5000)}" NotOnOrAfter="${iso(until)}"><saml:AudienceRestriction><saml:Audience>${esc(p.audience)}</saml:Audience></saml:AudienceRestriction></saml:Conditions>` +
    `<saml:AuthnStatement AuthnInstant="${iso(now)}" SessionIndex="${newId()}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>` +
    `</saml:Assertion>`
  );
}

export function responseXml(p: ResponseParams, assertion = assertionXml(p)): string {
  const now = p.now ?? Date.now();
  const irt = p.inResponseTo !== undefined ? ` InResponseTo="${esc(p.inResponseTo)}"` : '';
  const dest = p.destination !== undefined ? ` Destination="${esc(p.destination)}"` : '';
  return (
    `<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${p.responseId ?? newId()}" Version="2.0" IssueInstant="${iso(now)}"${dest}${irt}>` +
    `<saml:Issuer>${esc(p.issuer)}</saml:Issuer>` +
    `<samlp:Status><samlp:StatusCode Value="${p.statusCode ?? 'urn:oasis:names:tc:SAML:2.0:status:Success'}"/></samlp:Status>` +
    assertion +
    `</samlp:Response>`
  );
}

/** Signs the element `localName` (its first occurrence) with an enveloped signature placed after its Issuer. */
export function sign(xml: string, idp: Pick<TestIdp, 'privateKeyPem' | 'certificatePem'>, localName: 'Assertion' | 'Response'): string {
  const sig = new SignedXml({
    privateKey: idp.privateKeyPem,
    publicCert: idp.certificatePem,
    signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
    canonicalizationAlgorithm: 'http://www.w3.org/2001/10/xml-exc-c14n#',
  });
  sig.addReference({
    xpath: `(//*[local-name(.)='${localName}'])[1]`,
    digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
    transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'],
  });
  sig.computeSignature(xml, {
    prefix: 'ds',
    location: { reference: `(//*[local-name(.)='${localName}'])[1]/*[local-name(.)='Issuer']`, action: 'after' },
  });
  return sig.getSignedXml();
}

/** A Response as Entra sends it by default: the assertion signed, the Response not. */
export function signedResponse(idp: TestIdp, p: Omit<ResponseParams, 'issuer'> & { issuer?: string }): string {
  const params = { ...p, issuer: p.issuer ?? idp.entityId };
  return responseXml(params, sign(assertionXml(params), idp, 'Assertion'));
}

export const b64 = (xml: string) => Buffer.from(xml, 'utf8').toString('base64');

/**
 * An assertion encrypted to the SP's certificate as IdPs do it (xml-encryption, the library
 * node-saml decrypts with): a random content key, AES (GCM by default) over the assertion, the key
 * wrapped with RSA-OAEP; returned as a `<saml:EncryptedAssertion>` to put in a Response.
 */
export async function encryptAssertion(
  assertion: string,
  spCertificatePem: string,
  algorithm: 'aes256-gcm' | 'aes128-gcm' | 'aes256-cbc' = 'aes256-gcm',
): Promise<string> {
  const uri = algorithm.endsWith('gcm') ? `http://www.w3.org/2009/xmlenc11#${algorithm}` : `http://www.w3.org/2001/04/xmlenc#${algorithm}`;
  const encrypted = await new Promise<string>((resolve, reject) =>
    xmlenc.encrypt(
      assertion,
      {
        rsa_pub: spCertificatePem,
        pem: spCertificatePem,
        encryptionAlgorithm: uri,
        keyEncryptionAlgorithm: 'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
        disallowEncryptionWithInsecureAlgorithm: true,
        warnInsecureAlgorithm: false,
      },
      (err: Error | null, result: string) => (err ? reject(err) : resolve(result)),
    ),
  );
  return `<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">${encrypted}</saml:EncryptedAssertion>`;
}
