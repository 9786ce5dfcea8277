import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/scim/scim-error.js';
import { parseAttributeList } from '../../../../src/scim/filter/attribute-list.js';
import { parsePatchPath } from '../../../../src/scim/filter/path.js';
import { ATTRIBUTE_LIST_FIXTURES, PATH_FIXTURES } from './path-fixtures.js';

function refusal(run: () => unknown): ScimError {
  try {
    run();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error('accepted');
}

const label = (input: string) => JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}...` : input);

describe('parsePatchPath fixture table', () => {
  for (const row of PATH_FIXTURES) {
    const expected = row.expected;
    if ('error' in expected) {
      it(`refuses ${label(row.input)} with ${expected.error}`, () => {
        const err = refusal(() => parsePatchPath(row.input));
        expect(err.status).toBe(400);
        expect(err.scimType).toBe(expected.error);
        if (expected.detail !== undefined) expect(err.detail).toContain(expected.detail);
      });
    } else {
      it(`parses ${label(row.input)}`, () => {
        expect(parsePatchPath(row.input)).toStrictEqual(expected);
      });
    }
  }
});

describe('parseAttributeList fixture table', () => {
  for (const row of ATTRIBUTE_LIST_FIXTURES) {
    const expected = row.expected;
    if ('error' in expected) {
      it(`refuses ${label(row.input)} with invalidValue`, () => {
        const err = refusal(() => parseAttributeList(row.input));
        expect(err.status).toBe(400);
        expect(err.scimType).toBe('invalidValue');
        if (expected.detail !== undefined) expect(err.detail).toContain(expected.detail);
      });
    } else {
      it(`parses ${label(row.input)}`, () => {
        expect(parseAttributeList(row.input)).toStrictEqual(expected);
      });
    }
  }
});
