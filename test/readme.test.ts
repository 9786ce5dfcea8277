import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SETTINGS } from '../src/config.js';
import { withActionsTable } from '../src/products/catalog.js';

/** The README's generated and hand-kept tables match the code. */
const README = readFileSync(resolve(import.meta.dirname, '../README.md'), 'utf8');

describe('README', () => {
  it('lists exactly the actions of the product registries (npm run docs:actions regenerates it)', () => {
    expect(README).toBe(withActionsTable(README));
  });

  it('documents every setting of src/config.ts in the configuration table, and no other', () => {
    const rows = [...README.matchAll(/^\| `(CLOUDSSO_[A-Z_]+)` \| `--([a-z-]+)` \| (.*?) \|/gm)].map((m) => ({ env: m[1], flag: m[2], default: m[3] }));
    const expected = Object.values(SETTINGS).map((s) => ({ env: s.env, flag: s.flag, default: 'default' in s ? `\`${s.default}\`` : 'unset' }));
    expect(rows).toEqual(expected);
  });
});
