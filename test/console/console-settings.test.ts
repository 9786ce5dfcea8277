/// <reference lib="dom" />
// Functions passed to page.evaluate() run in the browser.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../console/src/messages.js';
import { base64, oktaMetadata, testCertificate } from '../management/fixtures/saml-metadata.js';
import { confirmModal, confirmPopover, go, noHorizontalScroll, screenshot, signIn } from '../support/console.js';
import { describeWithChromium, expectNoSeriousA11yViolations, newContext, watchConsole } from '../support/browser.js';
import type { ApiClient } from '../support/clients.js';
import { client, storeOf } from '../support/management.js';
import { policyDocument, ramClient, ramUserWith } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * The sign-in settings, the audit log and a user's MFA devices in a real browser (Debian's
 * chromium) against a real server on each database: a setting changed in the console is read back
 * through the API, the audit log shows the change just made, a device is deleted, the server's
 * refusal and a RAM denial are shown. axe-core checks every page; no console error is allowed.
 */
describeWithChromium('web console settings in chromium', { buildConsole: true }, (chromium) => {
  /** The card (section) of the sign-in settings page whose heading is `title`. */
  const card = (page: Page, title: string) => page.locator('.ant-card').filter({ has: page.getByRole('heading', { level: 2, name: title }) });

  describe.each(DIALECTS)('web console settings on %s', { timeout: 240_000 }, (dialect) => {
    let server: TestServer;
    let api: ApiClient;
    let directoryId: string;
    let context: BrowserContext;
    let page: Page;
    let seen: ReturnType<typeof watchConsole>;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      api = client(server);
      directoryId = (await api.call('CreateDirectory', { DirectoryName: 'console-settings' })).Directory.DirectoryId as string;
      context = await newContext(chromium());
      page = await context.newPage();
      seen = watchConsole(page);
      await signIn(page, server, server.rootKey);
    });
    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    it('changes the login preference and password policy, checked as the server checks them, and the API reads them back', async () => {
      await go(page, '#/sign-in-settings', m.signInSettings.title);
      const login = card(page, m.signInSettings.loginPreference);
      const masks = login.getByLabel(m.signInSettings.networkMasks);
      await masks.waitFor();
      await expectNoSeriousA11yViolations(page, 'sign-in settings');
      await screenshot(page, 'sign-in-settings', dialect);

      // Refused in the browser with the server's words, before any request.
      await masks.fill('10.0.0.0/8\n10.1.0.0/33');
      await login.getByRole('button', { name: m.common.save }).click();
      await login.getByText(m.signInSettings.networkMaskInvalid('10.1.0.0/33')).waitFor();
      await masks.fill('10.0.0.0/8\n192.168.1.1; 10.0.0.0/8');
      await login.getByRole('checkbox', { name: m.signInSettings.allowCredentials }).check();
      await login.getByRole('button', { name: m.common.save }).click();
      await page.getByText(m.signInSettings.loginPreferenceSaved).waitFor();
      expect((await api.call('GetLoginPreference', { DirectoryId: directoryId })).LoginPreference).toEqual({
        AllowUserToGetCredentials: true,
        LoginNetworkMasks: '10.0.0.0/8;192.168.1.1',
      });

      const password = card(page, m.signInSettings.passwordPolicy);
      await password.getByLabel(m.signInSettings.minPasswordLength).fill('12');
      await password.getByLabel(m.signInSettings.minPasswordDifferentChars).fill('13');
      await password.getByRole('button', { name: m.common.save }).click();
      await password.getByText(m.signInSettings.differentCharsError(13, 12)).waitFor();
      await password.getByLabel(m.signInSettings.minPasswordDifferentChars).fill('4');
      await password.getByLabel(m.signInSettings.maxLoginAttempts).fill('7');
      await password.getByRole('button', { name: m.common.save }).click();
      await page.getByText(m.signInSettings.passwordPolicySaved).waitFor();
      expect((await api.call('GetPasswordPolicy', { DirectoryId: directoryId })).PasswordPolicy).toMatchObject({
        MinPasswordLength: 12,
        MinPasswordDifferentChars: 4,
        MaxLoginAttempts: 7,
      });
    });

    it('turns MFA off and on, saves a mode, and the API reads it back', async () => {
      const mfa = card(page, m.signInSettings.mfa);
      const sw = mfa.getByRole('switch', { name: m.signInSettings.mfaSwitch });
      await expect.poll(() => sw.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('true');
      await sw.click();
      await page.locator('.ant-modal-confirm-title').getByText(m.signInSettings.mfaConfirmOff).waitFor();
      await confirmModal(page, m.common.disable);
      await expect.poll(() => sw.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('false');
      expect((await api.call('GetMFAAuthenticationStatus', { DirectoryId: directoryId })).MFAAuthenticationStatus).toBe('Disabled');
      await sw.click();
      await expect.poll(() => sw.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('true');
      await mfa.getByRole('radio', { name: m.signInSettings.modes['OnlyRiskyLogin'] }).check();
      await mfa.getByRole('radio', { name: m.signInSettings.riskOperations['EnforceVerify'] }).check();
      await mfa.getByRole('checkbox', { name: m.signInSettings.verificationTypeNames['WebAuthn'] }).check();
      await mfa.getByRole('button', { name: m.common.save }).click();
      await page.getByText(m.signInSettings.mfaSaved).waitFor();
      expect((await api.call('GetMFAAuthenticationSettingInfo', { DirectoryId: directoryId })).MFAAuthenticationSettingInfo).toEqual({
        MfaAuthenticationAdvanceSettings: 'OnlyRiskyLogin',
        OperationForRiskLogin: 'EnforceVerify',
        AllowedVerificationTypes: ['TOTP', 'WebAuthn'],
      });
    });

    it('configures the SAML IdP from metadata, shows the server refusing a certificate, turns SSO on, and downloads the SP metadata', async () => {
      const idp = card(page, m.signInSettings.idp);
      await idp.getByText(m.signInSettings.idpNone).waitFor();
      await idp.getByText(m.signInSettings.certificatesEmpty).waitFor();
      // SSO cannot go on before the IdP is complete: said at once, nothing sent.
      await idp.getByRole('switch', { name: m.signInSettings.ssoSwitch }).click();
      await page.getByText(m.signInSettings.ssoIncomplete('EntityId, LoginUrl, a certificate')).waitFor();

      await idp.getByRole('button', { name: m.signInSettings.configure }).click();
      const dialog = page.getByRole('dialog', { name: m.signInSettings.configure });
      await dialog.getByRole('button', { name: m.common.save }).click();
      await dialog.getByText(m.signInSettings.metadataRequired).waitFor();
      const pem = testCertificate('console-idp');
      await dialog.getByLabel(m.signInSettings.metadataFile).setInputFiles({
        name: 'okta.xml',
        mimeType: 'application/xml',
        buffer: Buffer.from(Buffer.from(base64(oktaMetadata(pem)), 'base64')),
      });
      await expectNoSeriousA11yViolations(page, 'IdP dialog');
      await dialog.getByRole('button', { name: m.common.save }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText(m.signInSettings.idpSaved).waitFor();
      const configured = (await api.call('GetExternalSAMLIdentityProvider', { DirectoryId: directoryId })).SAMLIdentityProviderConfiguration;
      expect(configured.EntityId).not.toBe('');
      await idp.getByText(configured.EntityId as string, { exact: true }).waitFor();
      await idp.getByRole('button', { name: `${m.common.remove} ${configured.CertificateIds[0]}` }).waitFor();

      // A certificate that looks like PEM passes the browser's check; the server's refusal is shown.
      await idp.getByRole('button', { name: m.signInSettings.addCertificate }).click();
      const add = page.getByRole('dialog', { name: m.signInSettings.addCertificate });
      await add.getByLabel(m.signInSettings.certificate).fill('not a certificate');
      await add.getByRole('button', { name: m.common.add }).click();
      await add.getByText(m.signInSettings.certificateInvalid).waitFor();
      await add.getByLabel(m.signInSettings.certificate).fill('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----');
      await add.getByRole('button', { name: m.common.add }).click();
      await add.getByText(/^InvalidParameter\.X509Certificate: /).waitFor();
      await add.getByRole('button', { name: m.common.cancel }).click();

      const sso = idp.getByRole('switch', { name: m.signInSettings.ssoSwitch });
      await sso.click();
      await page.locator('.ant-modal-confirm-title').getByText(m.signInSettings.ssoConfirmOn).waitFor();
      await confirmModal(page, m.common.enable);
      await expect.poll(() => sso.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('true');
      expect((await api.call('GetExternalSAMLIdentityProvider', { DirectoryId: directoryId })).SAMLIdentityProviderConfiguration.SSOStatus).toBe('Enabled');
      // The server refuses to remove the IdP while SSO is on; its message is shown.
      await idp.getByRole('button', { name: m.signInSettings.clearIdp }).click();
      await confirmPopover(page, m.common.remove);
      await page.getByText(/^OperationDenied\.SSOEnabled: /).waitFor();

      const sp = card(page, m.signInSettings.sp);
      const spEntityId = await sp.getByRole('textbox', { name: m.signInSettings.spEntityId }).inputValue();
      expect(spEntityId).toBe(`${server.url}/saml/sp/${directoryId}`);
      const [download] = await Promise.all([page.waitForEvent('download'), sp.getByRole('button', { name: m.signInSettings.downloadMetadata }).click()]);
      expect(download.suggestedFilename()).toBe(`cloudsso-sp-metadata-${directoryId}.xml`);
      const xml = readFileSync((await download.path())!, 'utf8');
      expect(xml).toContain(`entityID="${spEntityId}"`);
      await expectNoSeriousA11yViolations(page, 'sign-in settings with an IdP');
      await screenshot(page, 'sign-in-settings-saml', dialect);
    });

    it('the audit log shows the change just made, filters by event name, and opens its detail', async () => {
      await go(page, '#/audit-log', m.audit.title);
      await page.getByRole('button', { name: /^Details of SetPasswordPolicy at / }).first().waitFor();
      await page.getByRole('button', { name: /^Details of SetLoginPreference at / }).first().waitFor();
      await expectNoSeriousA11yViolations(page, 'audit log');
      await screenshot(page, 'audit-log', dialect);

      await page.getByRole('combobox', { name: m.audit.filter }).click();
      await page.locator('.ant-select-item-option').getByText(m.audit.attributes['EventName']!, { exact: true }).click();
      await page.getByRole('textbox', { name: m.audit.filterValue }).fill('SetPasswordPolicy');
      await page.getByRole('button', { name: m.audit.apply, exact: true }).click();
      await page.getByRole('button', { name: /^Details of SetLoginPreference at / }).waitFor({ state: 'detached' });
      const rows = page.getByRole('button', { name: /^Details of / });
      expect(await rows.count()).toBe(1);
      await rows.first().click();
      const drawer = page.getByRole('dialog', { name: m.audit.detailTitle('SetPasswordPolicy') });
      await drawer.getByText('cloudsso:SetPasswordPolicy (Write)').waitFor();
      const parameters = JSON.parse(await drawer.getByLabel(m.audit.requestParameters).innerText()) as Record<string, unknown>;
      expect(parameters).toMatchObject({ DirectoryId: directoryId, MaxLoginAttempts: '7' });
      await drawer.getByText(server.rootKey.id, { exact: true }).waitFor();
      await expectNoSeriousA11yViolations(page, 'audit event');
      await screenshot(page, 'audit-event', dialect);
      await page.keyboard.press('Escape');
      await drawer.waitFor({ state: 'hidden' });

      // A filter that matches nothing: the empty state.
      await page.getByRole('textbox', { name: m.audit.filterValue }).fill('NoSuchEvent');
      await page.getByRole('button', { name: m.audit.apply, exact: true }).click();
      await page.getByText(m.audit.empty).waitFor();
    });

    it("lists a user's MFA device and deletes it after confirmation", async () => {
      const userId = (await api.call('CreateUser', { DirectoryId: directoryId, UserName: 'dora' })).User.UserId as string;
      await storeOf(server).signIn.insertMfaDevice({
        id: 'mfa-00000000000000000001',
        directoryId,
        userId,
        name: 'dora-phone',
        type: 'TOTP',
        secretSealed: 'v1.sealed',
        effectiveTime: Date.UTC(2026, 10, 1),
        lastUseTime: null,
      });
      await go(page, `#/users/${userId}`, 'dora');
      const devices = card(page, m.users.mfa);
      await devices.getByText('dora-phone').waitFor();
      await devices.getByText(m.users.mfaNeverUsed).waitFor();
      await expectNoSeriousA11yViolations(page, 'user with an MFA device');
      await screenshot(page, 'user-mfa', dialect);
      await devices.getByRole('button', { name: `${m.common.delete} dora-phone` }).click();
      await page.getByText(m.users.mfaConfirmDelete('dora-phone')).waitFor();
      await confirmPopover(page, m.common.delete);
      await devices.getByText(m.users.mfaEmpty).waitFor();
      expect((await api.call('ListMFADevicesForUser', { DirectoryId: directoryId, UserId: userId })).TotalCounts).toBe(0);
      expect(seen.errors).toEqual([]);
    });

    it('a read-only RAM user, at phone width, sees the settings and the denial naming the action it lacks', async () => {
      const ram = ramClient(server.endpoint, server.rootKey);
      const key = await ramUserWith(ram, 'settings-reader', {
        SettingsReadOnly: policyDocument({ Effect: 'Allow', Action: ['cloudsso:Get*', 'cloudsso:List*'], Resource: '*' }),
      });
      const phone = await context.newPage();
      const phoneSeen = watchConsole(phone);
      try {
        await phone.setViewportSize({ width: 390, height: 844 });
        await signIn(phone, server, key);
        await go(phone, '#/sign-in-settings', m.signInSettings.title);
        const login = card(phone, m.signInSettings.loginPreference);
        await expect.poll(() => login.getByLabel(m.signInSettings.networkMasks).inputValue(), { timeout: 20_000 }).toBe('10.0.0.0/8\n192.168.1.1');
        expect(await noHorizontalScroll(phone)).toBe(true);
        await login.getByRole('button', { name: m.common.save }).click();
        await login.getByText(m.errors.denied('cloudsso:SetLoginPreference')).waitFor();
        await expectNoSeriousA11yViolations(phone, 'sign-in settings denied at phone width');
        await screenshot(phone, 'sign-in-settings-denied-phone', dialect);

        await go(phone, '#/audit-log', m.audit.title);
        await phone.getByText(m.errors.denied('actiontrail:LookupEvents')).waitFor();
        expect(await noHorizontalScroll(phone)).toBe(true);
        await expectNoSeriousA11yViolations(phone, 'audit log denied at phone width');
        expect(phoneSeen.errors).toEqual([]);
        expect(phoneSeen.failedLoads.length).toBe(2);
      } finally {
        await phone.close();
      }
      // The denial itself is in the audit log, seen by the root key at phone width.
      const rootPhone = await context.newPage();
      try {
        await rootPhone.setViewportSize({ width: 390, height: 844 });
        await signIn(rootPhone, server, server.rootKey);
        await go(rootPhone, '#/audit-log', m.audit.title);
        await rootPhone.getByRole('button', { name: /^Details of LookupEvents at / }).first().click();
        const drawer = rootPhone.getByRole('dialog', { name: m.audit.detailTitle('LookupEvents') });
        await drawer.getByText('settings-reader', { exact: true }).waitFor();
        await drawer.getByText(/^NoPermission/).waitFor();
        expect(await noHorizontalScroll(rootPhone)).toBe(true);
        await expectNoSeriousA11yViolations(rootPhone, 'audit event at phone width');
      } finally {
        await rootPhone.close();
      }
      expect(seen.errors).toEqual([]);
    });
  });
});
