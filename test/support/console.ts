/// <reference lib="dom" />
// Functions passed to page.evaluate() run in the browser.
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { m } from '../../console/src/messages.js';
import { screenshotDir } from './browser.js';
import type { TestServer } from './server.js';

/**
 * Steps the web console's browser tests share: sign in, go to a page, confirm a popover or a
 * dialog, pick from a select, and take the documentation's screenshots.
 */

const shots = screenshotDir();

/** A full-page screenshot for the docs (CLOUDSSO_SCREENSHOTS), once per run: from the SQLite pass. */
export async function screenshot(page: Page, name: string, dialect: string): Promise<void> {
  if (shots && dialect === 'sqlite') await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

/** Signs in with an access key (the server's root key unless another is given). */
export async function signIn(page: Page, server: TestServer, key: { id: string; secret: string } = server.rootKey): Promise<void> {
  await page.goto(`${server.url}/console/`);
  await page.getByLabel(m.signIn.accessKeyId).fill(key.id);
  await page.getByLabel(m.signIn.accessKeySecret).fill(key.secret);
  await page.getByRole('button', { name: m.signIn.submit }).click();
  await page.getByRole('button', { name: m.signOut }).waitFor();
}

/** Follows a hash route and waits for the page's heading. */
export async function go(page: Page, route: string, heading: string): Promise<void> {
  await page.evaluate((r) => (location.hash = r), route);
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

/** Presses the button of the open Popconfirm. */
export async function confirmPopover(page: Page, okText: string): Promise<void> {
  await page.locator('.ant-popconfirm:not(.ant-popover-hidden)').getByRole('button', { name: okText, exact: true }).click();
}

/** Presses the button of the open confirmation dialog and waits for it to go. */
export async function confirmModal(page: Page, okText: string): Promise<void> {
  await page.locator('.ant-modal-confirm').getByRole('button', { name: okText, exact: true }).click();
  await page.locator('.ant-modal-confirm').waitFor({ state: 'detached' });
}

/** Opens an Ant Design Select by its label, types to search, and picks the option. */
export async function choose(page: Page, scope: Locator, label: string, search: string, option: string): Promise<void> {
  const box = scope.getByRole('combobox', { name: label });
  await box.click();
  await box.fill(search);
  await page.locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option').getByText(option, { exact: true }).click();
}

/** True when the page is no wider than the window (checked at phone width). */
export const noHorizontalScroll = (page: Page): Promise<boolean> => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
