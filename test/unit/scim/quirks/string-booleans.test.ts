import { describe, expect, it } from 'vitest';
import { normalizeResource } from '../../../../src/scim/input.js';
import { applyPatch, parsePatchRequest, USER_PATCH_INFO } from '../../../../src/scim/patch/index.js';
import { readBoolean } from '../../../../src/scim/quirks/index.js';
import { USER_RESOURCE } from '../../../../src/scim/schemas/index.js';
import { ScimError } from '../../../../src/scim/scim-error.js';

/** docs/decisions/0035-string-booleans.md: one reading of boolean values for POST, PUT and PATCH. */
const TABLE: readonly [unknown, boolean | undefined | 'invalidValue'][] = [
  [true, true],
  [false, false],
  ['True', true],
  ['False', false],
  ['true', true],
  ['FALSE', false],
  [' True ', true],
  ['\tfalse\n', false],
  [null, undefined],
  ['', undefined],
  ['   ', undefined],
  ['yes', 'invalidValue'],
  ['no', 'invalidValue'],
  ['1', 'invalidValue'],
  [1, 'invalidValue'],
  [0, 'invalidValue'],
  [{ value: true }, 'invalidValue'],
];

const SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** The outcome of `fn`: its value, or the scimType of the ScimError it throws. */
function outcome<T>(fn: () => T): T | string {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ScimError) return e.scimType ?? String(e.status);
    throw e;
  }
}

const viaPost = (v: unknown) =>
  outcome(() => normalizeResource(USER_RESOURCE, { schemas: [SCHEMA], userName: 'u', active: v }).doc['active'] as boolean | undefined);

const viaPatch = (v: unknown, path?: string) =>
  outcome(() => {
    const before = { schemas: [SCHEMA], userName: 'u', nickName: 'n' };
    const op = path ? { op: 'replace', path, value: v } : { op: 'replace', value: { active: v } };
    return applyPatch(before, parsePatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [op] }), USER_PATCH_INFO).resource['active'] as
      | boolean
      | undefined;
  });

const primaryVia = (v: unknown, how: 'post' | 'patch') =>
  outcome(() => {
    if (how === 'post') {
      const doc = normalizeResource(USER_RESOURCE, { schemas: [SCHEMA], userName: 'u', emails: [{ value: 'a@example.com', type: 'work', primary: v }] }).doc;
      return (doc['emails'] as Record<string, unknown>[])[0]!['primary'] as boolean | undefined;
    }
    const before = { schemas: [SCHEMA], userName: 'u', emails: [{ value: 'a@example.com', type: 'work' }] };
    const ops = parsePatchRequest({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: 'emails[type eq "work"].primary', value: v }] });
    return (applyPatch(before, ops, USER_PATCH_INFO).resource['emails'] as Record<string, unknown>[])[0]!['primary'] as boolean | undefined;
  });

describe('string booleans (Entra row 2, OneLogin row 40)', () => {
  it.each(TABLE)('readBoolean(%j) -> %s', (v, want) => {
    expect(outcome(() => readBoolean(v, 'active'))).toBe(want);
  });

  it.each(TABLE)('active %j means the same in a body (POST/PUT), a PATCH with a path and a path-less PATCH', (v, want) => {
    expect(viaPost(v)).toBe(want);
    expect(viaPatch(v, 'active')).toBe(want);
    expect(viaPatch(v)).toBe(want);
  });

  it.each(TABLE.filter(([v]) => !(typeof v === 'object' && v !== null)))('primary %j means the same in a body and in a PATCH', (v, want) => {
    expect(primaryVia(v, 'post')).toBe(want);
    expect(primaryVia(v, 'patch')).toBe(want);
  });

  it('refuses with a detail that names the attribute and the value', () => {
    expect(() => readBoolean('yes', 'active')).toThrow(/active must be a boolean \(true or false\), got "yes"/);
  });
});
