import { createVerify } from 'node:crypto';
import { stringify } from 'node:querystring';
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { describe, expect, it } from 'vitest';
import { buildAuthnRequest, type AuthnRequestInput } from '../../../src/saml/authn-request.js';
import { generateSpKeyPair } from '../../../src/saml/sp.js';

/** The AuthnRequest in both bindings (SAML Bindings §3.4, §3.5), signed and unsigned. */
const sp = generateSpKeyPair('Open CloudSSO SAML SP d-test', Date.now());
const input = (over: Partial<AuthnRequestInput> = {}): AuthnRequestInput => ({
  spEntityId: 'https://sso.example.test/saml/sp/d-test',
  acsUrl: 'https://sso.example.test/saml/acs/0f9d1c1e-1111-2222-3333-444455556666',
  idpLoginUrl: 'https://login.example.test/saml2?tenant=1',
  binding: 'Redirect',
  requestId: '_0123456789abcdef0123456789abcdef01234567',
  relayState: 'opaque-relay-state',
  signatureAlgorithm: 'sha256',
  ...over,
});

function readRequest(xml: string) {
  const e = new DOMParser().parseFromString(xml, 'text/xml').documentElement!;
  return {
    e,
    id: e.getAttribute('ID'),
    destination: e.getAttribute('Destination'),
    acs: e.getAttribute('AssertionConsumerServiceURL'),
    binding: e.getAttribute('ProtocolBinding'),
    issuer: e.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer').item(0)?.textContent,
  };
}

describe('AuthnRequest', () => {
  it('HTTP-Redirect, unsigned: deflated in the query beside the IdP URL\'s own parameters', async () => {
    const m = await buildAuthnRequest(input());
    expect(m.binding).toBe('Redirect');
    const url = new URL(m.binding === 'Redirect' ? m.url : '');
    expect(url.origin + url.pathname).toBe('https://login.example.test/saml2');
    expect(url.searchParams.get('tenant')).toBe('1');
    expect(url.searchParams.get('RelayState')).toBe('opaque-relay-state');
    expect(url.searchParams.has('Signature')).toBe(false);
    const xml = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest')!, 'base64')).toString('utf8');
    expect(readRequest(xml)).toMatchObject({
      id: '_0123456789abcdef0123456789abcdef01234567',
      destination: 'https://login.example.test/saml2?tenant=1',
      acs: input().acsUrl,
      binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
      issuer: input().spEntityId,
    });
    expect(xml).not.toContain('RequestedAuthnContext');
    expect(xml).toContain('Format="urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"');
  });

  it('HTTP-Redirect, signed with RSA-SHA1 when AuthnSignAlgo says so', async () => {
    const m = await buildAuthnRequest(input({ signingKeyPem: sp.privateKeyPem, signingCertificatePem: sp.certificatePem, signatureAlgorithm: 'sha1' }));
    const q = new URL(m.binding === 'Redirect' ? m.url : '').searchParams;
    expect(q.get('SigAlg')).toBe('http://www.w3.org/2000/09/xmldsig#rsa-sha1');
    const signed = stringify({ SAMLRequest: q.get('SAMLRequest'), RelayState: q.get('RelayState'), SigAlg: q.get('SigAlg') });
    expect(createVerify('RSA-SHA1').update(signed).verify(sp.certificatePem, q.get('Signature')!, 'base64')).toBe(true);
    expect(createVerify('RSA-SHA1').update(signed.replace('opaque', 'other')).verify(sp.certificatePem, q.get('Signature')!, 'base64')).toBe(false);
  });

  it('HTTP-POST, signed: Base64 of the XML (not deflated) with an enveloped signature over the request', async () => {
    const m = await buildAuthnRequest(input({ binding: 'Post', signingKeyPem: sp.privateKeyPem, signingCertificatePem: sp.certificatePem }));
    expect(m.binding).toBe('Post');
    if (m.binding !== 'Post') return;
    expect(m.url).toBe('https://login.example.test/saml2?tenant=1');
    expect(m.fields['RelayState']).toBe('opaque-relay-state');
    const xml = Buffer.from(m.fields['SAMLRequest']!, 'base64').toString('utf8');
    const { e, id } = readRequest(xml);
    expect(id).toBe('_0123456789abcdef0123456789abcdef01234567');
    const signature = e.getElementsByTagNameNS('http://www.w3.org/2000/09/xmldsig#', 'Signature').item(0)!;
    const verifier = new SignedXml({ publicCert: sp.certificatePem });
    verifier.loadSignature(signature.toString());
    expect(verifier.checkSignature(xml)).toBe(true);
    expect(verifier.getSignedReferences()[0]).toContain(input().acsUrl);
  });

  it('HTTP-POST, unsigned: no signature at all', async () => {
    const m = await buildAuthnRequest(input({ binding: 'Post' }));
    const xml = Buffer.from(m.binding === 'Post' ? m.fields['SAMLRequest']! : '', 'base64').toString('utf8');
    expect(xml).toContain('<samlp:AuthnRequest');
    expect(xml).not.toContain('Signature');
  });
});
