import { describe, expect, it } from 'vitest';
import { parseFilter } from '../../../../src/scim/filter/parse.js';
import { ScimError } from '../../../../src/scim/scim-error.js';
import { matchesFilter } from '../../../../src/scim/patch/match.js';

const work = { value: 'BJensen@Example.com', type: 'work', primary: true, display: 'Babs' };
const member = { value: 'AbC-123', $ref: 'https://example.com/v2/Users/AbC-123', display: 'Babs' };
const address = { type: 'work', streetAddress: '100 Universal City Plaza', postalCode: 91608, primary: 'True' };
const withCreated = { value: 'x', created: '2011-05-13T04:42:34Z', tags: ['a', 'b'], nested: [{ kind: 'k1' }, { kind: 'k2' }] };

/** [element, filter, expected, caseExact names?] */
const ROWS: readonly (readonly [Record<string, unknown>, string, boolean, ReadonlySet<string>?])[] = [
  [work, 'type eq "work"', true],
  [work, 'type eq "WORK"', true],
  [work, 'TYPE eq "work"', true],
  [work, 'type eq "home"', false],
  [work, 'type ne "home"', true],
  [work, 'value eq "bjensen@example.com"', true],
  [work, 'value co "@example"', true],
  [work, 'value sw "bjen"', true],
  [work, 'value ew ".COM"', true],
  [work, 'primary eq true', true],
  [work, 'primary eq false', false],
  [work, 'primary eq "True"', true],
  [work, 'type pr', true],
  [work, 'title pr', false],
  [work, 'not (type eq "home")', true],
  [work, 'type eq "work" and primary eq true', true],
  [work, 'type eq "home" or display eq "babs"', true],
  [work, 'type eq "home" and display eq "babs"', false],
  [work, 'title eq null', true],
  [work, 'type ne null', true],
  [work, 'title ne "x"', true],
  [member, 'value eq "abc-123"', true],
  [member, 'value eq "abc-123"', false, new Set(['value', '$ref'])],
  [member, 'value eq "AbC-123"', true, new Set(['value', '$ref'])],
  [member, '$ref ew "users/abc-123"', false],
  [member, '$ref ew "Users/AbC-123"', true],
  [address, 'postalCode eq 91608', true],
  [address, 'postalCode gt 90000', true],
  [address, 'postalCode lt 90000', false],
  [address, 'primary eq true', true],
  [withCreated, 'created gt "2011-01-01T00:00:00Z"', true],
  [withCreated, 'created lt "2011-05-13T05:00:00+01:00"', false], // 04:00Z: compared as instants, not as text
  [withCreated, 'tags eq "b"', true],
  [withCreated, 'tags ne "b"', false],
  [withCreated, 'nested.kind eq "k2"', true],
  [withCreated, 'nested[kind eq "k1"]', true],
  [withCreated, 'nested[kind eq "k3"]', false],
  [{ value: '' }, 'value pr', false],
  [{ items: [] }, 'items pr', false],
];

describe('matchesFilter fixture table', () => {
  for (const [element, filter, expected, caseExact] of ROWS) {
    const label = `${JSON.stringify(element).slice(0, 40)} ${filter}${caseExact ? ' (case-exact value)' : ''} -> ${expected}`;
    it(label, () => {
      expect(matchesFilter(element, parseFilter(filter), caseExact ? { caseExact } : {})).toBe(expected);
    });
  }

  it('refuses an ordering comparison on a boolean (RFC 7644 §3.4.2.2)', () => {
    expect(() => matchesFilter(work, parseFilter('primary gt true'))).toThrow(ScimError);
  });
});
