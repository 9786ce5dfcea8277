import { describe, expect, it } from 'vitest';
import { ID_PATTERNS, newDirectoryId, newId } from '../../../src/core/ids.js';

describe('IDs', () => {
  it('have CloudSSO shapes', () => {
    expect(newDirectoryId()).toMatch(ID_PATTERNS.directory);
    expect(newId('u')).toMatch(ID_PATTERNS.user);
    expect(newId('g')).toMatch(ID_PATTERNS.group);
    expect(newId('scimcred')).toMatch(ID_PATTERNS.scimCredential);
  });

  it('sort in creation order, also within one millisecond', () => {
    const now = Date.now();
    const ids = Array.from({ length: 5000 }, (_, i) => newId('u', now + Math.floor(i / 1000)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(ID_PATTERNS.user);
  });

  it('sort by time across milliseconds, whatever the random part', () => {
    const a = newId('g', 1_800_000_000_000);
    const b = newId('g', 1_800_000_000_001);
    expect(a < b).toBe(true);
  });
});
