import { describe, expect, it } from 'vitest';
import { parseListParams } from '../../../src/scim/list-params.js';
import { GROUP_RESOURCE, USER_RESOURCE } from '../../../src/scim/schemas/index.js';

describe('parseListParams', () => {
  it('parses a query object once: the guard and the handler get the same parameters', () => {
    const query = { filter: 'userName eq "a@example.com"', startIndex: '2', count: '5' };
    const first = parseListParams(USER_RESOURCE, query);
    expect(first).toEqual({ filter: { op: 'eq', attr: expect.anything(), value: 'a@example.com' }, startIndex: 2, count: 5, descending: false });
    expect(parseListParams(USER_RESOURCE, query)).toBe(first);
    // Another object with the same text is parsed on its own, to equal parameters.
    const again = parseListParams(USER_RESOURCE, { ...query });
    expect(again).not.toBe(first);
    expect(again).toEqual(first);
  });

  it("checks the query against each resource type's own schema", () => {
    const query = { filter: 'userName eq "a"' };
    expect(parseListParams(USER_RESOURCE, query).filter).toBeDefined();
    expect(() => parseListParams(GROUP_RESOURCE, query)).toThrow(/Group schema has no attribute/);
    expect(parseListParams(USER_RESOURCE, query).filter).toBeDefined();
  });

  it('refuses a query in error on every call, keeping nothing of it', () => {
    const query = { filter: 'userName eq' };
    expect(() => parseListParams(USER_RESOURCE, query)).toThrow();
    expect(() => parseListParams(USER_RESOURCE, query)).toThrow();
  });
});
