import { describe, expect, it } from 'vitest';
import { FILTER_FIXTURES } from './fixtures.js';
import { GROUP_FILTER, parseManagementFilter, USER_FILTER } from '../../../../../src/products/cloudsso/filter/parse.js';

describe('the management API Filter parameter', () => {
  it.each(FILTER_FIXTURES.map((f) => [JSON.stringify(f.input).slice(0, 60), f] as const))('%s', (_name, f) => {
    const result = parseManagementFilter(f.input, f.attribute === 'GroupName' ? GROUP_FILTER : USER_FILTER);
    if (f.filter) {
      expect(result).toEqual({ ok: true, filter: f.filter });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(f.error!);
    }
  });
});
