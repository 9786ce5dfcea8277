import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, describe, expect, it } from 'vitest';
import { registerConsole } from '../../src/console-static.js';

/** The /console static route, on a throwaway build directory (the real build is tested in chromium). */
describe('web console static route', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-console-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('serves index.html at /console and /console/ with a same-origin CSP, assets immutable', async () => {
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
    writeFileSync(join(dir, 'assets', 'a-1.js'), 'console.log(1)');
    const app = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
    await registerConsole(app, dir);
    for (const url of ['/console', '/console/', '/console/index.html']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(200);
      expect(r.headers['content-security-policy']).toContain("connect-src 'self'");
      expect(r.headers['cache-control']).toBe('no-cache');
    }
    const asset = await app.inject({ url: '/console/assets/a-1.js' });
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await app.inject({ url: '/console/assets/none.js' })).statusCode).toBe(404);
    await app.close();
  });

  it('answers 503 with the build command when the console is not built', async () => {
    const app = Fastify({ routerOptions: { caseSensitive: false, ignoreTrailingSlash: true } });
    await registerConsole(app, join(dir, 'missing'));
    for (const url of ['/console', '/console/users']) {
      const r = await app.inject({ url });
      expect(r.statusCode, url).toBe(503);
      expect(r.body).toContain('npm run build');
    }
    await app.close();
  });
});
