import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithChromium, expectNoSeriousA11yViolations, watchConsole } from '../support/browser.js';
import { client, newDirectory } from '../support/management.js';
import { portalScreenshotDir } from '../support/portal.js';
import { b64, newTestIdp, signedResponse } from '../support/saml-idp.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * SAML sign-in in a real browser (Debian's chromium) on each database: the portal's sign-in page
 * links to the IdP, a test IdP (an HTTP server here, signing with xml-crypto) shows its page and
 * posts the Response, the browser lands signed in on the portal, at phone width. With
 * CLOUDSSO_PORTAL_SCREENSHOTS=docs the SSO sign-in page and the page after it are saved to docs/portal/.
 */
describeWithChromium('SAML sign-in in chromium', { buildConsole: false }, (chromium) => {

  describe.each(DIALECTS)('SAML sign-in in chromium on %s', { timeout: 240_000 }, (dialect) => {
    let server: TestServer;
    let idpServer: Server;
    const idp = newTestIdp('https://idp.example.test/browser');
    let sp: { EntityId: string; AcsUrl: string };

    beforeAll(async () => {
      server = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '100' } });
      // The IdP's sign-in page: it reads the AuthnRequest and offers to post a signed Response to our ACS.
      idpServer = createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://idp');
        if (url.pathname !== '/sso' || !url.searchParams.has('SAMLRequest')) {
          res.writeHead(404).end();
          return;
        }
        const request = inflateRawSync(Buffer.from(url.searchParams.get('SAMLRequest') ?? '', 'base64')).toString('utf8');
        const id = /\sID="([^"]+)"/.exec(request)?.[1];
        const xml = signedResponse(idp, { inResponseTo: id, nameId: 'alice@example.com', audience: sp.EntityId, recipient: sp.AcsUrl, destination: sp.AcsUrl });
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(
          `<!doctype html><html lang="en"><head><title>Test IdP</title></head><body><main><h1>Test IdP</h1><form method="post" action="${sp.AcsUrl}">` +
            `<input type="hidden" name="SAMLResponse" value="${b64(xml)}"><input type="hidden" name="RelayState" value="${url.searchParams.get('RelayState') ?? ''}">` +
            `<button type="submit">Sign in as alice</button></form></main></body></html>`,
        );
      });
      await new Promise<void>((resolve) => idpServer.listen(0, '127.0.0.1', resolve));
    }, 120_000);
    afterAll(async () => {
      await new Promise((resolve) => idpServer?.close(resolve));
      await server?.close();
    });

    it('signs in through the IdP from the portal\'s page', async () => {
      const api = client(server);
      const DirectoryId = await newDirectory(api, 'saml-browser');
      const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName as string;
      await api.call('CreateUser', { DirectoryId, UserName: 'alice@example.com', DisplayName: 'Alice Liddell' });
      sp = (await api.call('GetDirectorySAMLServiceProviderInfo', { DirectoryId })).SAMLServiceProvider;
      await api.call('SetExternalSAMLIdentityProvider', {
        DirectoryId,
        EntityId: idp.entityId,
        LoginUrl: `http://127.0.0.1:${(idpServer.address() as AddressInfo).port}/sso`,
        X509Certificate: idp.certificatePem,
        BindingType: 'Redirect',
        SSOStatus: 'Enabled',
      });

      const context = await chromium().newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
      context.setDefaultTimeout(20_000);
      const page = await context.newPage();
      const seen = watchConsole(page);
      try {
        const shots = portalScreenshotDir();
        const shot = async (file: string) => {
          if (shots && dialect === 'sqlite') await page.screenshot({ path: join(shots, `${file}.png`), fullPage: true });
        };
        await page.goto(`${server.url}/portal/${name}`);
        await expectNoSeriousA11yViolations(page, 'the SSO sign-in page');
        await shot('sso-sign-in');
        await page.getByRole('link', { name: /organisation's sign-in/ }).click();
        await page.getByRole('button', { name: 'Sign in as alice' }).click();
        await page.waitForURL(`${server.url}/portal/${name}`);
        await expect.poll(() => page.content()).toContain('Alice Liddell');
        await shot('sso-signed-in');
        expect(seen.errors).toEqual([]);
      } finally {
        await context.close();
      }
    });
  });
});
