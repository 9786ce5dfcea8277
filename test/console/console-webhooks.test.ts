import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { m } from '../../console/src/messages.js';
import { confirmPopover, go, screenshot, signIn } from '../support/console.js';
import { describeWithChromium, expectNoSeriousA11yViolations, newContext, watchConsole } from '../support/browser.js';
import { makeClient, type ApiClient } from '../support/clients.js';
import { client } from '../support/management.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver.js';

/**
 * The webhooks page in a real browser against a real server on each database: a webhook created
 * in the console shows its secret once and receives the next change, whose delivery the page shows;
 * the server's refusal of a bad URL is shown; delete removes it. axe-core checks the page.
 */
describeWithChromium('web console webhooks in chromium', { buildConsole: true }, (chromium) => {
  describe.each(DIALECTS)('web console webhooks on %s', { timeout: 240_000 }, (dialect) => {
    let server: TestServer;
    let api: ApiClient;
    let ext: ApiClient;
    let receiver: WebhookReceiver;
    let context: BrowserContext;
    let page: Page;
    let seen: ReturnType<typeof watchConsole>;
    beforeAll(async () => {
      server = await startTestServer(dialect, { env: { CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
      api = client(server);
      ext = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey, version: '2026-12-01' });
      receiver = await startWebhookReceiver();
      context = await newContext(chromium());
      page = await context.newPage();
      seen = watchConsole(page);
      await signIn(page, server, server.rootKey);
    });
    afterAll(async () => {
      await context?.close();
      await server?.close();
      await receiver?.close();
    });

    it('creates a webhook with its secret shown once, shows its deliveries, refuses a bad URL, deletes it', async () => {
      await go(page, '#/webhooks', m.webhooks.title);
      await page.getByText(m.webhooks.empty).waitFor();
      await expectNoSeriousA11yViolations(page, 'webhooks (empty)');

      // The server's refusal, in its words.
      await page.getByRole('button', { name: m.webhooks.create }).click();
      const dialog = page.getByRole('dialog', { name: m.webhooks.create });
      await dialog.getByLabel(m.webhooks.url).fill('ftp://example.com/hook');
      await dialog.getByRole('button', { name: m.common.create }).click();
      await dialog.getByText(/InvalidParameter\.Url/).waitFor();

      await dialog.getByLabel(m.webhooks.url).fill(receiver.url);
      await dialog.getByLabel(m.common.description).fill('console hook');
      await dialog.getByRole('button', { name: m.common.create }).click();
      const created = page.getByRole('dialog', { name: m.webhooks.createdTitle });
      await created.waitFor();
      const secret = await created.locator('#new-webhook-secret').inputValue();
      expect(secret).toMatch(/^whsec_/);
      await expectNoSeriousA11yViolations(page, 'webhook created');
      await screenshot(page, 'webhook-created', dialect);
      await created.getByRole('button', { name: m.webhooks.secretCopiedClose }).click();
      await created.waitFor({ state: 'detached' });

      const { Webhooks } = await ext.call('ListWebhooks');
      expect(Webhooks).toEqual([expect.objectContaining({ Url: receiver.url, Description: 'console hook', EventTypes: ['*'] })]);
      const id = Webhooks[0].WebhookId as string;
      await page.getByRole('cell', { name: id, exact: true }).waitFor();
      // Closed, the dialog takes the secret with it: it is not left hidden in the page.
      await expect.poll(async () => (await page.content()).includes(secret), { timeout: 10_000 }).toBe(false);

      // A change, then its delivery in the log.
      const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `console-hooks-${dialect}` })).Directory.DirectoryId;
      await api.call('CreateUser', { DirectoryId, UserName: 'hooked' });
      await expect.poll(() => receiver.received.length, { timeout: 20_000 }).toBe(1);
      await page.getByRole('button', { name: `${m.webhooks.deliveries} ${id}` }).click();
      const drawer = page.getByRole('dialog', { name: m.webhooks.deliveriesOf(id) });
      await drawer.getByRole('cell', { name: 'user.created', exact: true }).waitFor();
      await drawer.getByRole('cell', { name: 'Succeeded', exact: true }).waitFor();
      await expectNoSeriousA11yViolations(page, 'webhook deliveries');
      await drawer.getByRole('button', { name: /close/i }).click();
      await drawer.waitFor({ state: 'hidden' });

      await page.getByRole('button', { name: `${m.common.delete} ${id}` }).click();
      await confirmPopover(page, m.common.delete);
      await page.getByText(m.webhooks.empty).waitFor();
      expect((await ext.call('ListWebhooks')).TotalCounts).toBe(0);
      expect(seen.errors).toEqual([]);
    });
  });
});
