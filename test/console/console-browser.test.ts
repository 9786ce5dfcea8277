/// <reference lib="dom" />
// Functions passed to page.evaluate() run in the browser.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../console/src/messages.js';
import { confirmPopover, go, screenshot, signIn } from '../support/console.js';
import { describeWithChromium, expectNoSeriousA11yViolations, newContext, watchConsole } from '../support/browser.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * The web console in a real browser (Debian's chromium) against a real server on each database:
 * the SCIM credential lifecycle end to end, users and groups, and a read-only RAM user's denial.
 * Every page it visits is checked with axe-core and must log no console error.
 */
describeWithChromium('web console in chromium', { buildConsole: true }, (chromium) => {
  /** Presses Tab until the element with this id has the focus (at most 5 times). */
  async function tabTo(page: Page, id: string): Promise<void> {
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      if ((await page.evaluate(() => document.activeElement?.id)) === id) return;
    }
    throw new Error(`Tab never reached #${id}`);
  }

  function scimList(server: TestServer, secret: string): Promise<number> {
    return fetch(`${server.url}/scim/v2/Users?count=1`, { headers: { authorization: `Bearer ${secret}` } }).then((r) => r.status);
  }

  describe.each(DIALECTS)('web console on %s', { timeout: 240_000 }, (dialect) => {
    let server: TestServer;
    let context: BrowserContext;
    let page: Page;
    let seen: ReturnType<typeof watchConsole>;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      context = await newContext(chromium());
      page = await context.newPage();
      seen = watchConsole(page);
    });
    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    it('signs in with the keyboard alone and keeps the key out of localStorage', async () => {
      await page.goto(`${server.url}/console`);
      await page.getByRole('heading', { name: m.signIn.title }).waitFor();
      await expectNoSeriousA11yViolations(page, 'sign-in');
      await screenshot(page, 'sign-in', dialect);
      await tabTo(page, 'accessKeyId');
      await page.keyboard.type(server.rootKey.id);
      await tabTo(page, 'accessKeySecret');
      await page.keyboard.type(server.rootKey.secret);
      await tabTo(page, 'remember'); // past the secret's Show button
      await page.keyboard.press('Space'); // "keep me signed in while this tab is open"
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: m.signOut }).waitFor();
      const stored = await page.evaluate(() => ({ local: JSON.stringify(localStorage), session: JSON.stringify(sessionStorage) }));
      expect(stored.local).not.toContain(server.rootKey.secret);
      expect(stored.session).toContain(server.rootKey.id);
      // The skip link is the first stop and moves focus to the page.
      await page.keyboard.press('Tab');
      await expect.poll(() => page.evaluate(() => document.activeElement?.textContent), { timeout: 20_000 }).toBe(m.skipToContent);
    });

    it('creates a directory, enables SCIM, and a credential it created then disabled stops working', async () => {
      await page.getByRole('button', { name: m.directory.create }).click();
      await page.getByRole('heading', { level: 1, name: m.directory.title }).waitFor();
      await page.getByText(m.directory.statistics).waitFor();
      expect(await page.getByRole('textbox', { name: m.directory.scimEndpoint }).inputValue()).toBe(`${server.url}/scim/v2`);
      const sync = page.getByRole('switch', { name: m.directory.syncSwitch });
      await expect.poll(() => sync.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('false');
      await sync.click();
      await expect.poll(() => sync.getAttribute('aria-checked'), { timeout: 20_000 }).toBe('true');
      await page.getByText(m.directory.syncOn).waitFor();
      await expectNoSeriousA11yViolations(page, 'overview');
      await screenshot(page, 'overview', dialect);

      await go(page, '#/scim-credentials', m.scim.title);
      await page.getByText(m.scim.empty).waitFor();
      await page.getByRole('button', { name: m.scim.create }).click();
      const dialog = page.getByRole('dialog', { name: m.scim.createdTitle });
      await dialog.getByText(m.scim.secretWarning).waitFor();
      const secret = await dialog.getByRole('textbox', { name: m.scim.secretLabel }).inputValue();
      const credentialId = await dialog.getByRole('textbox', { name: m.scim.id, exact: true }).inputValue();
      expect(secret.length).toBeGreaterThan(20);
      await expectNoSeriousA11yViolations(page, 'credential secret dialog');
      await screenshot(page, 'scim-credential-created', dialect);
      await dialog.getByRole('button', { name: m.scim.secretCopiedClose }).click();
      await dialog.waitFor({ state: 'hidden' });

      expect(await scimList(server, secret)).toBe(200);

      await page.getByRole('button', { name: `${m.common.disable} ${credentialId}` }).click();
      await page.getByText(m.scim.confirmDisable).waitFor();
      await confirmPopover(page, m.common.disable);
      await page.getByRole('button', { name: `${m.common.enable} ${credentialId}` }).waitFor();
      expect(await scimList(server, secret)).toBe(401);
      await expectNoSeriousA11yViolations(page, 'SCIM credentials');
      await screenshot(page, 'scim-credentials', dialect);
    });

    it('creates users, finds them by name, and shows a user with its groups', async () => {
      await go(page, '#/users', m.users.title);
      await page.getByText(m.users.empty).waitFor();
      for (const [name, display] of [
        ['alice.smith', 'Alice Smith'],
        ['alan.turing', 'Alan Turing'],
        ['bob.jones', 'Bob Jones'],
      ]) {
        await page.getByRole('button', { name: m.users.create }).click();
        const dialog = page.getByRole('dialog', { name: m.users.create });
        await dialog.getByLabel(m.users.userName).fill(name!);
        await dialog.getByLabel(m.common.displayName).fill(display!);
        await dialog.getByRole('button', { name: m.common.create }).click();
        await dialog.waitFor({ state: 'hidden' });
        await page.getByRole('link', { name: name! }).waitFor();
      }
      await page.getByRole('searchbox', { name: m.users.searchLabel }).fill('al');
      await page.getByRole('button', { name: m.common.search }).click();
      await page.getByRole('link', { name: 'bob.jones' }).waitFor({ state: 'detached' });
      expect(await page.getByRole('link', { name: /^al/ }).count()).toBe(2);
      await page.getByRole('searchbox', { name: m.users.searchLabel }).fill('zed');
      await page.getByRole('button', { name: m.common.search }).click();
      await page.getByText(m.users.emptySearch('zed')).waitFor();
      await page.getByRole('searchbox', { name: m.users.searchLabel }).fill('');
      await page.getByRole('button', { name: m.common.search }).click();
      await page.getByRole('link', { name: 'bob.jones' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'users');
      await screenshot(page, 'users', dialect);

      await go(page, '#/groups', m.groups.title);
      await page.getByRole('button', { name: m.groups.create }).click();
      const dialog = page.getByRole('dialog', { name: m.groups.create });
      await dialog.getByLabel(m.groups.groupName).fill('engineering');
      await dialog.getByRole('button', { name: m.common.create }).click();
      await page.getByRole('link', { name: 'engineering' }).click();
      await page.getByRole('heading', { level: 1, name: 'engineering' }).waitFor();
      await page.getByText(m.groups.noMembers).waitFor();
      await page.getByLabel(m.groups.addMemberLabel).fill('alice.smith');
      await page.getByRole('button', { name: m.groups.addMember }).click();
      await page.getByRole('link', { name: 'alice.smith' }).waitFor();
      await expectNoSeriousA11yViolations(page, 'group');
      await screenshot(page, 'group', dialect);

      await page.getByRole('link', { name: 'alice.smith' }).click();
      await page.getByRole('heading', { level: 1, name: 'alice.smith' }).waitFor();
      await page.getByRole('link', { name: 'engineering' }).waitFor();
      await page.getByText(m.users.manual, { exact: true }).first().waitFor();
      await page.getByRole('button', { name: m.common.disable }).click();
      await confirmPopover(page, m.common.disable);
      await page.getByRole('button', { name: m.common.enable }).waitFor();
      await expectNoSeriousA11yViolations(page, 'user');
      await screenshot(page, 'user', dialect);
    });

    it('a RAM user with a read-only policy made in the console sees which action it lacks', async () => {
      await go(page, '#/ram/policies', m.ram.policiesTitle);
      await page.getByRole('button', { name: m.ram.createPolicy }).click();
      const dialog = page.getByRole('dialog', { name: m.ram.createPolicy });
      await dialog.getByLabel(m.ram.policyName).fill('ConsoleReadOnly');
      const editor = dialog.getByLabel(m.ram.policyDocument);
      const template = await editor.inputValue();
      await editor.fill(template.replace('"Allow"', '"Permit"'));
      await dialog.getByText(/Not a valid policy: Statement\[0\]\.Effect/).waitFor();
      await expectNoSeriousA11yViolations(page, 'policy editor');
      await screenshot(page, 'policy-editor', dialect);
      // The server says the same, in its own words, when the document is sent anyway.
      await dialog.getByRole('button', { name: m.common.create }).click();
      await dialog.getByText(/InvalidParameter\.PolicyDocument/).waitFor();
      await editor.fill(template);
      await dialog.getByText(m.ram.policyValid).waitFor();
      await dialog.getByRole('button', { name: m.common.create }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('link', { name: 'ConsoleReadOnly' }).waitFor();

      await go(page, '#/ram/users', m.ram.usersTitle);
      await page.getByRole('button', { name: m.ram.createUser }).click();
      const userDialog = page.getByRole('dialog', { name: m.ram.createUser });
      await userDialog.getByLabel(m.ram.userName).fill('auditor');
      await userDialog.getByRole('button', { name: m.common.create }).click();
      await page.getByRole('link', { name: 'auditor' }).click();
      await page.getByRole('heading', { level: 1, name: 'auditor' }).waitFor();
      await page.getByRole('combobox', { name: m.ram.attachLabel }).click();
      await page.keyboard.type('ConsoleRead');
      await page.locator('.ant-select-item-option-active').getByText('ConsoleReadOnly (Custom)').waitFor();
      await page.keyboard.press('Enter');
      await page.getByRole('button', { name: m.ram.attach }).click();
      await page.getByRole('link', { name: 'ConsoleReadOnly' }).waitFor();
      await page.getByRole('button', { name: m.ram.createKey }).click();
      const keyDialog = page.getByRole('dialog', { name: m.ram.keyCreatedTitle });
      const key = { id: await keyDialog.getByRole('textbox', { name: m.ram.keyId }).inputValue(), secret: await keyDialog.getByRole('textbox', { name: m.ram.keySecret }).inputValue() };
      await keyDialog.getByRole('button', { name: m.scim.secretCopiedClose }).click();
      await expectNoSeriousA11yViolations(page, 'RAM user');
      await screenshot(page, 'ram-user', dialect);

      // Another tab starts signed out (the key lives in this tab only), at phone width.
      const phone = await context.newPage();
      const phoneSeen = watchConsole(phone);
      try {
        await phone.setViewportSize({ width: 390, height: 844 });
        await signIn(phone, server, key);
        await go(phone, '#/users', m.users.title);
        await phone.getByRole('link', { name: 'alice.smith' }).waitFor();
        expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
        await phone.getByRole('button', { name: m.users.create }).click();
        const create = phone.getByRole('dialog', { name: m.users.create });
        await create.getByLabel(m.users.userName).fill('mallory');
        await create.getByRole('button', { name: m.common.create }).click();
        await create.getByText(m.errors.denied('cloudsso:CreateUser')).waitFor();
        await create.getByText(m.errors.deniedHint).waitFor();
        await expectNoSeriousA11yViolations(phone, 'denial at phone width');
        await screenshot(phone, 'denied-phone', dialect);
        await create.getByRole('button', { name: m.common.cancel }).click();
        await phone.getByRole('button', { name: m.openMenu }).click();
        await phone.getByRole('link', { name: m.nav.scimCredentials }).click();
        await phone.getByRole('heading', { level: 1, name: m.scim.title }).waitFor();
        expect(phoneSeen.errors).toEqual([]);
        expect(phoneSeen.failedLoads.length).toBe(1);
      } finally {
        await phone.close();
      }
      expect(seen.errors).toEqual([]);
    });
  });
});
