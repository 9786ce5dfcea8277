/// <reference lib="dom" />
// Functions passed to page.evaluate() run in the browser.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../console/src/messages.js';
import { go, noHorizontalScroll, screenshot } from '../support/console.js';
import { describeWithChromium, expectNoSeriousA11yViolations, newContext, watchConsole } from '../support/browser.js';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { client } from '../support/management.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * "Sign in as a CloudSSO user" in a real browser (Debian's chromium) against a real server on each
 * database (docs/decisions/0170): the console runs the portal's device flow, the user approves it
 * in a second tab of the same browser after a portal password sign-in, chooses an access
 * configuration in the management account, and the console then signs with its STS credentials.
 * An AliyunCloudSSOFullAccess configuration creates a user; an AliyunCloudSSOReadOnlyAccess one
 * sees the denial naming the action; sign-out clears sessionStorage; expiry signs out; pasted STS
 * credentials work on the AccessKey form. axe-core on each step, no console error.
 */
const PASSWORD = 'Corr3ct!horse';
const STORAGE_KEY = 'cloudsso.console.session';

describeWithChromium('web console: a CloudSSO user signs in', { buildConsole: true }, (chromium) => {
  describe.each(DIALECTS)('CloudSSO user sign-in on %s', { timeout: 300_000 }, (dialect) => {
    let server: TestServer;
    let api: ApiClient;
    let management: string;
    let directoryId: string;
    let directoryName: string;
    let context: BrowserContext;
    let page: Page;
    let seen: ReturnType<typeof watchConsole>;
    /** The portal tab the approval happens in; signed in to the portal once. */
    let portal: Page | undefined;

    async function untilDone(TaskId: string): Promise<void> {
      for (let i = 0; i < 240; i++) {
        const { TaskStatus } = await api.call('GetTaskStatus', { DirectoryId: directoryId, TaskId });
        if (TaskStatus.Status !== 'InProgress') {
          expect(TaskStatus.Status).toBe('Success');
          return;
        }
        await new Promise((r) => setTimeout(r, 250));
      }
      throw new Error('task still InProgress');
    }

    beforeAll(async () => {
      server = await startTestServer(dialect, { env: { CLOUDSSO_DEVICE_POLL_INTERVAL: '1' } });
      api = client(server);
      const rm = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey, version: '2020-03-31' });
      management = (await rm.call('EnableResourceDirectory', { EnableMode: 'CurrentAccount' })).ResourceDirectory.MasterAccountId as string;
      const d = (await api.call('CreateDirectory', { DirectoryName: 'acme' })).Directory;
      directoryId = d.DirectoryId as string;
      directoryName = d.DirectoryName as string;
      const userId = (await api.call('CreateUser', { DirectoryId: directoryId, UserName: 'alice', DisplayName: 'Alice' })).User.UserId as string;
      await api.call('ResetUserPassword', { DirectoryId: directoryId, UserId: userId, Password: PASSWORD });
      await api.call('UpdateMFAAuthenticationSettings', { DirectoryId: directoryId, MFAAuthenticationSettings: 'Disabled' });
      await api.call('SetLoginPreference', { DirectoryId: directoryId, AllowUserToGetCredentials: true });
      for (const [name, policy] of [
        ['SSO-Admin', 'AliyunCloudSSOFullAccess'],
        ['SSO-Auditor', 'AliyunCloudSSOReadOnlyAccess'],
      ] as const) {
        const id = (await api.call('CreateAccessConfiguration', { DirectoryId: directoryId, AccessConfigurationName: name, SessionDuration: 3600 }))
          .AccessConfiguration.AccessConfigurationId as string;
        await api.call('AddPermissionPolicyToAccessConfiguration', {
          DirectoryId: directoryId,
          AccessConfigurationId: id,
          PermissionPolicyType: 'System',
          PermissionPolicyName: policy,
        });
        const task = await api.call('CreateAccessAssignment', {
          DirectoryId: directoryId,
          AccessConfigurationId: id,
          TargetType: 'RD-Account',
          TargetId: management,
          PrincipalType: 'User',
          PrincipalId: userId,
        });
        await untilDone(task.Task.TaskId as string);
      }
      context = await newContext(chromium());
      page = await context.newPage();
      seen = watchConsole(page);
    }, 120_000);
    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    const stored = (p: Page) =>
      p.evaluate((key) => ({ session: sessionStorage.getItem(key), local: JSON.stringify(localStorage) }), STORAGE_KEY);

    /**
     * The device flow from the console's sign-in page to signed in with `configuration`: the code
     * is approved in the portal tab the console opens (signed in with a password the first time).
     */
    async function signInAsUser(p: Page, configuration: string, shots = false): Promise<void> {
      await p.goto(`${server.url}/console/`);
      await p.getByRole('heading', { name: m.signIn.title }).waitFor();
      await p.getByText(m.signIn.asUser, { exact: true }).click();
      const field = p.getByLabel(m.signIn.portal);
      await field.fill('https://elsewhere.example/portal/acme/login');
      await p.getByRole('button', { name: m.signIn.startDevice }).click();
      await p.getByText(m.signIn.portalInvalid).waitFor();
      await field.fill(`${server.url}/portal/${directoryName}/login`);
      if (shots) {
        await expectNoSeriousA11yViolations(p, 'sign-in as a CloudSSO user');
        await screenshot(p, 'sign-in-user', dialect);
      }
      const opened = context.waitForEvent('page');
      await p.getByRole('button', { name: m.signIn.startDevice }).click();
      const tab = await opened;
      const code = (await p.getByRole('status', { name: m.signIn.userCode }).textContent()) ?? '';
      expect(code).toMatch(/^[B-Z]{4}-[B-Z]{4}$/);
      const approvalUrl = `${server.url}/portal/${directoryName}/device?user_code=${code}`;
      expect(await p.getByRole('link', { name: m.signIn.openApproval }).getAttribute('href')).toBe(approvalUrl);
      if (shots) {
        await expectNoSeriousA11yViolations(p, 'device code');
        await screenshot(p, 'sign-in-device-code', dialect);
      }

      // The tab the console opened: the portal's sign-in first (no portal session yet), then the approval.
      await tab.waitForLoadState();
      if (new URL(tab.url()).pathname.endsWith('/login')) {
        await tab.getByLabel('User name').fill('alice');
        await tab.getByLabel('Password').fill(PASSWORD);
        await tab.getByRole('button', { name: 'Sign in' }).click();
        await tab.waitForURL((u) => !u.pathname.endsWith('/login'));
        await tab.goto(approvalUrl);
      }
      expect(await tab.getByLabel('Code').inputValue()).toBe(code);
      await tab.getByRole('button', { name: 'Approve' }).click();
      await tab.waitForLoadState();
      await portal?.close();
      portal = tab;

      await p.getByText(m.signIn.approved).waitFor({ timeout: 60_000 });
      await expect.poll(() => p.getByRole('combobox', { name: m.signIn.account }).isVisible()).toBe(true);
      await p.getByRole('combobox', { name: m.signIn.configuration }).click();
      await p.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').getByText(configuration, { exact: true }).click();
      if (shots) {
        await expectNoSeriousA11yViolations(p, 'choose an access configuration');
        await screenshot(p, 'sign-in-choose-access', dialect);
      }
      await p.getByRole('button', { name: m.signIn.getCredentials }).click();
      await p.getByRole('button', { name: m.signOut }).waitFor();
    }

    it('signs in through the device flow with an admin configuration and creates a user', async () => {
      await signInAsUser(page, 'SSO-Admin', true);
      const label = m.signIn.userLabel(`${await accountName()} (${management})`, 'SSO-Admin');
      await page.getByText(m.signedInAsUser(label)).waitFor();
      await page.locator('.app-expiry').getByText(/^Temporary credentials expire at /).waitFor();

      // The STS credentials are in this tab's sessionStorage, with their expiry; nothing in localStorage.
      const s = await stored(page);
      expect(s.local).toBe('{}');
      const creds = JSON.parse(s.session ?? '{}') as Body;
      expect(creds).toMatchObject({ accessKeyId: expect.stringMatching(/^STS\./), accessKeySecret: expect.any(String), securityToken: expect.stringMatching(/^CAIS/) });
      expect(creds.expiration - Date.now()).toBeGreaterThan(3000_000);
      expect(creds.expiration - Date.now()).toBeLessThanOrEqual(3600_000);

      await go(page, '#/users', m.users.title);
      await page.getByRole('link', { name: 'alice' }).waitFor();
      await page.getByRole('button', { name: m.users.create }).click();
      const dialog = page.getByRole('dialog', { name: m.users.create });
      await dialog.getByLabel(m.users.userName).fill('bob');
      await dialog.getByRole('button', { name: m.common.create }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('link', { name: 'bob' }).waitFor();
      expect((await api.call('ListUsers', { DirectoryId: directoryId })).Users.map((u: Body) => u.UserName).sort()).toEqual(['alice', 'bob']);
      // Audited as the role session of the access configuration.
      const trail = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey, version: '2020-07-06' });
      const events = (await trail.call('LookupEvents', { MaxResults: 50 })).Events as Body[];
      const created = events.filter((e) => e.eventName === 'CreateUser' && e.requestParameters?.UserName === 'bob');
      expect(created.map((e) => [e.userIdentity.type, e.userIdentity.userName])).toEqual([['assumed-role', 'AliyunReservedSSO-SSO-Admin/alice']]);
      await expectNoSeriousA11yViolations(page, 'users, as a CloudSSO user');
      await screenshot(page, 'signed-in-as-user', dialect);

      // Sign-out forgets the credentials.
      await page.getByRole('button', { name: m.signOut }).click();
      await page.getByRole('heading', { name: m.signIn.title }).waitFor();
      expect(await stored(page)).toEqual({ session: null, local: '{}' });

      // The same STS credentials pasted on the AccessKey form sign in too.
      await page.getByLabel(m.signIn.accessKeyId).fill(creds.accessKeyId);
      await page.getByLabel(m.signIn.accessKeySecret).fill(creds.accessKeySecret);
      await page.getByLabel(m.signIn.securityToken).fill(creds.securityToken);
      await page.getByRole('button', { name: m.signIn.submit }).click();
      await page.getByText(m.signedInAs(creds.accessKeyId)).waitFor();
      await go(page, '#/users', m.users.title);
      await page.getByRole('link', { name: 'bob' }).waitFor();
      await page.getByRole('button', { name: m.signOut }).click();
      await page.getByRole('heading', { name: m.signIn.title }).waitFor();
      // The same ID without its token is refused with the server's own error.
      await page.getByLabel(m.signIn.accessKeyId).fill(creds.accessKeyId);
      await page.getByLabel(m.signIn.accessKeySecret).fill(creds.accessKeySecret);
      await page.getByRole('button', { name: m.signIn.submit }).click();
      await page.getByText(/^InvalidSecurityToken\.MismatchWithAccessKey: /).waitFor();
      expect(seen.errors).toEqual([]);
    });

    async function accountName(): Promise<string> {
      const rm = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey, version: '2020-03-31' });
      return (await rm.call('GetAccount', { AccountId: management })).Account.DisplayName as string;
    }

    it('a read-only configuration sees the denial naming the action, at phone width; expiry signs out', async () => {
      const other = await context.newPage();
      const otherSeen = watchConsole(other);
      try {
        // A fake clock that runs on its own until the test moves it on past the expiry.
        await other.clock.install();
        await signInAsUser(other, 'SSO-Auditor');
        await other.setViewportSize({ width: 390, height: 844 });
        await go(other, '#/users', m.users.title);
        await other.getByRole('link', { name: 'bob' }).waitFor();
        // Ant Design hides the wide columns on its breakpoint listener's next render after the resize.
        await expect.poll(() => noHorizontalScroll(other), { timeout: 10_000 }).toBe(true);
        await other.getByRole('button', { name: m.users.create }).click();
        const create = other.getByRole('dialog', { name: m.users.create });
        await create.getByLabel(m.users.userName).fill('mallory');
        await create.getByRole('button', { name: m.common.create }).click();
        await create.getByText(m.errors.denied('cloudsso:CreateUser')).waitFor();
        await create.getByText(m.errors.deniedHintRole).waitFor();
        await expectNoSeriousA11yViolations(other, 'denial of a role session at phone width');
        await screenshot(other, 'denied-role-session-phone', dialect);
        await create.getByRole('button', { name: m.common.cancel }).click();
        expect((await stored(other)).session).toContain('STS.');

        // An hour later (the configuration's SessionDuration) the console says so and signs out.
        await other.clock.fastForward('01:00:05');
        await other.getByText(m.signIn.expired).waitFor();
        await other.getByRole('heading', { name: m.signIn.title }).waitFor();
        expect(await stored(other)).toEqual({ session: null, local: '{}' });
        await expectNoSeriousA11yViolations(other, 'expired');
        expect(otherSeen.errors).toEqual([]);
        expect(otherSeen.failedLoads.length).toBeGreaterThan(0);
      } finally {
        await other.close();
      }
      expect((await api.call('ListUsers', { DirectoryId: directoryId })).Users.map((u: Body) => u.UserName)).not.toContain('mallory');
    });
  });
});
