/// <reference lib="dom" />
// Functions passed to page.evaluate() run in the browser.
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../console/src/messages.js';
import { choose, go, noHorizontalScroll, screenshot, signIn } from '../support/console.js';
import { describeWithChromium, expectNoSeriousA11yViolations, newContext, watchConsole } from '../support/browser.js';
import { makeClient, type ApiClient } from '../support/clients.js';
import { client } from '../support/management.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * Access management in a real browser (Debian's chromium) against a real server on each
 * database: an access configuration is created with a System and an inline policy, a user is
 * assigned on a member account made through Resource Manager's API, the task is followed until
 * Success, the provisioning is listed and reprovisioned; each page's empty state, axe-core, phone
 * width, and no console error.
 */
describeWithChromium('web console access pages in chromium', { buildConsole: true }, (chromium) => {
  const succeeded = new RegExp(`^Task \\S+: ${m.access.taskStatus['Success']}$`);

  describe.each(DIALECTS)('web console access pages on %s', { timeout: 240_000 }, (dialect) => {
    let server: TestServer;
    let api: ApiClient;
    let directoryId: string;
    let accountId: string;
    let userId: string;
    let context: BrowserContext;
    let page: Page;
    let seen: ReturnType<typeof watchConsole>;
    beforeAll(async () => {
      server = await startTestServer(dialect);
      api = client(server);
      directoryId = (await api.call('CreateDirectory', { DirectoryName: 'console-access' })).Directory.DirectoryId as string;
      userId = (await api.call('CreateUser', { DirectoryId: directoryId, UserName: 'ana', DisplayName: 'Ana' })).User.UserId as string;
      const rm = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey, version: '2020-03-31' });
      await rm.call('EnableResourceDirectory', { EnableMode: 'CurrentAccount' });
      accountId = (await rm.call('CreateResourceAccount', { DisplayName: 'Production', AccountNamePrefix: 'prod' })).Account.AccountId as string;
      context = await newContext(chromium());
      page = await context.newPage();
      seen = watchConsole(page);
      await signIn(page, server);
    });
    afterAll(async () => {
      await context?.close();
      await server?.close();
    });

    it('shows the empty states, creates a configuration, adds a System and an inline policy checked as the server checks it', async () => {
      await go(page, '#/access-configurations', m.access.configurationsTitle);
      await page.getByText(m.access.configurationsEmpty).waitFor();
      await expectNoSeriousA11yViolations(page, 'access configurations, empty');

      await page.getByRole('button', { name: m.access.createConfiguration }).click();
      const create = page.getByRole('dialog', { name: m.access.createConfiguration });
      await create.getByLabel(m.access.configurationName).fill('Developers');
      await create.getByLabel(m.common.description).fill('ECS for developers');
      await create.getByLabel(m.access.sessionDuration).fill('100');
      await create.getByRole('button', { name: m.common.create }).click();
      await create.getByText(m.access.sessionDurationInvalid).waitFor();
      await create.getByLabel(m.access.sessionDuration).fill('7200');
      await create.getByRole('button', { name: m.common.create }).click();
      await page.getByRole('heading', { level: 1, name: 'Developers' }).waitFor();
      const listed = (await api.call('ListAccessConfigurations', { DirectoryId: directoryId })).AccessConfigurations;
      expect(listed).toMatchObject([{ AccessConfigurationName: 'Developers', Description: 'ECS for developers', SessionDuration: 7200 }]);
      const configurationId = listed[0].AccessConfigurationId as string;
      await page.getByText(m.access.policiesEmpty).waitFor();

      await page.getByRole('button', { name: m.access.addSystemPolicy }).click();
      const system = page.getByRole('dialog', { name: m.access.addSystemPolicy });
      await choose(page, system, m.access.systemPolicy, 'AliyunECSFull', 'AliyunECSFullAccess');
      await system.getByRole('button', { name: m.common.add }).click();
      await system.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: 'AliyunECSFullAccess', exact: true }).waitFor();

      await page.getByRole('button', { name: m.access.addInlinePolicy }).click();
      const inline = page.getByRole('dialog', { name: m.access.addInlinePolicy });
      await inline.getByLabel(m.access.policyName).fill('ReadLogs');
      const editor = inline.getByLabel(m.ram.policyDocument);
      await editor.fill('{"Version":"1","Statement":[{"Effect":"Maybe","Action":"log:Get*","Resource":"*"}]}');
      await inline.locator('.policy-status.invalid').waitFor();
      expect(await inline.getByRole('button', { name: m.common.add }).isDisabled()).toBe(true);
      await editor.fill('{"Version":"1","Statement":[{"Effect":"Allow","Action":"log:Get*","Resource":"*"}]}');
      await inline.getByText(m.ram.policyValid).waitFor();
      await expectNoSeriousA11yViolations(page, 'inline policy editor');
      await inline.getByRole('button', { name: m.common.add }).click();
      await inline.waitFor({ state: 'hidden' });
      await page.getByRole('cell', { name: 'ReadLogs', exact: true }).waitFor();
      const policies = (await api.call('ListPermissionPoliciesInAccessConfiguration', { DirectoryId: directoryId, AccessConfigurationId: configurationId }))
        .PermissionPolicies as { PermissionPolicyName: string; PermissionPolicyType: string }[];
      expect(policies.map((p) => `${p.PermissionPolicyType}:${p.PermissionPolicyName}`).sort()).toEqual(['Inline:ReadLogs', 'System:AliyunECSFullAccess']);
      await expectNoSeriousA11yViolations(page, 'access configuration');
      await screenshot(page, 'access-configuration', dialect);
    });

    it('assigns the user on the member account, follows the task to Success, and lists the provisioning', async () => {
      await go(page, '#/assignments', m.access.assignmentsTitle);
      await page.getByText(m.access.assignmentsEmpty).waitFor();
      await page.getByRole('button', { name: m.access.createAssignment }).click();
      const dialog = page.getByRole('dialog', { name: m.access.createAssignment });
      // Nothing chosen: the form says what is missing, nothing is sent.
      await dialog.getByRole('button', { name: m.common.create }).click();
      await dialog.getByText(m.access.required(m.access.account)).waitFor();
      await choose(page, dialog, m.access.configuration, 'Dev', 'Developers');
      await choose(page, dialog, m.access.principal, 'an', 'ana (Ana)');
      await choose(page, dialog, m.access.account, 'Prod', `Production (${accountId})`);
      await expectNoSeriousA11yViolations(page, 'assignment dialog');
      await dialog.getByRole('button', { name: m.common.create }).click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByRole('status', { name: succeeded }).waitFor({ timeout: 60_000 });
      await page.getByRole('link', { name: `ana (${m.access.user})` }).waitFor();
      const assignments = (await api.call('ListAccessAssignments', { DirectoryId: directoryId })).AccessAssignments;
      expect(assignments).toMatchObject([{ PrincipalType: 'User', PrincipalId: userId, TargetId: accountId, AccessConfigurationName: 'Developers' }]);
      await expectNoSeriousA11yViolations(page, 'assignments');
      await screenshot(page, 'assignments', dialect);

      await go(page, '#/tasks', m.access.tasksTitle);
      await page.getByRole('status', { name: succeeded }).first().waitFor();
      await page.getByRole('cell', { name: 'CreateAccessAssignment', exact: true }).first().waitFor();
      await expectNoSeriousA11yViolations(page, 'tasks');
      await screenshot(page, 'tasks', dialect);

      await go(page, '#/provisionings', m.access.provisioningsTitle);
      const reprovision = page.getByRole('button', { name: m.access.reprovisionLabel('Developers', 'Production') });
      await reprovision.waitFor();
      await page.getByText(m.access.provisioningStatus['Provisioned'] ?? '', { exact: true }).waitFor();
      await expectNoSeriousA11yViolations(page, 'provisionings');
      await screenshot(page, 'provisionings', dialect);
      await reprovision.click();
      await page.getByRole('status', { name: succeeded }).waitFor({ timeout: 60_000 });
      const tasks = (await api.call('ListTasks', { DirectoryId: directoryId, TaskType: 'ProvisionAccessConfiguration' })).Tasks;
      expect(tasks.some((t: { Status: string }) => t.Status === 'Success')).toBe(true);

      // An empty filter result on the same page.
      await page.getByRole('combobox', { name: m.access.statusFilter }).click();
      await page.locator('.ant-select-item-option').getByText(m.access.provisioningStatus['DeprovisionFailed'] ?? '', { exact: true }).click();
      await page.getByText(m.access.provisioningsEmpty).waitFor();
      expect(seen.errors).toEqual([]);
    });

    it('works at phone width', async () => {
      const phone = await context.newPage();
      const phoneSeen = watchConsole(phone);
      try {
        await phone.setViewportSize({ width: 390, height: 844 });
        await signIn(phone, server);
        for (const [route, title] of [
          ['#/access-configurations', m.access.configurationsTitle],
          ['#/assignments', m.access.assignmentsTitle],
          ['#/provisionings', m.access.provisioningsTitle],
          ['#/tasks', m.access.tasksTitle],
        ] as const) {
          await go(phone, route, title);
          await phone.locator('.ant-table-row').first().waitFor();
          expect(await noHorizontalScroll(phone), route).toBe(true);
          await expectNoSeriousA11yViolations(phone, `${route} at phone width`);
          if (route === '#/assignments') await screenshot(phone, 'assignments-phone', dialect);
        }
        expect(phoneSeen.errors).toEqual([]);
      } finally {
        await phone.close();
      }
    });
  });
});
