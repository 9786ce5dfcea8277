#!/usr/bin/env node
// Builds the web console (console/, Vite) into dist/console, unless the sources are unchanged
// since the last build: a hash of every input file is kept beside the output. `--force` rebuilds.
// Part of `npm run build`; the browser tests call it too, so a stale console is never tested.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = join(root, 'dist', 'console');
const stampFile = join(out, '.source-hash');
// The console, the policy validator it bundles from the server, the locked dependencies, this script.
const INPUTS = ['console', 'src/policy', 'package-lock.json', 'scripts/build-console.mjs'];

function files(path) {
  const abs = join(root, path);
  if (!statSync(abs).isDirectory()) return [path];
  return readdirSync(abs, { withFileTypes: true })
    .filter((e) => e.name !== 'node_modules')
    .flatMap((e) => files(relative(root, join(abs, e.name))));
}

export function sourceHash() {
  const hash = createHash('sha256');
  for (const f of INPUTS.flatMap(files).sort()) hash.update(`${f}\0`).update(readFileSync(join(root, f))).update('\0');
  return hash.digest('hex');
}

export async function buildConsole({ force = false, quiet = false } = {}) {
  const hash = sourceHash();
  if (!force && existsSync(join(out, 'index.html')) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === hash) {
    if (!quiet) console.log('Web console is up to date (dist/console).');
    return false;
  }
  const { build } = await import('vite');
  const started = Date.now();
  await build({ configFile: join(root, 'console', 'vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  // Served as they are by @fastify/static (preCompressed) to browsers that accept them.
  for (const f of files(relative(root, out)).filter((f) => /\.(js|css|html)$/.test(f))) {
    const body = readFileSync(join(root, f));
    writeFileSync(join(root, `${f}.br`), brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9 } }));
    writeFileSync(join(root, `${f}.gz`), gzipSync(body, { level: 9 }));
  }
  writeFileSync(stampFile, hash);
  if (!quiet) console.log(`Built the web console into dist/console in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildConsole({ force: process.argv.includes('--force') });
}
