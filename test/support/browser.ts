/// <reference lib="dom" />
// Functions passed to page.evaluate() run in the browser.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * Debian's chromium driven by playwright-core (no browser download). Outside CI a machine
 * without chromium skips the browser tests with a message; in CI (CI=true) their absence fails.
 */
export const CHROMIUM = process.env.CLOUDSSO_TEST_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const IN_CI = /^(1|true|yes)$/i.test(process.env.CI ?? '');
export const INSTALL_HINT = `chromium not found at ${CHROMIUM}: install it with \`apt-get update && apt-get install -y chromium\` (Debian), or point CLOUDSSO_TEST_CHROMIUM at a Chromium binary.`;

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const root = new URL('../../', import.meta.url);

/** Builds dist/console if its sources changed (a no-op when `npm run build` already did). */
export function ensureConsoleBuilt(): void {
  execFileSync(process.execPath, [new URL('scripts/build-console.mjs', root).pathname], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Debian's chromium with the flags above; playwright gives it a fresh --user-data-dir (a temp
 * dir it removes on close). Each suite opens its own context and closes it before its server,
 * so no keep-alive connection outlives the suite.
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, timeout: 60_000 });
}

export async function newContext(browser: Browser): Promise<BrowserContext> {
  // Reduced motion: the console then has no animations (console/src/main.tsx), so no click lands
  // on a dialog still zooming in or on a button an error message's collapse is still moving.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  // Generous: a loaded 2-core machine can take seconds to parse the bundle; a pass takes far less.
  context.setDefaultTimeout(20_000);
  return context;
}

/**
 * Console errors and uncaught exceptions of a page. A 4xx answer of the API that a test provokes
 * on purpose (a denial, a refused request) is logged by Chromium as "Failed to load resource";
 * those are listed apart, not counted as the console's errors.
 */
export function watchConsole(page: Page): { errors: string[]; failedLoads: string[] } {
  const seen = { errors: [] as string[], failedLoads: [] as string[] };
  page.on('console', (msg) => {
    if (msg.type() !== 'error' && msg.type() !== 'warning') return;
    const text = msg.text();
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) seen.failedLoads.push(text);
    else seen.errors.push(`${msg.type()}: ${text}`);
  });
  page.on('pageerror', (err) => seen.errors.push(`pageerror: ${err.message}`));
  return seen;
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A/AA and best practices). */
export async function expectNoSeriousA11yViolations(page: Page, what: string): Promise<void> {
  // Check the page at rest: no hover colour under the pointer, no button mid-request, no fade.
  await page.mouse.move(0, 0);
  await page.waitForFunction(
    () => !document.querySelector('.ant-btn-loading') && document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().endTime === Infinity),
    undefined,
    { timeout: 10_000 },
  );
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) }));
  });
  const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious, `${what}: ${JSON.stringify(serious, null, 1)}`).toEqual([]);
}

/** Where screenshots go when CLOUDSSO_CONSOLE_SCREENSHOTS is set (docs/console when it is `docs`). */
export function screenshotDir(): string | undefined {
  const v = process.env.CLOUDSSO_CONSOLE_SCREENSHOTS;
  if (!v) return undefined;
  return v === 'docs' ? new URL('docs/console/', root).pathname : v;
}

/**
 * A browser suite: chromium launched once for `body` and closed after it. Without chromium the
 * suite is skipped with the install hint outside CI, and fails in CI (CI=true), where `.ci/run`
 * must have installed it. `buildConsole` rebuilds dist/console first when its sources changed.
 */
export function describeWithChromium(name: string, options: { buildConsole?: boolean }, body: (chromium: () => Browser) => void): void {
  if (!HAVE_CHROMIUM && !IN_CI) {
    describe.skip(`${name} (skipped: ${INSTALL_HINT})`, () => {
      it('needs chromium', () => undefined);
    });
    console.warn(`Skipping "${name}": ${INSTALL_HINT}`);
    return;
  }
  if (!HAVE_CHROMIUM) {
    describe(name, () => {
      it('has chromium to run in (CI must install it: .ci/run does)', () => {
        throw new Error(INSTALL_HINT);
      });
    });
    return;
  }
  let browser: Browser | undefined;
  beforeAll(async () => {
    if (options.buildConsole) ensureConsoleBuilt();
    browser = await launchChromium();
  }, 120_000);
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail' && browser) await reportPages(browser, task.name);
  });
  afterAll(async () => {
    await browser?.close();
  });
  body(() => {
    if (!browser) throw new Error('chromium did not start: see the beforeAll error above');
    return browser;
  });
}

/**
 * After a failed browser test: what each open page showed (its URL, its open dialogs and alerts)
 * goes to stderr, and a screenshot of it to a temp dir, so a failure in CI can be read from its log.
 */
async function reportPages(browser: Browser, testName: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-browser-failure-'));
  let n = 0;
  for (const context of browser.contexts()) {
    for (const page of context.pages()) {
      n += 1;
      try {
        const shown = await page.evaluate(() =>
          Array.from(document.querySelectorAll('[role="dialog"], [role="alert"], .ant-popover:not(.ant-popover-hidden), .ant-form-item-explain'))
            .map((e) => `${e.getAttribute('role') ?? e.className.split(' ')[0]}: ${(e as HTMLElement).innerText.replace(/\s+/g, ' ').trim().slice(0, 500)}`)
            .filter((line) => !line.endsWith(': ')),
        );
        const path = join(dir, `page-${n}.png`);
        await page.screenshot({ path, fullPage: true });
        console.error(`[${testName}] page ${n} at ${page.url()} (screenshot ${path}) shows:\n  ${shown.join('\n  ') || '(no dialog, alert or form message)'}`);
      } catch (error) {
        console.error(`[${testName}] page ${n} at ${page.url()} could not be read: ${(error as Error).message}`);
      }
    }
  }
}
