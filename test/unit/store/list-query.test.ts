import { describe, expect, it } from 'vitest';
import { totalFromPage } from '../../../src/store/list-query.js';

describe('totalFromPage', () => {
  it.each([
    // offset, limit, returned, total (undefined: the page cannot tell, count)
    [0, 100, 1, 1],
    [0, 100, 0, 0],
    [0, 100, 99, 99],
    [0, 100, 100, undefined],
    [200, 100, 7, 207],
    [200, 100, 0, undefined],
    [0, 0, 0, undefined],
    [0, 1, 1, undefined],
  ])('offset %i, limit %i, %i returned -> %s', (offset, limit, returned, total) => {
    expect(totalFromPage(offset, limit, returned)).toBe(total);
  });
});
