import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../src/core/errors.js';
import { checkTagCount, checkTags } from '../../../src/core/tag-rules.js';

const fieldOf = (fn: () => void): string | undefined => {
  try {
    fn();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('InvalidParameter');
    return (e as DomainError).details.field;
  }
};

/** [tags, the wire parameter the error names, or undefined when accepted] */
const CASES: ReadonlyArray<readonly [Array<{ key: string; value: string }>, string | undefined]> = [
  [[{ key: 'env', value: 'prod' }], undefined],
  [[{ key: 'k'.repeat(128), value: 'v'.repeat(128) }], undefined],
  [[{ key: 'env', value: '' }], undefined],
  [[{ key: 'acsx', value: '' }], undefined],
  [[{ key: '', value: 'v' }], 'Tags.1.Key'],
  [[{ key: 'k'.repeat(129), value: 'v' }], 'Tags.1.Key'],
  [[{ key: 'ok', value: 'v' }, { key: 'ACS:reserved', value: 'v' }], 'Tags.2.Key'],
  [[{ key: 'aliyunKey', value: 'v' }], 'Tags.1.Key'],
  [[{ key: 'has http://x', value: 'v' }], 'Tags.1.Key'],
  [[{ key: 'k', value: 'v'.repeat(129) }], 'Tags.1.Value'],
  [[{ key: 'k', value: 'HTTPS://x' }], 'Tags.1.Value'],
  [[{ key: 'a', value: '1' }, { key: 'a', value: '2' }], 'Tags.2.Key'],
  [Array.from({ length: 21 }, (_, i) => ({ key: `k${i}`, value: '' })), 'Tags'],
];

describe('checkTags', () => {
  it.each(CASES.map((c, i) => [i + 1, c] as const))('case %i', (_i, [tags, field]) => {
    expect(fieldOf(() => checkTags(tags, 'Tags'))).toBe(field);
  });
});

describe('checkTagCount', () => {
  const existing = Array.from({ length: 19 }, (_, i) => `k${i}`);
  it('allows up to 20 distinct keys, counting overwrites once', () => {
    expect(fieldOf(() => checkTagCount(existing, [{ key: 'k0', value: 'x' }, { key: 'new', value: 'y' }], 'Tag', 'u-1'))).toBeUndefined();
    expect(fieldOf(() => checkTagCount(existing, [{ key: 'a', value: '' }, { key: 'b', value: '' }], 'Tag', 'u-1'))).toBe('Tag');
  });
});
