/// <reference lib="dom" />
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeWithChromium, expectNoSeriousA11yViolations, watchConsole } from '../support/browser.js';
import type { ApiClient } from '../support/clients.js';
import { client } from '../support/management.js';
import { portalScreenshotDir } from '../support/portal.js';
import { Ram, rejection } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * The portal's accounts and credentials in a real browser (Debian's chromium) on each database, at
 * phone width (issue 13; docs/decisions/0160, 0161): a signed-out user opens the device approval
 * link, signs in and comes back to it; the landing page lists the account and the access
 * configuration assigned through a group; "Get credentials" shows STS credentials and env lines,
 * which the real @alicloud/ram20150501 client then uses in the member account: allowed by the
 * configuration's policy, 403 otherwise; "Add a device" asks for the password first (0162).
 * Every page passes axe-core. With
 * CLOUDSSO_PORTAL_SCREENSHOTS=docs the pages are saved to docs/portal/.
 */
const require = createRequire(import.meta.url);
const Core = require('@alicloud/openapi-core');
const RM = require('@alicloud/resourcemanager20200331');

const PASSWORD = 'Corr3ct!horse';
const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:ListUsers', Resource: '*' }] });

const config = (endpoint: string, c: { id: string; secret: string; token?: string }) =>
  new Core.$OpenApiUtil.Config({
    accessKeyId: c.id,
    accessKeySecret: c.secret,
    ...(c.token ? { securityToken: c.token } : {}),
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
  });

describeWithChromium('portal accounts and credentials in chromium', { buildConsole: false }, (chromium) => {
  describe.each(DIALECTS)('portal access on %s', { timeout: 300_000 }, (dialect) => {
    let server: TestServer;
    let api: ApiClient;
    let context: BrowserContext;
    let page: Page;
    let seen: ReturnType<typeof watchConsole>;
    const shots = portalScreenshotDir();
    async function shot(name: string): Promise<void> {
      if (shots && dialect === 'sqlite') await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
    }

    beforeAll(async () => {
      server = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '100' } });
      api = client(server);
      context = await chromium().newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true });
      context.setDefaultTimeout(30_000);
      page = await context.newPage();
      seen = watchConsole(page);
    }, 120_000);
    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    async function untilDone(DirectoryId: string, TaskId: string): Promise<void> {
      for (let i = 0; i < 240; i++) {
        const { TaskStatus } = await api.call('GetTaskStatus', { DirectoryId, TaskId });
        if (TaskStatus.Status !== 'InProgress') {
          expect(TaskStatus.Status).toBe('Success');
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('task still InProgress');
    }

    it('signs in from the device link, lists the access, gets credentials that RAM accepts within the policy', async () => {
      const rm = new RM.default(config(server.endpoint, server.rootKey));
      await rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }));
      const memberId = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Production', accountNamePrefix: 'prod' }))).body.account
        .accountId as string;
      const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: 'example-corp' })).Directory.DirectoryId as string;
      await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Disabled' });
      const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice', DisplayName: 'Alice Liddell' })).User.UserId as string;
      await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD });
      const GroupId = (await api.call('CreateGroup', { DirectoryId, GroupName: 'ops' })).Group.GroupId as string;
      await api.call('AddUserToGroup', { DirectoryId, GroupId, UserId });
      const AccessConfigurationId = (
        await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'ReadOnly-Users', SessionDuration: 3600, Description: 'List the RAM users' })
      ).AccessConfiguration.AccessConfigurationId as string;
      await api.call('AddPermissionPolicyToAccessConfiguration', {
        DirectoryId,
        AccessConfigurationId,
        PermissionPolicyType: 'Inline',
        PermissionPolicyName: 'list-users',
        InlinePolicyDocument: INLINE,
      });
      const task = await api.call('CreateAccessAssignment', {
        DirectoryId,
        AccessConfigurationId,
        TargetType: 'RD-Account',
        TargetId: memberId,
        PrincipalType: 'Group',
        PrincipalId: GroupId,
      });
      await untilDone(DirectoryId, task.Task.TaskId);
      await api.call('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: true });
      const base = `${server.url}/portal/example-corp`;

      // Signed out, the device approval link leads to sign-in, then back to the link with its code.
      await page.goto(`${base}/device?user_code=BCDF-GHJK`);
      await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
      await page.getByLabel('User name').fill('alice');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('heading', { level: 1, name: 'Sign in a command-line tool' }).waitFor();
      expect(page.url()).toBe(`${base}/device?user_code=BCDF-GHJK`);
      expect(await page.getByLabel('Code').inputValue()).toBe('BCDF-GHJK');

      await page.goto(base);
      await page.getByRole('heading', { level: 1, name: 'Welcome, Alice Liddell' }).waitFor();
      const account = page.getByRole('listitem').filter({ has: page.getByRole('heading', { level: 3, name: 'Production' }) });
      await account.getByText(`Account ID ${memberId}`).waitFor();
      await account.getByText('ReadOnly-Users').waitFor();
      await account.getByText('List the RAM users').waitFor();
      await expectNoSeriousA11yViolations(page, 'accounts');
      await shot('accounts');

      await page.getByRole('button', { name: 'Get credentials for ReadOnly-Users in Production' }).click();
      await page.getByRole('heading', { level: 1, name: 'Access credentials' }).waitFor();
      // Nothing of the credentials in the address.
      expect(page.url()).toBe(`${base}/credentials`);
      await expectNoSeriousA11yViolations(page, 'credentials');
      const creds = {
        id: (await page.locator('#access-key-id').textContent())!,
        secret: (await page.locator('#access-key-secret').textContent())!,
        token: (await page.locator('#security-token').textContent())!,
      };
      expect(creds.id).toMatch(/^STS\./);
      expect(creds.token).toMatch(/^CAIS/);
      expect(Date.parse((await page.locator('#expiration').textContent())!) - Date.now()).toBeGreaterThan(3500_000);
      expect((await page.getByLabel('Linux and macOS (bash, zsh)').inputValue()).split('\n')).toEqual([
        `export ALIBABA_CLOUD_ACCESS_KEY_ID='${creds.id}'`,
        `export ALIBABA_CLOUD_ACCESS_KEY_SECRET='${creds.secret}'`,
        `export ALIBABA_CLOUD_SECURITY_TOKEN='${creds.token}'`,
      ]);
      expect((await page.getByLabel('Windows PowerShell').inputValue()).split('\n')[2]).toBe(`$env:ALIBABA_CLOUD_SECURITY_TOKEN = '${creds.token}'`);
      // Fits a phone: nothing wider than the viewport.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      if (shots && dialect === 'sqlite') {
        // The screenshot shows placeholders, not live credentials.
        await page.evaluate(() => {
          document.querySelectorAll('.secret').forEach((el) => {
            el.textContent = el.id === 'access-key-id' ? 'STS.EXAMPLEaccesskeyid' : '•••••••• (shown once)';
          });
          document.querySelectorAll('textarea').forEach((t) => {
            t.value = t.value.replace(/'[^']*'/g, "'…'");
          });
        });
        await shot('credentials');
      }

      // The real RAM client in the member account: the configuration's policy allows ListUsers only.
      const ram = new Ram.default(config(server.endpoint, creds));
      expect((await ram.listUsers(new Ram.ListUsersRequest({}))).body.users).toBeDefined();
      const denied = await rejection(ram.createUser(new Ram.CreateUserRequest({ userName: 'mallory' })));
      expect({ code: denied.code, status: denied.statusCode }).toEqual({ code: 'NoPermission', status: 403 });

      await page.getByRole('link', { name: 'Back to your accounts' }).click();
      await page.getByRole('heading', { level: 1, name: 'Welcome, Alice Liddell' }).waitFor();
      // Turned off: the page says why there is no button.
      await api.call('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: false });
      await page.reload();
      await page.getByText('AllowUserToGetCredentials').waitFor();
      expect(await page.getByRole('button', { name: /Get credentials/ }).count()).toBe(0);
      await expectNoSeriousA11yViolations(page, 'credentials off');

      // "Add a device" asks for the password first (docs/decisions/0162).
      await page.getByRole('link', { name: 'Add a device' }).click();
      await page.getByRole('heading', { level: 1, name: 'Confirm it is you' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'MFA re-authentication');
      await page.getByLabel('Current password').fill('not the password');
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.getByRole('alert').waitFor();
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('current-password');
      await expectNoSeriousA11yViolations(page, 'MFA re-authentication error');
      await shot('mfa-reauthenticate');
      await page.getByLabel('Current password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Continue', exact: true }).click();
      await page.getByRole('heading', { level: 1, name: 'Set up multi-factor authentication' }).waitFor();
      expect(await page.locator('#secret').count()).toBe(1);
      expect(seen.errors).toEqual([]);
    });
  });
});
