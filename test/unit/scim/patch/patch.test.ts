import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITES, suitesSkipped } from '../../../support/scim-suites.js';
import { ScimError } from '../../../../src/scim/scim-error.js';
import { applyPatch } from '../../../../src/scim/patch/apply.js';
import type { PatchFixture } from './fixtures/docs.js';
import { REQUEST_FIXTURES } from './fixtures/errors.js';
import { GROUP_FIXTURES } from './fixtures/groups.js';
import { MICROSOFT_COLLECTION_FIXTURES, MICROSOFT_PATCH_BODIES } from './fixtures/microsoft-collection.js';
import {
  ACTIVE_FIXTURES,
  COMPLEX_AND_CLEARING_FIXTURES,
  ENTERPRISE_FIXTURES,
  ENTRA_USER_FIXTURES,
  MULTI_VALUED_FIXTURES,
  SERVER_MANAGED_FIXTURES,
  VALUE_PATH_FIXTURES,
} from './fixtures/users.js';
import { parsePatchRequest } from '../../../../src/scim/patch/request.js';
import { GROUP_PATCH_INFO, USER_PATCH_INFO } from '../../../../src/scim/patch/schema-info.js';

export const TABLES: Readonly<Record<string, readonly PatchFixture[]>> = {
  'Microsoft collection': MICROSOFT_COLLECTION_FIXTURES,
  'active': ACTIVE_FIXTURES,
  'Entra users': ENTRA_USER_FIXTURES,
  'value paths': VALUE_PATH_FIXTURES,
  'multi-valued attributes': MULTI_VALUED_FIXTURES,
  'enterprise and other extensions': ENTERPRISE_FIXTURES,
  'complex attributes and clearing': COMPLEX_AND_CLEARING_FIXTURES,
  'server-managed attributes': SERVER_MANAGED_FIXTURES,
  'groups': GROUP_FIXTURES,
  'request validation': REQUEST_FIXTURES,
};

/** Freezes a document all the way down: any write to the engine's input throws. */
function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const x of Object.values(v)) deepFreeze(x);
    Object.freeze(v);
  }
  return v;
}

function run(row: PatchFixture) {
  const body: unknown = typeof row.body === 'string' ? JSON.parse(row.body) : row.body;
  const info = row.resourceType === 'Group' ? GROUP_PATCH_INFO : USER_PATCH_INFO;
  return applyPatch(deepFreeze(structuredClone(row.before)), parsePatchRequest(body), info);
}

function refusal(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error('the PATCH was accepted');
}

for (const [table, rows] of Object.entries(TABLES)) {
  describe(`PATCH fixture table: ${table}`, () => {
    for (const row of rows) {
      const expected = row.expected;
      it(row.name, () => {
        if ('error' in expected) {
          const err = refusal(() => run(row));
          expect(err.status).toBe(400);
          expect(err.scimType).toBe(expected.error);
          if (expected.detail !== undefined) expect(err.detail).toContain(expected.detail);
          return;
        }
        const result = run(row);
        expect(result.resource).toStrictEqual(expected.after);
        expect(result.memberChanges).toStrictEqual(expected.memberChanges ?? []);
        if (expected.changed !== undefined) expect(result.changed).toBe(expected.changed);
        else if (row.resourceType !== 'Group') expect(result.changed).toBe(true);
      });
    }
  });
}

describe('PATCH fixture tables', () => {
  it('hold at least 70 rows with unique names', () => {
    const names = Object.values(TABLES).flatMap((rows) => rows.map((r) => r.name));
    expect(names.length).toBeGreaterThanOrEqual(70);
    expect(new Set(names).size).toBe(names.length);
  });

  // The collections live outside the repository (test/support/scim-suites.ts); skip when they are absent.
  const collection = join(SUITES, 'azuread-scimreferencecode.PostmanCollection.json');
  it.skipIf(suitesSkipped())('copy every PATCH body of the Microsoft collection verbatim', () => {
    const bodies: string[] = [];
    const walk = (items: unknown[]) => {
      for (const item of items as { item?: unknown[]; request?: { method?: string; body?: { raw?: string } } }[]) {
        if (item.item) walk(item.item);
        else if (item.request?.method === 'PATCH' && item.request.body?.raw !== undefined) bodies.push(item.request.body.raw);
      }
    };
    walk((JSON.parse(readFileSync(collection, 'utf8')) as { item: unknown[] }).item);
    expect(bodies).toHaveLength(9);
    expect(new Set(bodies)).toStrictEqual(new Set(Object.values(MICROSOFT_PATCH_BODIES)));
  });
});

describe('applyPatch', () => {
  it('returns a new document and never the input', () => {
    const before = deepFreeze({ id: 'u1', userName: 'a', name: { givenName: 'A' } });
    const result = applyPatch(before, parsePatchRequest({ Operations: [{ op: 'remove', path: 'title' }] }), USER_PATCH_INFO);
    expect(result.resource).not.toBe(before);
    expect(result.resource).toStrictEqual(before);
    expect(result.changed).toBe(false);
  });

  it('does not alias the request value in the result', () => {
    const value = { givenName: 'B' };
    const ops = parsePatchRequest({ Operations: [{ op: 'replace', path: 'name', value }] });
    const { resource } = applyPatch({ id: 'u1', name: { familyName: 'F' } }, ops, USER_PATCH_INFO);
    value.givenName = 'changed later';
    expect(resource).toStrictEqual({ id: 'u1', name: { familyName: 'F', givenName: 'B' } });
  });
});

describe('parsePatchRequest', () => {
  it('lower-cases op, parses the path and keeps the client spelling of its names', () => {
    const [op] = parsePatchRequest({
      Operations: [{ op: 'Add', path: 'urn:ietf:params:scim:schemas:extension:Custom:2.0:User:Addresses[type eq "work"].streetAddress', value: 'x' }],
    });
    expect(op).toMatchObject({ index: 0, op: 'add', value: 'x' });
    expect(op!.path!.spelling).toStrictEqual({
      schema: 'urn:ietf:params:scim:schemas:extension:Custom:2.0:User',
      name: 'Addresses',
      subAttr: 'streetAddress',
    });
    expect(op!.path!.parsed.attr).toStrictEqual({ schema: 'urn:ietf:params:scim:schemas:extension:custom:2.0:user', name: 'addresses' });
  });

  it('keeps a remove value only when one was sent', () => {
    const ops = parsePatchRequest({ Operations: [{ op: 'remove', path: 'members' }, { op: 'remove', path: 'members', value: [] }] });
    expect('value' in ops[0]!).toBe(false);
    expect(ops[1]).toMatchObject({ op: 'remove', value: [] });
  });
});
