/// <reference lib="dom" />
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithChromium, expectNoSeriousA11yViolations, watchConsole } from '../support/browser.js';
import type { ApiClient } from '../support/clients.js';
import { client, newDirectory } from '../support/management.js';
import { portalScreenshotDir, totpAt } from '../support/portal.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * The user portal in a real browser (Debian's chromium) on each database: a user signs in with
 * password and TOTP (binding the device first, then with a code), the pages pass axe-core, work at
 * phone width, and sign-out ends the session. With CLOUDSSO_PORTAL_SCREENSHOTS=docs the pages are
 * saved to docs/portal/ (or to the directory it names).
 */
const PASSWORD = 'Corr3ct!horse';

describeWithChromium('user portal in chromium', { buildConsole: false }, (chromium) => {

  describe.each(DIALECTS)('user portal on %s', { timeout: 240_000 }, (dialect) => {
    let server: TestServer;
    let api: ApiClient;
    let context: BrowserContext;
    let page: Page;
    let seen: ReturnType<typeof watchConsole>;
    let offset = 0;
    const now = () => Date.now() + offset;
    const shots = portalScreenshotDir();
    async function shot(name: string): Promise<void> {
      if (shots && dialect === 'sqlite') await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }

    beforeAll(async () => {
      server = await startTestServer(dialect, { clock: { now }, env: { CLOUDSSO_MAX_DIRECTORIES: '100' } });
      api = client(server);
      // A phone: the pages must work at 390 px.
      context = await chromium().newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      context.setDefaultTimeout(20_000);
      page = await context.newPage();
      seen = watchConsole(page);
    }, 120_000);
    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    it('signs in with password and TOTP, binding the device first', async () => {
      const DirectoryId = await newDirectory(api, 'acme');
      expect((await api.call('UpdateDirectory', { DirectoryId, NewDirectoryName: 'example-corp' })).RequestId).toBeTruthy();
      const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice', DisplayName: 'Alice Liddell' })).User.UserId;
      await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD });
      // MFA is on by default (CloudSSO's default): the first sign-in binds a device.
      const base = `${server.url}/portal/example-corp`;

      await page.goto(base);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(page.url()).toBe(`${base}/login`);
      await expectNoSeriousA11yViolations(page, 'sign-in');
      await shot('sign-in');

      await page.getByLabel('User name').fill('alice');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('user name or password is incorrect');
      // The field in error has the focus and points at the message.
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('username');
      expect(await page.getByLabel('User name').getAttribute('aria-describedby')).toBe('form-error');
      await expectNoSeriousA11yViolations(page, 'sign-in error');
      await shot('sign-in-error');

      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Set up multi-factor authentication' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'MFA binding');
      expect(await page.locator('.qr svg').count()).toBe(1);
      await shot('mfa-bind');
      const secret = (await page.locator('#secret').textContent())!.replace(/\s+/g, '');
      await page.getByLabel('Verification code from the app').fill(totpAt(secret, now()));
      await page.getByRole('button', { name: 'Add the device' }).click();
      await page.getByRole('heading', { level: 1, name: 'Welcome, Alice Liddell' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'landing');
      await shot('landing');

      // The session cookie as the browser keeps it.
      const cookie = (await context.cookies()).find((c) => c.name === 'cloudsso_portal_session')!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.expires * 1000 - Date.now()).toBeGreaterThan(7.9 * 3600_000);

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByRole('heading', { level: 1, name: 'You have signed out' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'signed out');
      await shot('signed-out');
      expect((await context.cookies()).some((c) => c.name === 'cloudsso_portal_session')).toBe(false);

      // Next time: a code from the bound device (a later time step: each is used once).
      offset = 60_000;
      await page.getByRole('link', { name: 'Sign in again' }).click();
      await page.getByLabel('User name').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Enter your verification code' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'MFA code');
      await shot('mfa-code');
      await page.getByLabel('Verification code').fill(totpAt(secret, now()));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.getByRole('heading', { level: 1, name: 'Welcome, Alice Liddell' }).waitFor();

      // The administrator disables the user: the next page load is the sign-in form.
      offset = 0;
      await api.call('UpdateUserStatus', { DirectoryId, UserId, NewStatus: 'Disabled' });
      await page.goto(base);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      expect(seen.errors).toEqual([]);
    });

    it('shows the forced password change as a usable page', async () => {
      const DirectoryId = await newDirectory(api, 'pw');
      const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName;
      await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Disabled' });
      const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'bob' })).User.UserId;
      await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD, RequirePasswordResetForNextLogin: true });
      await page.goto(`${server.url}/portal/${name}/login`);
      await page.getByLabel('User name').fill('bob');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Change your password' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'password change');
      await page.getByLabel('New password', { exact: true }).fill('short');
      await page.getByLabel('Confirm the new password').fill('short');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('alert').waitFor();
      await expectNoSeriousA11yViolations(page, 'password change error');
      await shot('password-change');
      await page.getByLabel('New password', { exact: true }).fill('N3w!password');
      await page.getByLabel('Confirm the new password').fill('N3w!password');
      await page.getByRole('button', { name: 'Change password' }).click();
      await page.getByRole('heading', { level: 1, name: 'Welcome, bob' }).waitFor();
      expect(seen.errors).toEqual([]);
    });
  });
});
