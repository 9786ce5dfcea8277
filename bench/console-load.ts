/**
 * The web console's initial load in Debian's chromium: which built files the browser fetches
 * before the first page is usable (raw and gzip bytes, from dist/console), and how long that
 * takes, measured cold (a fresh browser context each run, so nothing is cached).
 *
 *   node --import tsx bench/console-load.ts            # 5 runs on SQLite
 *   CONSOLE_LOAD_RUNS=10 node --import tsx bench/console-load.ts
 *   CONSOLE_LOAD_NO_BUILD=1 ...                       # measure dist/console as it is (another build)
 *
 * Two figures per run: the sign-in page (navigation start to its heading), and the directory
 * overview of a tab already signed in (sessionStorage), from navigation start to its statistics.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { m } from '../console/src/messages.js';
import { ensureConsoleBuilt, launchChromium } from '../test/support/browser.js';
import { startTestServer } from '../test/support/server.js';

const RUNS = Number(process.env.CONSOLE_LOAD_RUNS ?? 5);
const dist = new URL('../dist/console/', import.meta.url).pathname;

function sizes(paths: Iterable<string>): { files: string[]; raw: number; gzip: number } {
  const files = [...paths].sort();
  let raw = 0;
  let gzip = 0;
  for (const f of files) {
    raw += statSync(join(dist, f)).size;
    gzip += statSync(join(dist, `${f}.gz`)).size;
  }
  return { files, raw, gzip };
}

const kb = (n: number) => `${(n / 1000).toFixed(0)} kB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

if (!process.env.CONSOLE_LOAD_NO_BUILD) ensureConsoleBuilt();
const server = await startTestServer('sqlite');
const browser = await launchChromium();
try {
  // A directory, so the overview has something to show.
  {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/console/`);
    await page.getByLabel(m.signIn.accessKeyId).fill(server.rootKey.id);
    await page.getByLabel(m.signIn.accessKeySecret).fill(server.rootKey.secret);
    await page.getByRole('button', { name: m.signIn.submit }).click();
    await page.getByRole('button', { name: m.directory.create }).click();
    await page.getByText(m.directory.statistics).waitFor();
    await context.close();
  }
  const signInTimes: number[] = [];
  const overviewTimes: number[] = [];
  let signInFiles = new Set<string>();
  let overviewFiles = new Set<string>();
  for (let i = 0; i < RUNS; i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const fetched = new Set<string>();
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/console/assets/')) fetched.add(path.slice('/console/'.length));
    });
    await page.goto(`${server.url}/console/`, { waitUntil: 'commit' });
    await page.getByRole('heading', { name: m.signIn.title }).waitFor();
    signInTimes.push(await page.evaluate(() => performance.now()));
    signInFiles = new Set(fetched);
    await page.evaluate(
      ([id, secret]) => sessionStorage.setItem('cloudsso.console.session', JSON.stringify({ accessKeyId: id, accessKeySecret: secret })),
      [server.rootKey.id, server.rootKey.secret] as const,
    );
    // A second, cold context signed in through sessionStorage is not possible (per tab), so the
    // overview is timed in this tab on a reload with the HTTP cache disabled.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    fetched.clear();
    await page.reload({ waitUntil: 'commit' });
    await page.getByText(m.directory.statistics).waitFor();
    overviewTimes.push(await page.evaluate(() => performance.now()));
    overviewFiles = new Set(fetched);
    await context.close();
  }
  const html = readFileSync(join(dist, 'index.html'));
  const signIn = sizes(signInFiles);
  const overview = sizes(overviewFiles);
  console.log(`index.html: ${html.length} bytes`);
  console.log(`sign-in page: ${signIn.files.length} files, ${kb(signIn.raw)} raw, ${kb(signIn.gzip)} gzip; ${signIn.files.join(', ')}`);
  console.log(`overview signed in: ${overview.files.length} files, ${kb(overview.raw)} raw, ${kb(overview.gzip)} gzip; ${overview.files.join(', ')}`);
  console.log(`sign-in page usable: median ${median(signInTimes).toFixed(0)} ms of ${RUNS} runs (${signInTimes.map((t) => t.toFixed(0)).join(', ')})`);
  console.log(`overview usable: median ${median(overviewTimes).toFixed(0)} ms of ${RUNS} runs (${overviewTimes.map((t) => t.toFixed(0)).join(', ')})`);
} finally {
  await browser.close();
  await server.close();
}
