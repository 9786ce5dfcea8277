import { DOMParser, type Element } from '@xmldom/xmldom';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPortalSession } from '../../src/core/sign-in/sessions.js';
import type { ApiClient } from '../support/clients.js';
import { client, coreOf, startManagementServer, storeOf } from '../support/management.js';
import { assertionXml, b64, encryptAssertion, newTestIdp, responseXml, sign, type ResponseParams } from '../support/saml-idp.js';
import { PUBLIC_URL, postToAcs, samlDirectory, sessionCookieOf, startInBrowser, type SamlDirectory } from '../support/saml-portal.js';
import { DIALECTS, type TestServer } from '../support/server.js';

/**
 * Encrypted SAML assertions (issue 12; docs/decisions/0176-encrypted-assertions.md). With
 * SupportEncryptedAssertion the SP metadata (GetDirectorySAMLServiceProviderInfo and
 * /saml/sp/<DirectoryId>) publishes the SP certificate for encryption, and the ACS decrypts an
 * EncryptedAssertion (xml-encryption, as the test IdP encrypts: AES-GCM or AES-CBC under an
 * RSA-OAEP-wrapped key) before the usual checks, which still require the signature inside it.
 * Without it, an EncryptedAssertion is refused unread. A tampered ciphertext, one encrypted to
 * another key, and an unsigned assertion inside are refused, each audited with its reason.
 */
const MD = 'urn:oasis:names:tc:SAML:2.0:metadata';
const DS = 'http://www.w3.org/2000/09/xmldsig#';

/** The KeyDescriptors of an SP metadata document: use -> certificate body, and the encryption methods. */
function keyDescriptors(xml: string): { uses: Record<string, string>; encryptionMethods: string[] } {
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const uses: Record<string, string> = {};
  const encryptionMethods: string[] = [];
  const kds = doc.getElementsByTagNameNS(MD, 'KeyDescriptor');
  for (let i = 0; i < kds.length; i++) {
    const kd = kds.item(i) as Element;
    uses[kd.getAttribute('use') ?? ''] = (kd.getElementsByTagNameNS(DS, 'X509Certificate').item(0)?.textContent ?? '').replace(/\s+/g, '');
    const methods = kd.getElementsByTagNameNS(MD, 'EncryptionMethod');
    for (let j = 0; j < methods.length; j++) encryptionMethods.push((methods.item(j) as Element).getAttribute('Algorithm') ?? '');
  }
  return { uses, encryptionMethods };
}

describe.each(DIALECTS)('encrypted SAML assertions on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  let dir: SamlDirectory;
  beforeAll(async () => {
    node = await startManagementServer(dialect, { CLOUDSSO_PUBLIC_URL: PUBLIC_URL });
    api = client(node);
    dir = await samlDirectory(api, { metadata: 'entra', users: ['alice@example.com', 'admin@example.com'] });
  });
  afterAll(() => node?.close());

  const setEncryption = (on: boolean) =>
    api.call('SetDirectorySAMLServiceProviderInfo', { DirectoryId: dir.directoryId, SupportEncryptedAssertion: on });
  const lastSignIn = async () => (await storeOf(node).audit.list(dir.directoryId, 1))[0];
  const spCertBody = () => dir.spCertificatePem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');

  /** A fresh sign-in started in the browser, and the Response parameters answering it. */
  async function begin(over: Partial<ResponseParams> = {}) {
    const started = await startInBrowser(node, dir.directoryName);
    const params: ResponseParams = {
      inResponseTo: started.requestId,
      nameId: 'alice@example.com',
      audience: dir.spEntityId,
      recipient: dir.acsUrl,
      destination: dir.acsUrl,
      issuer: dir.idp.entityId,
      ...over,
    };
    const post = (xml: string) => postToAcs(node, dir.acsUrl, { SAMLResponse: b64(xml), RelayState: started.relayState }, started.cookie);
    return { params, post };
  }

  async function expectSignedIn(res: Response) {
    expect(res.status, await res.clone().text()).toBe(303);
    const session = await readPortalSession(coreOf(node), sessionCookieOf(res));
    expect(session).toMatchObject({ directoryId: dir.directoryId, userName: 'alice@example.com', authMethod: 'saml', stage: 'active' });
    expect(await lastSignIn()).toMatchObject({ action: 'PortalSignIn', errorCode: null });
  }

  async function expectRefused(res: Response, status: number, text: string, code: string) {
    const page = await res.text();
    expect(res.status, page).toBe(status);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page).toContain(text);
    expect(sessionCookieOf(res)).toBeUndefined();
    expect(await lastSignIn()).toMatchObject({ action: 'PortalSignIn', errorCode: code });
  }

  it('publishes the encryption certificate in the SP metadata only while SupportEncryptedAssertion is on', async () => {
    const documents = async () => {
      const info = (await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId: dir.directoryId })).SAMLServiceProvider;
      const served = await fetch(`${node.url}/saml/sp/${dir.directoryId}`);
      expect(served.status).toBe(200);
      return { info, api: Buffer.from(info.EncodedMetadataDocument as string, 'base64').toString('utf8'), served: await served.text() };
    };
    const off = await documents();
    expect(off.info.SupportEncryptedAssertion).toBe(false);
    for (const xml of [off.api, off.served]) expect(keyDescriptors(xml)).toEqual({ uses: { signing: spCertBody() }, encryptionMethods: [] });

    await setEncryption(true);
    const on = await documents();
    expect(on.info.SupportEncryptedAssertion).toBe(true);
    expect(on.served).toBe(on.api);
    const kd = keyDescriptors(on.api);
    // The SP key pair (sealed at rest) serves both uses: the same certificate.
    expect(kd.uses).toEqual({ signing: spCertBody(), encryption: spCertBody() });
    expect(kd.encryptionMethods).toEqual([
      'http://www.w3.org/2009/xmlenc11#aes256-gcm',
      'http://www.w3.org/2009/xmlenc11#aes128-gcm',
      'http://www.w3.org/2001/04/xmlenc#aes256-cbc',
      'http://www.w3.org/2001/04/xmlenc#aes128-cbc',
      'http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p',
    ]);
    // No private key anywhere in what is published.
    expect(on.api).not.toContain('PRIVATE KEY');

    await setEncryption(false);
    expect(keyDescriptors((await documents()).api).uses).toEqual({ signing: spCertBody() });
  });

  it('accepts a signed assertion encrypted to our certificate while on (AES-256-GCM, AES-128-GCM, AES-256-CBC), and a plain one too', async () => {
    await setEncryption(true);
    for (const algorithm of ['aes256-gcm', 'aes128-gcm', 'aes256-cbc'] as const) {
      const { params, post } = await begin();
      const encrypted = await encryptAssertion(sign(assertionXml(params), dir.idp, 'Assertion'), dir.spCertificatePem, algorithm);
      const xml = responseXml(params, encrypted);
      expect(xml).not.toContain('alice@example.com');
      await expectSignedIn(await post(xml));
    }
    // Support is not a requirement: an IdP that does not encrypt still signs users in.
    const { params, post } = await begin();
    await expectSignedIn(await post(responseXml(params, sign(assertionXml(params), dir.idp, 'Assertion'))));
  });

  it('refuses a tampered ciphertext, one encrypted to another key, and an assertion unsigned inside', async () => {
    await setEncryption(true);
    {
      const { params, post } = await begin();
      const encrypted = await encryptAssertion(sign(assertionXml(params), dir.idp, 'Assertion'), dir.spCertificatePem);
      // The last CipherValue is the assertion's (the first is the wrapped key): flip characters in its middle.
      const at = encrypted.lastIndexOf('<xenc:CipherValue>') + '<xenc:CipherValue>'.length + 40;
      const flipped = encrypted.slice(0, at) + (encrypted[at] === 'A' ? 'B' : 'A') + (encrypted[at + 1] === 'A' ? 'B' : 'A') + encrypted.slice(at + 2);
      expect(flipped).not.toBe(encrypted);
      await expectRefused(await post(responseXml(params, flipped)), 403, 'could not be decrypted', 'SAMLSignIn.Decryption');
    }
    {
      const { params, post } = await begin();
      const stranger = newTestIdp();
      const encrypted = await encryptAssertion(sign(assertionXml(params), dir.idp, 'Assertion'), stranger.certificatePem);
      await expectRefused(await post(responseXml(params, encrypted)), 403, 'could not be decrypted', 'SAMLSignIn.Decryption');
    }
    {
      // Encryption is no signature: unsigned inside, refused, even in a signed Response.
      const { params, post } = await begin();
      const encrypted = await encryptAssertion(assertionXml(params), dir.spCertificatePem);
      await expectRefused(await post(responseXml(params, encrypted)), 403, 'not signed by a certificate this directory trusts', 'SAMLSignIn.Signature');
      await expectRefused(
        await post(sign(responseXml(params, encrypted), dir.idp, 'Response')),
        403,
        'not signed by a certificate this directory trusts',
        'SAMLSignIn.Signature',
      );
    }
    {
      // Signed by a key the directory does not trust, then encrypted to ours.
      const { params, post } = await begin();
      const encrypted = await encryptAssertion(sign(assertionXml(params), { ...newTestIdp() }, 'Assertion'), dir.spCertificatePem);
      await expectRefused(await post(responseXml(params, encrypted)), 403, 'not signed by a certificate', 'SAMLSignIn.Signature');
    }
    {
      // A comment in the NameID, hidden by the encryption from the outer document's check: the
      // name read is the signed one (canonicalized, without the comment), so admin is not signed in.
      const { params, post } = await begin({ nameId: 'admin@example.com.evil.test' });
      const signed = sign(assertionXml(params), dir.idp, 'Assertion').replace('admin@example.com.evil.test', 'admin@example.com<!---->.evil.test');
      const encrypted = await encryptAssertion(signed, dir.spCertificatePem);
      await expectRefused(await post(responseXml(params, encrypted)), 403, 'not a user of this directory', 'SAMLSignIn.UserNotFound');
      expect(await lastSignIn()).toMatchObject({ request: { parameters: { UserName: 'admin@example.com.evil.test' } } });
    }
    {
      // An encrypted assertion beside a plain one: two assertions, refused.
      const { params, post } = await begin();
      const signed = sign(assertionXml(params), dir.idp, 'Assertion');
      const encrypted = await encryptAssertion(signed, dir.spCertificatePem);
      await expectRefused(await post(responseXml(params, signed + encrypted)), 403, 'not signed by a certificate', 'SAMLSignIn.Signature');
    }
  });

  it('refuses an encrypted assertion while SupportEncryptedAssertion is off, without decrypting it', async () => {
    await setEncryption(false);
    const { params, post } = await begin();
    const encrypted = await encryptAssertion(sign(assertionXml(params), dir.idp, 'Assertion'), dir.spCertificatePem);
    await expectRefused(await post(responseXml(params, encrypted)), 403, 'does not accept encrypted answers', 'SAMLSignIn.Encrypted');
    const event = await lastSignIn();
    expect(JSON.stringify(event)).not.toContain('alice@example.com');
  });
});
