// Rewrites the table of supported actions in README.md from the product registries.
// Run: npm run docs:actions
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { withActionsTable } from '../src/products/catalog.js';

const path = resolve(import.meta.dirname, '../README.md');
const before = readFileSync(path, 'utf8');
const after = withActionsTable(before);
if (after === before) {
  process.stdout.write('README.md: the actions table is up to date.\n');
} else {
  writeFileSync(path, after);
  process.stdout.write('README.md: the actions table was rewritten.\n');
}
