import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPortalSession } from '../../src/core/sign-in/sessions.js';
import type { ApiClient } from '../support/clients.js';
import { client, coreOf, startManagementServer, storeOf } from '../support/management.js';
import { assertionXml, b64, newId, newTestIdp, responseXml, sign, signedResponse, type ResponseParams } from '../support/saml-idp.js';
import { PUBLIC_URL, postToAcs, samlDirectory, sessionCookieOf, startInBrowser, type SamlDirectory, type StartedInBrowser } from '../support/saml-portal.js';
import { DIALECTS, type TestServer } from '../support/server.js';

/**
 * The classic attacks on a SAML service provider, each sent to the running ACS over HTTP and
 * refused with a page (never a 500, never a session), each refusal audited as a failed
 * PortalSignIn with its reason (docs/decisions/0125-saml-sign-in.md).
 */
describe.each(DIALECTS)('SAML sign-in refusals on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  let dir: SamlDirectory;
  let started: StartedInBrowser;
  beforeAll(async () => {
    node = await startManagementServer(dialect, { CLOUDSSO_PUBLIC_URL: PUBLIC_URL });
    api = client(node);
    dir = await samlDirectory(api, { metadata: 'entra', users: ['alice@example.com', 'admin@example.com', 'bob@example.com'] });
    started = await startInBrowser(node, dir.directoryName);
  });
  afterAll(() => node?.close());

  const params = (over: Partial<ResponseParams> = {}): ResponseParams => ({
    inResponseTo: started.requestId,
    nameId: 'alice@example.com',
    audience: dir.spEntityId,
    recipient: dir.acsUrl,
    destination: dir.acsUrl,
    issuer: dir.idp.entityId,
    ...over,
  });
  const good = (over: Partial<ResponseParams> = {}) => signedResponse(dir.idp, params(over));
  const lastFailure = async () => (await storeOf(node).audit.list(dir.directoryId, 1))[0];

  async function refused(xml: string, status: number, text: string, code: string, form: { RelayState?: string; cookie?: string | null } = {}) {
    const res = await postToAcs(
      node,
      dir.acsUrl,
      { SAMLResponse: b64(xml), RelayState: 'RelayState' in form ? form.RelayState : started.relayState },
      form.cookie === null ? undefined : (form.cookie ?? started.cookie),
    );
    const page = await res.text();
    expect(res.status, page).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page).toContain(text);
    expect(page).toContain(`href="/portal/${dir.directoryName}"`);
    expect(sessionCookieOf(res)).toBeUndefined();
    expect(await lastFailure()).toMatchObject({ action: 'PortalSignIn', errorCode: code });
  }

  it('an unsigned Response and assertion', async () => {
    await refused(responseXml(params()), 403, 'not signed by a certificate this directory trusts', 'SAMLSignIn.Signature');
  });

  it('a signature by a certificate that is not configured', async () => {
    await refused(signedResponse({ ...newTestIdp(), entityId: dir.idp.entityId }, params()), 403, 'not signed by a certificate', 'SAMLSignIn.Signature');
  });

  it('XML signature wrapping: a forged assertion beside the signed one, or the signed one hidden in the forged one', async () => {
    const forged = assertionXml(params({ nameId: 'admin@example.com' }));
    await refused(good().replace('<saml:Assertion ', `${forged}<saml:Assertion `), 403, 'not signed', 'SAMLSignIn.Signature');
    const id = newId();
    const signed = sign(assertionXml(params({ assertionId: id })), dir.idp, 'Assertion');
    const wrapper = assertionXml(params({ assertionId: id, nameId: 'admin@example.com' })).replace('</saml:Subject>', `</saml:Subject>${signed}`);
    await refused(responseXml(params(), wrapper), 403, 'not signed', 'SAMLSignIn.Signature');
  });

  it('a signed Response around an unsigned assertion (partially signed)', async () => {
    await refused(sign(responseXml(params({ nameId: 'admin@example.com' })), dir.idp, 'Response'), 403, 'not signed', 'SAMLSignIn.Signature');
  });

  it('a comment in the NameID: admin@example.com<!---->.evil.test signs in nobody', async () => {
    const tampered = good({ nameId: 'admin@example.com.evil.test' }).replace('admin@example.com.evil.test', 'admin@example.com<!---->.evil.test');
    await refused(tampered, 403, 'does not name a user', 'SAMLSignIn.NameID');
  });

  it('the wrong audience, recipient or destination; an expired assertion', async () => {
    await refused(good({ audience: 'https://other.example.test/sp' }), 403, 'meant for another service', 'SAMLSignIn.Audience');
    await refused(good({ recipient: 'https://evil.example.test/acs' }), 403, 'sent to another address', 'SAMLSignIn.Recipient');
    await refused(good({ destination: 'https://evil.example.test/acs' }), 403, 'sent to another address', 'SAMLSignIn.Recipient');
    await refused(good({ now: Date.now() - 3600_000 }), 403, 'has expired', 'SAMLSignIn.Expired');
  });

  it('an unknown InResponseTo, and IdP-initiated sign-in (no InResponseTo): not accepted', async () => {
    await refused(good({ inResponseTo: newId() }), 403, 'was not started here', 'SAMLSignIn.InResponseTo');
    await refused(good({ inResponseTo: undefined }), 403, 'was not started here', 'SAMLSignIn.InResponseTo');
  });

  it('another RelayState, no browser-binding cookie, or the cookie of another sign-in', async () => {
    await refused(good(), 403, 'was not started here', 'SAMLSignIn.RelayState', { RelayState: 'x'.repeat(32) });
    await refused(good(), 403, 'started in another browser', 'SAMLSignIn.Browser', { cookie: null });
    const other = await startInBrowser(node, dir.directoryName);
    await refused(good(), 403, 'started in another browser', 'SAMLSignIn.Browser', { cookie: other.cookie });
  });

  it('a NameID that is no user, or a disabled user', async () => {
    // These pass every check of the Response, so they use up their request: each gets its own.
    const first = await startInBrowser(node, dir.directoryName);
    const unknown = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(good({ nameId: 'mallory@example.com', inResponseTo: first.requestId })), RelayState: first.relayState }, first.cookie);
    expect(unknown.status).toBe(403);
    expect(await unknown.text()).toContain('not a user of this directory');
    expect(await lastFailure()).toMatchObject({ errorCode: 'SAMLSignIn.UserNotFound', request: { parameters: { UserName: 'mallory@example.com' } } });
    const bob = (await api.call('ListUsers', { DirectoryId: dir.directoryId, Filter: 'UserName eq "bob@example.com"' })).Users[0].UserId as string;
    await api.call('UpdateUserStatus', { DirectoryId: dir.directoryId, UserId: bob, NewStatus: 'Disabled' });
    const next = await startInBrowser(node, dir.directoryName);
    const res = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(good({ nameId: 'bob@example.com', inResponseTo: next.requestId })), RelayState: next.relayState }, next.cookie);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('Your user is disabled');
    expect(await lastFailure()).toMatchObject({ errorCode: 'SAMLSignIn.UserDisabled' });
  });

  it('a DOCTYPE (XXE), a document that is not Base64 or not SAML, and an oversized one: refused before parsing', async () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>${good().replace('alice@example.com', '&x;')}`;
    await refused(xxe, 400, 'could not be read', 'SAMLSignIn.Malformed');
    await refused('<html><body>hello</body></html>', 400, 'could not be read', 'SAMLSignIn.Malformed');
    const notBase64 = await fetch(`${node.url}${new URL(dir.acsUrl).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: started.cookie },
      body: `SAMLResponse=%25%25%25&RelayState=${started.relayState}`,
    });
    expect(notBase64.status).toBe(400);
    const big = await fetch(`${node.url}${new URL(dir.acsUrl).pathname}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `SAMLResponse=${'A'.repeat(600 * 1024)}`,
    });
    expect(big.status).toBe(413);
    expect(await big.text()).toContain('too large');
  });

  it('after all refusals the original request still signs in once, and only once', async () => {
    const res = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(good()), RelayState: started.relayState }, started.cookie);
    expect(res.status).toBe(303);
    expect(await readPortalSession(coreOf(node), sessionCookieOf(res))).toMatchObject({ userName: 'alice@example.com' });
    const again = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(good()), RelayState: started.relayState }, started.cookie);
    expect(again.status).toBe(403);
  });

  it('the ACS and the start outside the flow: unknown ACS, GET, SSO off; the SP entity ID serves the metadata', async () => {
    const unknown = await postToAcs(node, `${PUBLIC_URL}/saml/acs/00000000-0000-0000-0000-000000000000`, { SAMLResponse: b64(good()) });
    expect(unknown.status).toBe(404);
    expect((await fetch(`${node.url}${new URL(dir.acsUrl).pathname}`)).status).toBe(405);
    expect((await fetch(`${node.url}/portal/no-such-directory/saml/login`, { redirect: 'manual' })).status).toBe(404);

    const metadata = await fetch(`${node.url}/saml/sp/${dir.directoryId}`);
    expect(metadata.status).toBe(200);
    const info = (await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId: dir.directoryId })).SAMLServiceProvider;
    expect(await metadata.text()).toBe(Buffer.from(info.EncodedMetadataDocument as string, 'base64').toString('utf8'));

    const next = await startInBrowser(node, dir.directoryName);
    await api.call('SetExternalSAMLIdentityProvider', { DirectoryId: dir.directoryId, SSOStatus: 'Disabled' });
    const start = await fetch(`${node.url}/portal/${dir.directoryName}/saml/login`, { redirect: 'manual' });
    expect(start.status).toBe(303);
    expect(start.headers.get('location')).toBe(`/portal/${dir.directoryName}`);
    const res = await postToAcs(node, dir.acsUrl, { SAMLResponse: b64(good({ inResponseTo: next.requestId })), RelayState: next.relayState }, next.cookie);
    expect(res.status).toBe(409);
    expect(await res.text()).toContain('Single sign-on is not enabled');
    await api.call('SetExternalSAMLIdentityProvider', { DirectoryId: dir.directoryId, SSOStatus: 'Enabled' });
  });
});
