/**
 * Evaluation of the SAML libraries considered for the ACS (docs/decisions/0125-saml-sign-in.md):
 * each validates the same Responses, from a test IdP signing with xml-crypto, valid and attacked;
 * the table says which it refuses, which NameID it reads, and how long a valid one takes.
 * Run: node --import tsx bench/saml-libraries.ts
 */
import { performance } from 'node:perf_hooks';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import * as samlify from 'samlify';
import { validateSamlResponse } from '../src/saml/response.js';
import { assertionXml, b64, newId, newTestIdp, responseXml, sign, signedResponse, type ResponseParams } from '../test/support/saml-idp.js';

const SP = 'https://sso.example.test/saml/sp/d-bench';
const ACS = 'https://sso.example.test/saml/acs/00000000-0000-4000-8000-000000000000';
const idp = newTestIdp('https://idp.example.test/bench');
const stranger = newTestIdp(idp.entityId);
const REQ = newId();
const p = (over: Partial<ResponseParams> = {}): ResponseParams => ({ inResponseTo: REQ, nameId: 'alice@example.com', audience: SP, recipient: ACS, destination: ACS, issuer: idp.entityId, ...over });
const good = (over: Partial<ResponseParams> = {}) => signedResponse(idp, p(over));

const wrapped = (() => {
  const id = newId();
  const signed = sign(assertionXml(p({ assertionId: id })), idp, 'Assertion');
  return responseXml(p(), assertionXml(p({ assertionId: id, nameId: 'admin@example.com' })).replace('</saml:Subject>', `</saml:Subject>${signed}`));
})();
const inObject = (() => {
  const signed = sign(assertionXml(p()), idp, 'Assertion');
  const sig = /<ds:Signature[\s\S]*<\/ds:Signature>/.exec(signed)![0];
  const moved = sig.replace('</ds:Signature>', `<ds:Object>${signed.replace(sig, '')}</ds:Object></ds:Signature>`);
  return responseXml(p(), assertionXml(p({ nameId: 'admin@example.com' })).replace('</saml:Issuer>', `</saml:Issuer>${moved}`));
})();

const CASES: Array<[string, string, boolean]> = [
  ['valid: assertion signed (Entra default)', good(), true],
  ['valid: Response and assertion signed (Okta)', sign(responseXml(p(), sign(assertionXml(p()), idp, 'Assertion')), idp, 'Response'), true],
  ['unsigned', responseXml(p()), false],
  ['signed Response, unsigned assertion', sign(responseXml(p({ nameId: 'admin@example.com' })), idp, 'Response'), false],
  ['certificate not configured', signedResponse(stranger, p()), false],
  ['changed after signing', good().replace('alice@example.com', 'admin@example.com'), false],
  ['XSW: forged assertion first', good().replace('<saml:Assertion ', `${assertionXml(p({ nameId: 'admin@example.com' }))}<saml:Assertion `), false],
  ['XSW: forged assertion last', good().replace('</samlp:Response>', `${assertionXml(p({ nameId: 'admin@example.com' }))}</samlp:Response>`), false],
  ['XSW: signed one inside forged (same ID)', wrapped, false],
  ['XSW: signed one in ds:Object', inObject, false],
  ['comment in NameID', good({ nameId: 'admin@example.com.evil.test' }).replace('admin@example.com.evil.test', 'admin@example.com<!---->.evil.test'), false],
  ['wrong audience', good({ audience: 'https://other.example.test' }), false],
  ['wrong Recipient', good({ recipient: 'https://evil.example.test/acs' }), false],
  ['wrong Destination', good({ destination: 'https://evil.example.test/acs' }), false],
  ['expired', good({ now: Date.now() - 3600_000 }), false],
  ['DOCTYPE with external entity', `<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>${good().replace('alice@example.com', 'alice@example.com&x;')}`, false],
];

type Outcome = { accepted: boolean; nameId?: string; error?: string };

const nodeSaml = new SAML({
  issuer: SP,
  audience: SP,
  callbackUrl: ACS,
  idpCert: idp.certificatePem,
  wantAssertionsSigned: true,
  wantAuthnResponseSigned: false,
  acceptedClockSkewMs: 60_000,
  validateInResponseTo: ValidateInResponseTo.never,
});
async function viaNodeSaml(xml: string): Promise<Outcome> {
  try {
    const r = await nodeSaml.validatePostResponseAsync({ SAMLResponse: b64(xml) });
    return { accepted: true, nameId: r.profile?.nameID ?? '' };
  } catch (e) {
    return { accepted: false, error: (e as Error).message.slice(0, 60) };
  }
}

// samlify insists on a schema validator (a Java, native or WebAssembly xmllint package); the
// evaluation passes every document through to compare the rest of its checks.
samlify.setSchemaValidator({ validate: async () => 'skipped' });
const samlifySp = samlify.ServiceProvider({
  entityID: SP,
  assertionConsumerService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: ACS }],
  wantAssertionsSigned: true,
});
const samlifyIdp = samlify.IdentityProvider({
  entityID: idp.entityId,
  signingCert: idp.certificatePem,
  singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: 'https://idp.example.test/sso' }],
});
async function viaSamlify(xml: string): Promise<Outcome> {
  try {
    const r = await samlifySp.parseLoginResponse(samlifyIdp, 'post', { body: { SAMLResponse: b64(xml) } } as never);
    return { accepted: true, nameId: String(r.extract?.nameID ?? '') };
  } catch (e) {
    return { accepted: false, error: String((e as Error).message ?? e).slice(0, 60) };
  }
}

async function viaOurs(xml: string): Promise<Outcome> {
  try {
    const r = await validateSamlResponse(
      { samlResponse: b64(xml), spEntityId: SP, acsUrl: ACS, idpEntityId: idp.entityId, idpCertificates: [idp.certificatePem], issuedRequest: async (id) => (id === REQ ? Date.now() : undefined), requestLifetimeMs: 600_000 },
      Date.now(),
    );
    return { accepted: true, nameId: r.nameId };
  } catch (e) {
    return { accepted: false, error: (e as Error).message.slice(0, 60) };
  }
}

const LIBS: Array<[string, (xml: string) => Promise<Outcome>]> = [
  ['@node-saml/node-saml 5.1.0 alone', viaNodeSaml],
  ['samlify 2.13.1', viaSamlify],
  ['node-saml + our checks (src/saml/response.ts)', viaOurs],
];

for (const [lib, run] of LIBS) {
  console.log(`\n## ${lib}`);
  let wrong = 0;
  for (const [name, xml, shouldAccept] of CASES) {
    const o = await run(xml);
    const ok = o.accepted === shouldAccept && (!o.accepted || o.nameId === 'alice@example.com');
    if (!ok) wrong++;
    console.log(`${ok ? 'ok  ' : 'MISS'} ${name.padEnd(42)} ${o.accepted ? `accepted, NameID ${o.nameId}` : `refused: ${o.error}`}`);
  }
  const xml = CASES[0]![1];
  for (let i = 0; i < 20; i++) await run(xml);
  const n = 200;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await run(xml);
  console.log(`${wrong} of ${CASES.length} wrong; ${((performance.now() - t0) / n).toFixed(2)} ms per valid Response (${n} runs)`);
}
