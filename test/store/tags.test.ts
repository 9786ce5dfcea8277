import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * Tags: upserted in one multi-row statement, listed in (resource ID, key) order compared bytewise
 * on both databases (PostgreSQL's default collation may follow a locale, so the store orders with
 * `collate "C"` there), keyset-paged after a (resource, key) cursor.
 */
const D = 'd-tags';

describe.each(DIALECTS)('tag repository on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const p = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');

  it('sets tags on several resources with one upsert, overwriting existing keys', async () => {
    const { store, take } = capturing();
    await store.tags.set(D, 'user', ['u-b', 'u-a'], [{ key: 'env', value: 'prod' }]);
    take();
    await store.tags.set(D, 'user', ['u-a'], [
      { key: 'env', value: 'test' },
      { key: 'TestKey', value: 'x' },
    ]);
    const [upsert, ...rest] = take();
    expect(rest).toEqual([]);
    expect(upsert!.sql).toBe(
      `insert into "tags" ("directory_id", "resource_type", "resource_id", "tag_key", "tag_value") values (${p(1)}, ${p(2)}, ${p(3)}, ${p(4)}, ${p(5)}), (${p(6)}, ${p(7)}, ${p(8)}, ${p(9)}, ${p(10)}) ` +
        'on conflict ("resource_id", "tag_key") do update set "tag_value" = "excluded"."tag_value"',
    );
    expect(upsert!.parameters).toEqual([D, 'user', 'u-a', 'env', 'test', D, 'user', 'u-a', 'TestKey', 'x']);
  });

  it('reads the tags of resources in bytewise key order: "TestKey" before "env" on both databases', async () => {
    const { store, take } = capturing();
    take();
    const tags = await store.tags.forResources(D, ['u-a', 'u-b', 'u-none']);
    expect(Object.fromEntries(tags)).toEqual({
      'u-a': [
        { key: 'TestKey', value: 'x' },
        { key: 'env', value: 'test' },
      ],
      'u-b': [{ key: 'env', value: 'prod' }],
      'u-none': [],
    });
    const collate = dialect === 'postgres' ? ' collate "C"' : '';
    expect(take()).toEqual([
      {
        sql:
          `select "resource_id", "tag_key", "tag_value" from "tags" where "directory_id" = ${p(1)} and "resource_id" in (${p(2)}, ${p(3)}, ${p(4)}) ` +
          `order by resource_id${collate}, tag_key${collate}`,
        parameters: [D, 'u-a', 'u-b', 'u-none'],
      },
    ]);
  });

  it('pages after a (resource, key) cursor, filtered by tag pairs', async () => {
    const { store } = capturing();
    const all = await store.tags.list(D, 'user', {}, { limit: 10 });
    expect(all.map((r) => `${r.resourceId}/${r.key}`)).toEqual(['u-a/TestKey', 'u-a/env', 'u-b/env']);
    const page = await store.tags.list(D, 'user', {}, { after: { resourceId: 'u-a', key: 'TestKey' }, limit: 1 });
    expect(page).toEqual([{ resourceId: 'u-a', key: 'env', value: 'test' }]);
    const prod = await store.tags.list(D, 'user', { tags: [{ key: 'env', value: 'prod' }] }, { limit: 10 });
    expect(prod).toEqual([{ resourceId: 'u-b', key: 'env', value: 'prod' }]);
    expect(await store.tags.list(D, 'group', {}, { limit: 10 })).toEqual([]);
    expect(await store.tags.list('d-other', 'user', {}, { limit: 10 })).toEqual([]);
  });

  it('removes the named keys, or every tag of the resources', async () => {
    const { store } = capturing();
    await store.tags.remove(D, ['u-a'], ['env']);
    expect(await store.tags.countForResource(D, 'u-a')).toBe(1);
    await store.tags.remove(D, ['u-a', 'u-b']);
    expect(await store.tags.countForResource(D, 'u-a')).toBe(0);
    expect(await store.tags.countForResource(D, 'u-b')).toBe(0);
  });
});
