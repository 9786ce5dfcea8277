import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/scim/scim-error.js';
import { FILTER_FIXTURES, type FilterFixture } from './fixtures.js';
import { parseFilter } from '../../../../src/scim/filter/parse.js';

const isError = (e: FilterFixture['expected']): e is { error: 'invalidFilter'; detail?: string } => 'error' in e;

function refusal(input: string): ScimError {
  try {
    parseFilter(input);
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error(`accepted: ${input}`);
}

const label = (row: FilterFixture) => `[${row.source}] ${JSON.stringify(row.input.length > 80 ? `${row.input.slice(0, 80)}...` : row.input)}`;

describe('parseFilter fixture table', () => {
  const valid = FILTER_FIXTURES.filter((r) => !isError(r.expected));
  const malformed = FILTER_FIXTURES.filter((r) => isError(r.expected));

  it('covers what the issue asks for', () => {
    expect(FILTER_FIXTURES.length).toBeGreaterThanOrEqual(80);
    expect(malformed.length).toBeGreaterThanOrEqual(25);
    expect(FILTER_FIXTURES.filter((r) => r.source === 'rfc7644').length).toBeGreaterThanOrEqual(17);
    expect(new Set(FILTER_FIXTURES.map((r) => r.input)).size).toBe(FILTER_FIXTURES.length);
  });

  it.each(valid.map((r) => [label(r), r] as const))('parses %s', (_, row) => {
    expect(parseFilter(row.input)).toStrictEqual(row.expected);
  });

  it.each(malformed.map((r) => [label(r), r] as const))('refuses %s', (_, row) => {
    const err = refusal(row.input);
    expect(err.status).toBe(400);
    expect(err.scimType).toBe('invalidFilter');
    const { detail } = row.expected as { detail?: string };
    if (detail !== undefined) expect(err.detail).toContain(detail);
  });
});

describe('parseFilter robustness', () => {
  it('refuses deep nesting with invalidFilter long before the stack is at risk', () => {
    for (const input of ['('.repeat(4000), 'not ('.repeat(800), 'a['.repeat(2000), `${'('.repeat(2000)}a pr${')'.repeat(2000)}`]) {
      expect(refusal(input).scimType).toBe('invalidFilter');
    }
  });

  it('refuses anything over 4096 characters, even when valid', () => {
    const long = Array.from({ length: 400 }, (_, i) => `a${i} pr`).join(' or ');
    expect(long.length).toBeGreaterThan(4096);
    expect(refusal(long).detail).toContain('longer than 4096');
  });

  it('never throws anything but a ScimError invalidFilter on random input', () => {
    // mulberry32: deterministic, so a failure is reproducible.
    let seed = 0x5c1f;
    const rand = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pieces = ['a', 'b.c', 'urn:x:y:Z:d', 'eq', 'PR', 'and', 'or', 'not', '(', ')', '[', ']', '"x"', '"', '\\', ' ', '+', '.', ':', '1', '-2.5e3', 'true', 'null', '$ref', ',', '\u0000', 'é'];
    let accepted = 0;
    for (let n = 0; n < 4000; n++) {
      const len = 1 + Math.floor(rand() * 14);
      let s = '';
      for (let i = 0; i < len; i++) s += pieces[Math.floor(rand() * pieces.length)]! + (rand() < 0.6 ? ' ' : '');
      try {
        parseFilter(s);
        accepted++;
      } catch (e) {
        expect(e, s).toBeInstanceOf(ScimError);
        expect((e as ScimError).scimType, s).toBe('invalidFilter');
      }
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
