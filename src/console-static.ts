import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run build` puts the web console (console/vite.config.ts), from src/ and dist/ alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../dist/console/', import.meta.url));

/**
 * The web console at /console: static files only. It calls the management API at `/` like any
 * other client, so the server gives it nothing else. Hashed assets are cached for good; the page
 * itself is revalidated and carries a CSP that lets it talk to this origin only.
 */
export async function registerConsole(app: FastifyInstance, dir: string = CONSOLE_DIR): Promise<void> {
  if (!existsSync(join(dir, 'index.html'))) {
    const missing = 'The web console is not built: run `npm run build` (it builds dist/console), then restart.\n';
    app.get('/console', (_req, reply) => reply.code(503).type('text/plain; charset=utf-8').send(missing));
    app.get('/console/*', (_req, reply) => reply.code(503).type('text/plain; charset=utf-8').send(missing));
    return;
  }
  await app.register(fastifyStatic, {
    root: dir,
    prefix: '/console/',
    // One route per built file (the build is fixed while the server runs); `/console` and
    // `/console/` both serve index.html.
    wildcard: false,
    index: ['index.html'],
    // scripts/build-console.mjs writes .br and .gz beside each file: ~300 KB instead of 1.2 MB.
    preCompressed: true,
    setHeaders(res, served) {
      const path = served.replace(/\.(br|gz)$/, '');
      res.header('x-content-type-options', 'nosniff');
      if (path.endsWith('.html')) {
        res.header('cache-control', 'no-cache');
        res.header(
          'content-security-policy',
          "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
        );
        res.header('referrer-policy', 'no-referrer');
      } else if (path.includes('/assets/')) {
        res.header('cache-control', 'public, max-age=31536000, immutable');
      }
    },
  });
}
