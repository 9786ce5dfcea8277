import { createVerify } from 'node:crypto';
import { stringify } from 'node:querystring';
import * as samlify from 'samlify';
import { DOMParser } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPortalSession } from '../../src/core/sign-in/sessions.js';
import type { ApiClient } from '../support/clients.js';
import { client, coreOf, startManagementServer, storeOf } from '../support/management.js';
import { b64, newId, newTestIdp, signedResponse } from '../support/saml-idp.js';
import { PUBLIC_URL, postToAcs, samlDirectory, sessionCookieOf, startInBrowser, type SamlDirectory } from '../support/saml-portal.js';
import { DIALECTS, type TestServer } from '../support/server.js';

/**
 * SP-initiated SAML sign-in over real HTTP (issue 12; docs/decisions/0125-saml-sign-in.md): the
 * portal's start sends the browser to the IdP with an AuthnRequest (Redirect or POST binding,
 * signed when WantRequestSigned), a real IdP implementation answers (samlify's IdentityProvider,
 * or xml-crypto signing as Entra does), the ACS validates and starts a portal session. IdPs are
 * configured from Entra's and Okta's metadata documents through SetExternalSAMLIdentityProvider.
 */
describe.each(DIALECTS)('SAML sign-in on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    node = await startManagementServer(dialect, { CLOUDSSO_PUBLIC_URL: PUBLIC_URL });
    api = client(node);
  });
  afterAll(() => node?.close());

  const signInEvents = async (directoryId: string) =>
    (await storeOf(node).audit.list(directoryId, 100)).filter((e) => e.action === 'PortalSignIn').map((e) => e.errorCode ?? 'ok');

  async function expectSignedIn(res: Response, dir: SamlDirectory, userName: string) {
    expect(res.status, await res.clone().text()).toBe(303);
    expect(res.headers.get('location')).toBe(`/portal/${encodeURIComponent(dir.directoryName)}`);
    const token = sessionCookieOf(res);
    expect(token).toBeDefined();
    const session = await readPortalSession(coreOf(node), token);
    expect(session).toMatchObject({ directoryId: dir.directoryId, userName, authMethod: 'saml', stage: 'active' });
    // The session cookie is Secure on an https portal; the binding cookie is cleared.
    expect(res.headers.getSetCookie().find((c) => c.startsWith('cloudsso_portal_session='))).toMatch(/HttpOnly; SameSite=Lax; Secure/);
    expect(res.headers.getSetCookie().find((c) => c.startsWith('cloudsso_saml_request='))).toMatch(/Max-Age=0/);
  }

  it('Entra metadata, HTTP-Redirect binding, signed AuthnRequest: a full round trip', async () => {
    const dir = await samlDirectory(api, { metadata: 'entra', binding: 'Redirect', wantRequestSigned: true });
    expect(dir.acsUrl).toMatch(new RegExp(`^${PUBLIC_URL}/saml/acs/[0-9a-f-]{36}$`));
    expect(dir.spEntityId).toBe(`${PUBLIC_URL}/saml/sp/${dir.directoryId}`);

    // The portal's sign-in page offers no password form, only the way to the IdP.
    const portal = await (await fetch(`${node.url}/portal/${dir.directoryName}/login`)).text();
    expect(portal).toContain(`href="/portal/${dir.directoryName}/saml/login"`);
    expect(portal).not.toContain('type="password"');

    const started = await startInBrowser(node, dir.directoryName);
    expect(started.binding).toBe('Redirect');
    expect(started.idpUrl.startsWith('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2?')).toBe(true);
    // The request names our entity ID and the ACS URL GetDirectorySAMLServiceProviderInfo reports.
    const request = new DOMParser().parseFromString(started.requestXml, 'text/xml').documentElement!;
    expect(request.getAttribute('AssertionConsumerServiceURL')).toBe(dir.acsUrl);
    expect(request.getAttribute('Destination')).toBe('https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47/saml2');
    expect(request.getElementsByTagNameNS('urn:oasis:names:tc:SAML:2.0:assertion', 'Issuer').item(0)!.textContent).toBe(dir.spEntityId);
    // Bindings §3.4.4.1: the signature covers SAMLRequest, RelayState and SigAlg, verified with the SP certificate of the metadata.
    expect(started.params['SigAlg']).toBe('http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
    const signed = stringify({ SAMLRequest: started.params['SAMLRequest'], RelayState: started.relayState, SigAlg: started.params['SigAlg'] });
    expect(createVerify('RSA-SHA256').update(signed).verify(dir.spCertificatePem, started.params['Signature']!, 'base64')).toBe(true);
    expect(Buffer.byteLength(started.relayState)).toBeLessThanOrEqual(80);
    // The binding cookie rides the IdP's cross-site POST: SameSite=None, hence Secure.
    const setCookie = (await fetch(`${node.url}/portal/${dir.directoryName}/saml/login`, { redirect: 'manual' })).headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/Path=\/saml\/acs\/; Max-Age=600; HttpOnly; SameSite=None; Secure/);

    const xml = signedResponse(dir.idp, { inResponseTo: started.requestId, nameId: 'alice@example.com', audience: dir.spEntityId, recipient: dir.acsUrl, destination: dir.acsUrl });
    const res = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(xml), RelayState: started.relayState }, started.cookie);
    await expectSignedIn(res, dir, 'alice@example.com');

    // One-time: the same Response again is refused (its request is answered), and audited.
    const again = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(xml), RelayState: started.relayState }, started.cookie);
    expect(again.status).toBe(403);
    expect(await again.text()).toContain('completed or expired already');
    expect(await signInEvents(dir.directoryId)).toEqual(['SAMLSignIn.InResponseTo', 'ok']);
  });

  it('comes back to the device page after the SAML round trip, and offers an SSO user no portal MFA device', async () => {
    const dir = await samlDirectory(api, { metadata: 'entra', binding: 'Redirect' });
    const portal = `/portal/${dir.directoryName}`;
    // Signed out, the device approval page sends to sign-in and keeps where it was (docs/decisions/0161).
    const device = await fetch(`${node.url}${portal}/device?user_code=bcdfghjk`, { redirect: 'manual' });
    expect(device.status).toBe(303);
    const back = `${portal}/device?user_code=BCDF-GHJK`;
    expect(device.headers.get('location')).toBe(`${portal}/login?next=${encodeURIComponent(back)}`);
    const next = device.headers.getSetCookie().find((c) => c.startsWith('cloudsso_portal_next='))!;
    expect(next).toMatch(/Max-Age=900; HttpOnly; SameSite=Lax; Secure/);
    const nextCookie = next.split(';')[0]!;

    const started = await startInBrowser(node, dir.directoryName);
    const xml = signedResponse(dir.idp, { inResponseTo: started.requestId, nameId: 'alice@example.com', audience: dir.spEntityId, recipient: dir.acsUrl, destination: dir.acsUrl });
    const res = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(xml), RelayState: started.relayState }, started.cookie);
    await expectSignedIn(res, dir, 'alice@example.com');
    const session = `cloudsso_portal_session=${sessionCookieOf(res)}`;
    // The landing page the ACS sends to takes the kept path once.
    const landing = await fetch(`${node.url}${portal}`, { redirect: 'manual', headers: { cookie: `${session}; ${nextCookie}` } });
    expect(landing.status).toBe(303);
    expect(landing.headers.get('location')).toBe(back);
    expect(landing.headers.getSetCookie().find((c) => c.startsWith('cloudsso_portal_next='))).toMatch(/Max-Age=0/);
    const approval = await fetch(`${node.url}${back}`, { headers: { cookie: session } });
    expect(approval.status).toBe(200);
    expect(await approval.text()).toContain('value="BCDF-GHJK"');

    // SSO users have no portal MFA: no "Add a device", and the page says why.
    const home = await (await fetch(`${node.url}${portal}`, { headers: { cookie: session } })).text();
    expect(home).toContain('Welcome');
    expect(home).not.toContain('Add a device');
    const add = await fetch(`${node.url}${portal}/mfa/add`, { redirect: 'manual', headers: { cookie: session } });
    expect(add.status).toBe(403);
    expect(await add.text()).toContain('identity provider');
    expect((await fetch(`${node.url}${portal}/mfa/bind`, { redirect: 'manual', headers: { cookie: session } })).headers.get('location')).toBe(`${portal}/mfa/add`);
  });

  it('Okta metadata, HTTP-POST binding: samlify\'s IdentityProvider answers from our SP metadata', async () => {
    const dir = await samlDirectory(api, { metadata: 'okta', binding: 'Post' });
    const started = await startInBrowser(node, dir.directoryName);
    expect(started.binding).toBe('Post');
    expect(started.idpUrl).toBe('https://integrator-5531870.okta.com/app/integrator-5531870_opencloudsso_1/exkb4mz8tqWYVaJP25d7/sso/saml');
    expect(started.params['Signature']).toBeUndefined();
    expect(started.requestXml).not.toContain('<ds:Signature');

    // The IdP knows us only from the metadata document GetDirectorySAMLServiceProviderInfo returns.
    samlify.setSchemaValidator({ validate: async () => 'skipped' });
    const spInfo = (await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId: dir.directoryId })).SAMLServiceProvider;
    const sp = samlify.ServiceProvider({ metadata: Buffer.from(spInfo.EncodedMetadataDocument as string, 'base64').toString('utf8') });
    const idp = samlify.IdentityProvider({
      entityID: dir.idp.entityId,
      privateKey: dir.idp.privateKeyPem,
      signingCert: dir.idp.certificatePem,
      singleSignOnService: [{ Binding: 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', Location: started.idpUrl }],
      nameIDFormat: ['urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress'],
    });
    const parsed = await idp.parseLoginRequest(sp, 'post', { body: started.params } as never);
    expect(parsed.extract.request?.id).toBe(started.requestId);
    const answer = (await idp.createLoginResponse(sp, { extract: parsed.extract }, 'post', { email: 'Alice@Example.com' }, { relayState: started.relayState })) as { context: string; entityEndpoint: string };
    expect(answer.entityEndpoint).toBe(dir.acsUrl);
    const res = await postToAcs(node, answer.entityEndpoint, { SAMLResponse: answer.context, RelayState: started.relayState }, started.cookie);
    // UserNames are unique case-insensitively; the NameID matches in any case.
    await expectSignedIn(res, dir, 'alice@example.com');
  });

  it('a replayed assertion ID is refused even inside a Response to a fresh request', async () => {
    const dir = await samlDirectory(api, { metadata: 'okta', binding: 'Redirect' });
    const assertionId = newId();
    const first = await startInBrowser(node, dir.directoryName);
    const p = { nameId: 'alice@example.com', audience: dir.spEntityId, recipient: dir.acsUrl, destination: dir.acsUrl, assertionId };
    const ok = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(signedResponse(dir.idp, { ...p, inResponseTo: first.requestId })), RelayState: first.relayState }, first.cookie);
    expect(ok.status).toBe(303);
    const second = await startInBrowser(node, dir.directoryName);
    const replay = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(signedResponse(dir.idp, { ...p, inResponseTo: second.requestId })), RelayState: second.relayState }, second.cookie);
    expect(replay.status).toBe(403);
    expect(await replay.text()).toContain('used already');
    expect(await signInEvents(dir.directoryId)).toEqual(['SAMLSignIn.Replay', 'ok']);
  });

  it('either configured certificate verifies (rotation); one sign-in per Response, also across nodes (PostgreSQL)', async () => {
    const old = newTestIdp();
    const dir = await samlDirectory(api, { metadata: 'entra', secondIdpKey: old });
    const certs = (await api.call('ListExternalSAMLIdPCertificates', { DirectoryId: dir.directoryId })).SAMLIdPCertificates as unknown[];
    expect(certs).toHaveLength(2);
    const started = await startInBrowser(node, dir.directoryName);
    const p = { inResponseTo: started.requestId, nameId: 'alice@example.com', audience: dir.spEntityId, recipient: dir.acsUrl, destination: dir.acsUrl };
    // Signed with the key of the first certificate (the IdP's entity ID is the configured one).
    const xml = signedResponse({ ...old, entityId: dir.idp.entityId }, p);
    const post = (n: TestServer) => postToAcs(n, dir.acsUrl, { SAMLResponse: b64(xml), RelayState: started.relayState }, started.cookie);
    if (dialect !== 'postgres') {
      // The same Response twice at once: one DELETE of the request wins.
      const both = await Promise.all([post(node), post(node)]);
      expect(both.map((r) => r.status).sort()).toEqual([303, 403]);
      await expectSignedIn(both.find((r) => r.status === 303)!, dir, 'alice@example.com');
      return;
    }
    const { startTestServer } = await import('../support/server.js');
    const other = await startTestServer('postgres', { sameDatabaseAs: node, env: { CLOUDSSO_PUBLIC_URL: PUBLIC_URL, CLOUDSSO_MAX_DIRECTORIES: '1000' } });
    try {
      // Started on one node, answered on the other; the same Response to both nodes at once signs in once.
      const both = await Promise.all([post(other), post(node)]);
      expect(both.map((r) => r.status).sort()).toEqual([303, 403]);
      await expectSignedIn(both.find((r) => r.status === 303)!, dir, 'alice@example.com');
    } finally {
      await other.close();
    }
  });
});
