import { describe, expect, it } from 'vitest';
import { SamlResponseError, validateSamlResponse, type ResponseCheck } from '../../../src/saml/response.js';
import { assertionXml, b64, newId, newTestIdp, responseXml, sign, signedResponse, type ResponseParams } from '../../support/saml-idp.js';

/**
 * The Response checks on their own (no database): a Response signed by a test IdP, and the
 * classic attacks on SAML service providers, each refused with its reason.
 */
const SP = 'https://sso.example.test/saml/sp/d-abc';
const ACS = 'https://sso.example.test/saml/acs/0f9d1c1e-1111-2222-3333-444455556666';
const idp = newTestIdp();
const other = newTestIdp(idp.entityId);
const REQUEST = newId();

const check = (samlResponse: string, certs: readonly string[] = [idp.certificatePem]): ResponseCheck => ({
  samlResponse,
  spEntityId: SP,
  acsUrl: ACS,
  idpEntityId: idp.entityId,
  idpCertificates: certs,
  issuedRequest: async (id) => (id === REQUEST ? Date.now() - 1000 : undefined),
  requestLifetimeMs: 600_000,
});
const params = (over: Partial<ResponseParams> = {}): ResponseParams => ({
  inResponseTo: REQUEST,
  nameId: 'alice@example.com',
  audience: SP,
  recipient: ACS,
  destination: ACS,
  issuer: idp.entityId,
  ...over,
});
const good = (over: Partial<ResponseParams> = {}) => signedResponse(idp, params(over));

async function refused(xml: string, reason: SamlResponseError['reason'], certs?: readonly string[]) {
  const err = await validateSamlResponse(check(b64(xml), certs), Date.now()).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, 'the Response must be refused').toBeInstanceOf(SamlResponseError);
  expect((err as SamlResponseError).reason, (err as Error).message).toBe(reason);
}

describe('SAML Response validation', () => {
  it('accepts a Response whose assertion is signed, and reads the signed values', async () => {
    const assertionId = newId();
    const v = await validateSamlResponse(check(b64(good({ assertionId }))), Date.now());
    expect(v).toMatchObject({ inResponseTo: REQUEST, assertionId, nameId: 'alice@example.com' });
    expect(v.usableUntil).toBeGreaterThan(Date.now() + 300_000);
  });

  it('accepts a Response signed as a whole over a signed assertion (Okta), and either configured certificate', async () => {
    const p = params();
    const both = sign(responseXml(p, sign(assertionXml(p), idp, 'Assertion')), idp, 'Response');
    await expect(validateSamlResponse(check(b64(both), [other.certificatePem, idp.certificatePem]), Date.now())).resolves.toMatchObject({ nameId: 'alice@example.com' });
  });

  it('refuses an unsigned Response and assertion, and a signed Response around an unsigned assertion', async () => {
    await refused(responseXml(params()), 'Signature');
    await refused(sign(responseXml(params()), idp, 'Response'), 'Signature');
  });

  it('refuses a signature by a certificate that is not configured (even one carried in KeyInfo)', async () => {
    await refused(signedResponse(other, params()), 'Signature');
  });

  it('refuses an assertion changed after signing', async () => {
    await refused(good().replace('alice@example.com', 'admin@example.com'), 'Signature');
  });

  it('XSW: a forged assertion beside the signed one (before or after it)', async () => {
    const signed = good();
    const forged = assertionXml(params({ nameId: 'admin@example.com' }));
    await refused(signed.replace('<saml:Assertion ', `${forged}<saml:Assertion `), 'Signature');
    await refused(signed.replace('</samlp:Response>', `${forged}</samlp:Response>`), 'Signature');
  });

  it('XSW: the signed assertion wrapped inside a forged one with the same ID', async () => {
    const id = newId();
    const signedAssertion = sign(assertionXml(params({ assertionId: id })), idp, 'Assertion');
    const forged = assertionXml(params({ assertionId: id, nameId: 'admin@example.com' }));
    // Inside the forged assertion's Subject (XSW3/4 family) ...
    await refused(responseXml(params(), forged.replace('</saml:Subject>', `</saml:Subject>${signedAssertion}`)), 'Signature');
    // ... and inside the forged Response's Extensions, the forged assertion the only direct child.
    await refused(
      responseXml(params(), forged).replace('<samlp:Status>', `<samlp:Extensions>${signedAssertion}</samlp:Extensions><samlp:Status>`),
      'Signature',
    );
  });

  it('XSW: the signature moved into a forged assertion, the signed one hidden in ds:Object', async () => {
    const id = newId();
    const signedAssertion = sign(assertionXml(params({ assertionId: id })), idp, 'Assertion');
    const signature = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signedAssertion)![0];
    const withObject = signature.replace('</ds:Signature>', `<ds:Object>${signedAssertion.replace(signature, '')}</ds:Object></ds:Signature>`);
    const forged = assertionXml(params({ assertionId: newId(), nameId: 'admin@example.com' })).replace('</saml:Issuer>', `</saml:Issuer>${withObject}`);
    await refused(responseXml(params(), forged), 'Signature');
  });

  it('refuses a signature over a different element (the Response\'s Extensions) placed in the assertion', async () => {
    const ext = `<samlp:Extensions ID="${newId()}"><saml:Issuer>${idp.entityId}</saml:Issuer></samlp:Extensions>`;
    const doc = responseXml(params()).replace('<samlp:Status>', `${ext}<samlp:Status>`);
    const sig = new (await import('xml-crypto')).SignedXml({ privateKey: idp.privateKeyPem, publicCert: idp.certificatePem });
    sig.signatureAlgorithm = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
    sig.canonicalizationAlgorithm = 'http://www.w3.org/2001/10/xml-exc-c14n#';
    sig.addReference({
      xpath: "//*[local-name(.)='Extensions']",
      digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256',
      transforms: ['http://www.w3.org/2001/10/xml-exc-c14n#'],
    });
    sig.computeSignature(doc, { prefix: 'ds', location: { reference: "//*[local-name(.)='Assertion']/*[local-name(.)='Issuer']", action: 'after' } });
    await refused(sig.getSignedXml(), 'Signature');
  });

  it('refuses a comment in the NameID (admin@example.com<!---->.evil.test keeps its signature)', async () => {
    const signed = good({ nameId: 'admin@example.com.evil.test' });
    const tampered = signed.replace('admin@example.com.evil.test', 'admin@example.com<!---->.evil.test');
    await refused(tampered, 'NameID');
  });

  it('refuses the wrong audience, recipient, destination and issuer', async () => {
    await refused(good({ audience: 'https://other-sp.example.test' }), 'Audience');
    await refused(good({ recipient: 'https://evil.example.test/acs' }), 'Recipient');
    await refused(good({ destination: 'https://evil.example.test/acs' }), 'Recipient');
    await refused(good({ issuer: 'https://evil-idp.example.test' }), 'Issuer');
  });

  it('refuses an expired assertion and one not yet valid, beyond the 60 s skew', async () => {
    await refused(good({ now: Date.now() - 600_000, lifetimeSeconds: 300 }), 'Expired');
    await refused(good({ now: Date.now() + 600_000 }), 'Expired');
    // Within the skew: accepted.
    await expect(validateSamlResponse(check(b64(good({ now: Date.now() - 320_000, lifetimeSeconds: 300 }))), Date.now())).resolves.toBeDefined();
  });

  it('refuses an unknown InResponseTo, and IdP-initiated (unsolicited) Responses', async () => {
    await refused(good({ inResponseTo: newId() }), 'InResponseTo');
    await refused(good({ inResponseTo: undefined }), 'InResponseTo');
    // The unsigned Response names our request, the signed assertion another one.
    const p = params({ inResponseTo: newId() });
    await refused(responseXml({ ...p, inResponseTo: REQUEST }, sign(assertionXml(p), idp, 'Assertion')), 'InResponseTo');
  });

  it('refuses a DOCTYPE (XXE, entity expansion), non-Base64, oversized and non-SAML documents before parsing', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${good().replace('alice@example.com', '&x;')}`;
    await refused(xxe, 'Malformed');
    const bomb = `<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>${good()}`;
    await refused(bomb, 'Malformed');
    await expect(validateSamlResponse(check('%%% not base64'), Date.now())).rejects.toMatchObject({ reason: 'Malformed' });
    await expect(validateSamlResponse(check('A'.repeat(300 * 1024)), Date.now())).rejects.toMatchObject({ reason: 'Malformed' });
    await refused('<html/>', 'Malformed');
    await refused('<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol"', 'Malformed');
  });

  it('reports an IdP error status', async () => {
    await refused(responseXml(params({ statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Requester' }), ''), 'IdPStatus');
  });
});
