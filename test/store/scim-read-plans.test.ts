import { beforeAll, describe, expect, it } from 'vitest';
import type { CompiledStatement } from '../support/store.js';
import { parseFilter } from '../../src/scim/filter/index.js';
import { userInsertRow } from '../../src/store/repos/users.js';
import { groupRow, manualUser } from '../support/management.js';
import { analyze, queryPlan, type PlanStep } from '../support/query-plan.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

const DIRECTORIES = 4;
const USERS_PER_DIRECTORY = 1_500;
const GROUPS_PER_DIRECTORY = 500;
const MEMBERS = 1_000;

/**
 * The reads behind the SCIM requests an IdP sends most (GET by id, `userName eq` and `externalId eq`
 * lookups, a page of users, a group's members, a user's groups) use their indexes on both dialects
 * with fresh planner statistics: no table is scanned and no page is sorted outside an index.
 * Together with hot-query-plans.test.ts (the bearer-token lookup), a request's every query is covered.
 */
describe.each(DIALECTS)('SCIM read plans on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const dir = (d: number) => `d-read${d}`;
  const userName = (d: number, i: number) => `user-${d}-${i}`;
  const userIds: string[][] = [];
  const groupId = (d: number, g: number) => `g-read${d}x${String(g).padStart(3, '0')}`;

  beforeAll(async () => {
    const { db } = capturing();
    await db.transaction().execute(async (tx) => {
      for (let d = 0; d < DIRECTORIES; d++) {
        await tx.insertInto('directories').values({ id: dir(d), name: `read-${d}`, region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 }).execute();
        const users = Array.from({ length: USERS_PER_DIRECTORY }, (_, i) => ({
          ...manualUser(dir(d), userName(d, i), 1_700_000_000_000 + d * USERS_PER_DIRECTORY + i),
          provisionType: 'Synchronized' as const,
          externalId: { id: `ext-${d}-${i}`, issuer: 'SCIM' },
        }));
        userIds.push(users.map((u) => u.id));
        for (let i = 0; i < users.length; i += 500) await tx.insertInto('users').values(users.slice(i, i + 500).map((u) => userInsertRow(u))).execute();
        await tx
          .insertInto('groups')
          .values(
            Array.from({ length: GROUPS_PER_DIRECTORY }, (_, g) => groupRow(groupId(d, g), dir(d), `group-${d}-${g}`)),
          )
          .execute();
        // Group 0 holds most users; every user is in one of the other groups too.
        const members = [
          ...userIds[d]!.slice(0, MEMBERS).map((u) => ({ group_id: groupId(d, 0), user_id: u })),
          ...userIds[d]!.map((u, i) => ({ group_id: groupId(d, 1 + (i % (GROUPS_PER_DIRECTORY - 1))), user_id: u })),
        ];
        for (let i = 0; i < members.length; i += 500) {
          await tx
            .insertInto('group_members')
            .values(members.slice(i, i + 500).map((m) => ({ ...m, directory_id: dir(d), join_time: 1, display: null })))
            .execute();
        }
      }
    });
    await analyze(db);
  }, 120_000);

  /** The plans of the statements `read` runs, with what it returned. */
  async function plansOf<T>(read: () => Promise<T>): Promise<{ result: T; plans: PlanStep[][]; statements: CompiledStatement[] }> {
    const { db, take } = capturing();
    take();
    const result = await read();
    const statements = take();
    const plans: PlanStep[][] = [];
    for (const statement of statements) plans.push(await queryPlan(db, dialect, statement));
    return { result, plans, statements };
  }

  /**
   * No step reads a whole table; and, for a page (`sorted`), no sort apart from an index (SQLite's
   * temp B-tree, PostgreSQL's Sort). A lookup by an equality on an index may sort its few matches.
   */
  function expectIndexedOnly(plans: PlanStep[][], sorted = true): void {
    for (const plan of plans) {
      expect(plan.filter((s) => s.scan)).toEqual([]);
      if (sorted) expect(plan.filter((s) => /TEMP B-TREE|^Sort\b/.test(s.detail))).toEqual([]);
    }
  }
  const indexes = (plans: PlanStep[][]) => plans.flat().map((s) => s.index);
  const primaryKeyOf = (table: string) => (dialect === 'sqlite' ? `sqlite_autoindex_${table}_1` : `${table}_pkey`);

  it('GET /Users/{id}: the user by its key, in one statement', async () => {
    const { store } = capturing();
    const { result, plans } = await plansOf(() => store.users.get(dir(2), userIds[2]![777]!));
    expect(result?.userName).toBe(userName(2, 777));
    expect(plans).toHaveLength(1);
    expectIndexedOnly(plans);
    // Either key identifies the row: the primary key, or (directory, id).
    expect(indexes(plans).filter((i) => i === primaryKeyOf('users') || i === 'users_directory_ix')).toHaveLength(1);
  });

  it('filter userName eq: the unique name index, and no COUNT for the short page', async () => {
    const { store } = capturing();
    const { result, plans } = await plansOf(() =>
      store.users.listByOffset({ directoryId: dir(1), filter: parseFilter(`userName eq "${userName(1, 1_234).toUpperCase()}"`) }, { offset: 0, limit: 100 }),
    );
    expect(result.items.map((u) => u.userName)).toEqual([userName(1, 1_234)]);
    expect(result.total).toBe(1);
    expect(plans).toHaveLength(1);
    expectIndexedOnly(plans, false);
    expect(indexes(plans)).toContain('users_name_uq');
  });

  it('groups filter displayName eq: the unique name index, one statement', async () => {
    const { store } = capturing();
    const { result, plans } = await plansOf(() =>
      store.groups.listByOffset({ directoryId: dir(2), filter: parseFilter('displayName eq "GROUP-2-17"') }, { offset: 0, limit: 100 }),
    );
    expect(result.items.map((g) => g.id)).toEqual([groupId(2, 17)]);
    expect(result.total).toBe(1);
    expect(plans).toHaveLength(1);
    expectIndexedOnly(plans, false);
    expect(indexes(plans)).toContain('groups_name_uq');
  });

  it('filter externalId eq: the external ID index', async () => {
    const { store } = capturing();
    const { result, plans } = await plansOf(() =>
      store.users.listByOffset({ directoryId: dir(3), filter: parseFilter('externalId eq "ext-3-42"') }, { offset: 0, limit: 100 }),
    );
    expect(result.items.map((u) => u.userName)).toEqual([userName(3, 42)]);
    expectIndexedOnly(plans, false);
    expect(indexes(plans)).toContain('users_external_ix');
  });

  it('a page of users in the middle: read in key order from the directory index, counted from it', async () => {
    const { store } = capturing();
    const { result, plans } = await plansOf(() => store.users.listByOffset({ directoryId: dir(0) }, { offset: 200, limit: 100 }));
    expect(result.items).toHaveLength(100);
    expect(result.items[0]?.id).toBe(userIds[0]![200]);
    expect(result.total).toBe(USERS_PER_DIRECTORY);
    expect(plans).toHaveLength(2); // the page, then its COUNT
    expectIndexedOnly(plans);
    const [page, count] = plans;
    expect(page?.map((s) => s.index)).toContain('users_directory_ix');
    // The COUNT may use any index that leads with the directory (PostgreSQL picks the smallest).
    expect(count?.some((s) => s.index?.startsWith('users_'))).toBe(true);
  });

  it('GET /Groups/{id} and a page of its members: keys and the membership key, no sort', async () => {
    const { store } = capturing();
    const group = await plansOf(() => store.groups.get(dir(0), groupId(0, 0)));
    expect(group.result?.name).toBe('group-0-0');
    expectIndexedOnly(group.plans);
    expect(indexes(group.plans).filter((i) => i === primaryKeyOf('groups') || i === 'groups_directory_ix')).toHaveLength(1);

    const members = await plansOf(() => store.groups.listMemberRefs(dir(0), groupId(0, 0), { limit: 100 }));
    expect(members.result).toHaveLength(100);
    expectIndexedOnly(members.plans);
    expect(indexes(members.plans)).toContain(dialect === 'sqlite' ? 'sqlite_autoindex_group_members_1' : 'group_members_pk');
  });

  it("a user's groups: the member index", async () => {
    const { store } = capturing();
    const { result, plans } = await plansOf(() => store.groups.listGroupsOfUser(dir(1), userIds[1]![5]!, { limit: 100 }));
    expect(result.map((g) => g.groupId).sort()).toEqual([groupId(1, 0), groupId(1, 6)]);
    expectIndexedOnly(plans);
    expect(indexes(plans)).toContain('group_members_user_ix');
  });
});
