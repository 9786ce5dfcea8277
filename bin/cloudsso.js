#!/usr/bin/env node
// The compiled CLI lives in dist/: `npm install` builds it (the `prepare` script), `npm run build`
// rebuilds it after a change.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const main = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error(
    `Open CloudSSO is not built: ${fileURLToPath(main)} is missing. Run \`npm run build\` ` +
      '(`npm install` and `npm ci` also build it) in the project folder, then try again.',
  );
  process.exit(1);
}
import(main.href).then((m) => m.main(process.argv.slice(2))).then(
  (code) => { if (typeof code === 'number') process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; },
);
