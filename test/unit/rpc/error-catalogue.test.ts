import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOMAIN_ERROR_CODES } from '../../../src/core/errors.js';
import { COMMON_ERRORS } from '../../../src/products/common/errors.js';
import { PRODUCTS } from '../../../src/products/index.js';
import { EDGE_ERRORS, type EdgeErrorEntry } from '../../../src/rpc/edge-errors.js';
import type { ErrorTable } from '../../../src/rpc/error-map.js';

/**
 * docs/errors.md against what the server can emit on the signed API: the RPC edge's own table
 * (src/rpc/edge-errors.ts) and every product's domain-error table. Every code the server can emit
 * is documented with its HTTP status, and the page lists no code the server cannot emit.
 * A code with `<Name>` is a family (`InvalidParameter.<Name>`): the page documents the family, and
 * any `InvalidParameter.X` it names is one of its members.
 */

interface Emitted {
  readonly code: string;
  readonly status: number | '4xx';
  readonly from: string;
}

interface Documented {
  readonly code: string;
  readonly status: string;
  readonly line: number;
}

const PAGE = new URL('../../../docs/errors.md', import.meta.url);

/** `| Code | HTTP | ...` tables; a first cell `A.B / .C / D` names A.B, A.C and A.D. */
function documentedCodes(markdown: string): Documented[] {
  const out: Documented[] = [];
  let inCodeTable = false;
  markdown.split('\n').forEach((text, i) => {
    if (!text.startsWith('|')) {
      inCodeTable = false;
      return;
    }
    const cells = text.split('|').slice(1, -1).map((c) => c.trim());
    if (/^Code$/.test(cells[0] ?? '') && /^HTTP$/.test(cells[1] ?? '')) {
      inCodeTable = true;
      return;
    }
    if (!inCodeTable || /^-+$/.test(cells[0] ?? '')) return;
    const first = (cells[0] ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
    // Rows that say they carry no code (Node's own 408) are marked so.
    if (/^\*\(no body code\)\*$/.test(first)) return;
    const names = first.split(' / ').map((n) => n.trim());
    const family = names[0]!.split('.')[0]!;
    for (const name of names) {
      if (name === '...') continue;
      const code = name === names[0] ? name : `${family}${name.startsWith('.') ? '' : '.'}${name}`;
      out.push({ code, status: cells[1] ?? '', line: i + 1 });
    }
  });
  return out;
}

function emittedCodes(): Emitted[] {
  const out: Emitted[] = [];
  for (const [key, entry] of Object.entries(EDGE_ERRORS) as Array<[string, EdgeErrorEntry]>) {
    out.push({ code: entry.code, status: entry.statusRange ?? entry.status, from: `edge ${key}` });
  }
  const tables: Array<[string, ErrorTable]> = [['products/common', COMMON_ERRORS], ...PRODUCTS.map((p): [string, ErrorTable] => [p.code, p.errors])];
  for (const [name, table] of tables) {
    for (const domainCode of DOMAIN_ERROR_CODES) {
      const wire = table[domainCode];
      const from = `${name} ${domainCode}`;
      if (typeof wire.code === 'string') out.push({ code: wire.code, status: wire.status, from });
      else if (wire.fields) for (const field of wire.fields) out.push({ code: wire.code(field), status: wire.status, from });
      else out.push({ code: wire.code('<Name>'), status: wire.status, from });
    }
  }
  return out;
}

/** A documented code's index placeholder `N` stands for any 1-based index. */
const withoutIndexes = (code: string) => code.replace(/\.N(?=\.|$)/g, '.1');

function familyOf(code: string, families: readonly Emitted[]): Emitted | undefined {
  return families.find((f) => code.startsWith(f.code.replace('<Name>', '')) && code.length > f.code.length - '<Name>'.length);
}

describe('docs/errors.md against the error tables', () => {
  const documented = documentedCodes(readFileSync(PAGE, 'utf8'));
  const emitted = emittedCodes();
  const families = emitted.filter((e) => e.code.endsWith('.<Name>'));

  it('reads the page (sanity: the parser finds the tables)', () => {
    expect(documented.length).toBeGreaterThan(100);
    expect(documented.map((d) => d.code)).toEqual(expect.arrayContaining(['SignatureDoesNotMatch', 'EntityNotExist.Role.Policy', 'InvalidParameter.<Name>']));
  });

  it('documents every code the server can emit, with its status', () => {
    const problems: string[] = [];
    for (const e of emitted) {
      const rows = documented.filter((d) => d.code === e.code);
      if (rows.length === 0) problems.push(`${e.code} (${e.from}) is not in docs/errors.md`);
      for (const row of rows) {
        if (row.status !== String(e.status) && !(row.status === '4xx' && String(e.status).startsWith('4'))) problems.push(`${e.code} (${e.from}) is HTTP ${e.status}, docs/errors.md:${row.line} says ${row.status}`);
      }
    }
    expect([...new Set(problems)]).toEqual([]);
  });

  it('lists no code the server cannot emit', () => {
    const problems: string[] = [];
    for (const d of documented) {
      const exact = emitted.filter((e) => e.code === d.code);
      if (exact.length > 0) continue;
      const family = familyOf(withoutIndexes(d.code), families);
      if (!family) problems.push(`docs/errors.md:${d.line} documents ${d.code}, which no table emits`);
      else if (String(family.status) !== d.status) problems.push(`docs/errors.md:${d.line}: ${d.code} is a ${family.code} (HTTP ${family.status}), the page says ${d.status}`);
    }
    expect(problems).toEqual([]);
  });

  it('gives each edge entry a status and a message', () => {
    for (const entry of Object.values(EDGE_ERRORS) as EdgeErrorEntry[]) {
      expect(entry.status).toBeGreaterThanOrEqual(400);
      expect(entry.code).toMatch(/^[A-Za-z]+(\.[A-Za-z0-9<>]+)*$/);
    }
  });
});
