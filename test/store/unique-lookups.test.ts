import { beforeAll, describe, expect, it } from 'vitest';
import { parseFilter } from '../../src/scim/filter/index.js';
import { userInsertRow } from '../../src/store/repos/users.js';
import { manualUser } from '../support/management.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * `userName eq` (users) and `displayName eq` (groups) alone are answered by a compiled lookup of
 * the unique key instead of the general filter's SQL (store/list-query.ts `uniqueKeyLookup`). The
 * two must agree on every page: compared here with the same filter made general by a redundant
 * `pr`, which takes the general path.
 */
describe.each(DIALECTS)('unique-key lookups on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const dir = 'd-lookup000001';

  beforeAll(async () => {
    const { db } = capturing();
    await db.insertInto('directories').values({ id: dir, name: 'lookup', region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 }).execute();
    const users = ['Alice@Example.com', 'bob@example.com', 'ÉMILE@example.com'].map((n, i) => manualUser(dir, n, 1_700_000_000_000 + i));
    await db.insertInto('users').values(users.map((u) => userInsertRow(u))).execute();
    await db
      .insertInto('groups')
      .values(['Engineering', 'Sales'].map((name, i) => ({ id: `g-lookup${i}`, directory_id: dir, name, name_key: name.toLowerCase(), description: null, provision_type: 'Synchronized', external_id: null, scim: null, create_time: 1, update_time: 1 })))
      .execute();
  });

  const pages = [
    { offset: 0, limit: 100 },
    { offset: 0, limit: 1 },
    { offset: 0, limit: 0 },
    { offset: 1, limit: 100 },
    { offset: 5, limit: 10 },
  ];

  /**
   * `filter` through `list` against the same filter made general by `and <attribute> pr`, page by
   * page: the same items and total, from one statement on `column` (no COUNT even for an empty page).
   */
  async function expectLookupAsGeneral(
    list: (filter: string, page: (typeof pages)[number]) => Promise<{ items: Array<{ id: string }>; total: number }>,
    filter: string,
    attribute: string,
    column: RegExp,
  ): Promise<void> {
    const { take } = capturing();
    for (const page of pages) {
      take();
      const fast = await list(filter, page);
      const statements = take();
      const general = await list(`${filter} and ${attribute} pr`, page);
      expect({ page, items: fast.items.map((r) => r.id), total: fast.total }).toEqual({ page, items: general.items.map((r) => r.id), total: general.total });
      expect(statements).toHaveLength(1);
      expect(statements[0]?.sql).toMatch(column);
    }
  }

  it.each([
    'userName eq "alice@example.com"',
    'userName eq "ALICE@EXAMPLE.COM"',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName eq "bob@example.com"',
    'userName eq "émile@example.com"',
    'userName eq "nobody@example.com"',
    'userName eq ""',
  ])('users, %s: the lookup and the general query give the same page and total', async (filter) => {
    const { store } = capturing();
    await expectLookupAsGeneral((f, page) => store.users.listByOffset({ directoryId: dir, filter: parseFilter(f) }, page), filter, 'userName', /"user_name_key" = /);
  });

  it.each(['displayName eq "engineering"', 'displayName eq "SALES"', 'displayName eq "Support"'])(
    'groups, %s: the lookup and the general query give the same page and total',
    async (filter) => {
      const { store } = capturing();
      await expectLookupAsGeneral((f, page) => store.groups.listByOffset({ directoryId: dir, filter: parseFilter(f) }, page), filter, 'displayName', /"name_key" = /);
    },
  );

  it('anything more than the one equality takes the general path', async () => {
    const { store, take } = capturing();
    for (const [filter, extra] of [
      ['userName eq "alice@example.com"', { status: 'Enabled' as const }],
      ['userName ne "alice@example.com"', {}],
      ['userName sw "alice"', {}],
      ['name.givenName eq "alice"', {}],
    ] as const) {
      take();
      await store.users.listByOffset({ directoryId: dir, filter: parseFilter(filter), ...extra }, { offset: 0, limit: 10 });
      expect(take().some((s) => !/"user_name_key" = \?$/.test(s.sql.trim())), filter).toBe(true);
    }
  });
});
