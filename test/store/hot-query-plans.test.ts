import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/core/context.js';
import { DEFAULT_QUOTAS } from '../../src/core/context.js';
import type { Provenance } from '../../src/core/provenance.js';
import { hashCredentialSecret, updateSCIMServerCredentialStatus } from '../../src/core/scim-credentials.js';
import { createUser, patchUser } from '../../src/core/users.js';
import { statementName } from '../../src/store/prepared.js';
import { userInsertRow } from '../../src/store/repos/users.js';
import { groupRow, manualUser, ramUserRow } from '../support/management.js';
import { analyze, genericPlan, queryPlan, type PlanStep } from '../support/query-plan.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore, type CompiledStatement } from '../support/store.js';

/**
 * The queries every SCIM request runs use their indexes, on both dialects, with fresh planner
 * statistics: an index that goes unused after ANALYZE is a silent slowdown no functional test sees
 * (the bearer-token lookup once planned as `SCAN c, SCAN d` on SQLite).
 */
/** A user provisioning's row (decision 0180), of a principal onto an account. */
const provisioningRow = (directoryId: string, id: string, principalType: 'User' | 'Group', principalId: string, targetId: string) => ({
  id,
  directory_id: directoryId,
  principal_type: principalType,
  principal_id: principalId,
  target_type: 'RD-Account',
  target_id: targetId,
  description: null,
  duplication_strategy: 'KeepBoth',
  deletion_strategy: 'Delete',
  status: 'Enabled',
  latest_async_time: null,
  create_time: 1,
  update_time: 1,
});

describe.each(DIALECTS)('hot query plans on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);

  async function seedCredentials(from: number, to: number) {
    const { db } = capturing();
    for (let start = from; start < to; start += 200) {
      const end = Math.min(to, start + 200);
      const ids = Array.from({ length: end - start }, (_, k) => start + k);
      await db
        .insertInto('directories')
        .values(ids.map((i) => ({ id: `d-plan${i}`, name: `plan-${i}`, region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 })))
        .execute();
      await db
        .insertInto('scim_credentials')
        .values(
          ids.map((i) => ({
            id: `scimcred-plan${i}`,
            directory_id: `d-plan${i}`,
            secret_hash: hashCredentialSecret(`secret-${i}`),
            status: 'Enabled',
            create_time: 1,
            expire_time: 4_000_000_000_000,
            last_used_time: null,
          })),
        )
        .execute();
    }
  }

  // The throttle's counters of other addresses, and of this one in an earlier window.
  async function seedFailures(from: number, to: number) {
    const { db } = capturing();
    for (let start = from; start < to; start += 500) {
      const ids = Array.from({ length: Math.min(to, start + 500) - start }, (_, k) => start + k);
      await db
        .insertInto('auth_failures')
        .values(ids.map((i) => ({ subject: `ip:10.9.${Math.floor(i / 256)}.${i % 256}`, window_start: i === 7 ? 0 : 60_000, failures: i + 1, expire_time: 120_000 })))
        .execute();
    }
  }

  /**
   * The plans the statements run with: each with its values, as planned for a statement's first
   * runs; then, for a named statement (prepared.ts), the generic plan PostgreSQL may settle on
   * after five runs on a busy connection. An unnamed statement is planned with its values every time.
   */
  async function plansOf(statements: readonly CompiledStatement[]): Promise<PlanStep[][]> {
    const { db } = capturing();
    const custom: PlanStep[] = [];
    const settled: PlanStep[] = [];
    for (const statement of statements) {
      custom.push(...(await queryPlan(db, dialect, statement)));
      settled.push(...(statementName(statement.sql) === undefined ? await queryPlan(db, dialect, statement) : await genericPlan(db, dialect, statement)));
    }
    return [custom, settled];
  }

  async function bearerLookupPlan(i: number, subject = 'ip:10.9.0.3', expectedFailures = 4) {
    const { store, take } = capturing();
    take();
    const read = await store.scimCredentials.findBySecretHash(hashCredentialSecret(`secret-${i}`), { subject, windowStart: 60_000 });
    expect(read).toMatchObject({ found: { credential: { id: `scimcred-plan${i}`, directoryId: `d-plan${i}` }, scimSyncEnabled: true }, failures: expectedFailures });
    // A known token and its address's count: one statement on both databases.
    const statements = take();
    expect(statements).toHaveLength(1);
    expect(statementName(statements[0]!.sql)).toBeDefined();
    return plansOf(statements);
  }

  const failuresIndex = dialect === 'sqlite' ? 'sqlite_autoindex_auth_failures_1' : 'auth_failures_pkey';

  // A single credential is the common case (one IdP per directory) and the one SQLite's planner
  // got wrong: with statistics saying one row, a join was planned as two scans. PostgreSQL rightly
  // reads a one-page table sequentially, so only SQLite's plan is asserted at this size.
  it.runIf(dialect === 'sqlite')('looks the bearer token up by its unique index with one credential after ANALYZE', async () => {
    await seedCredentials(0, 1);
    await seedFailures(0, 10);
    await analyze(capturing().db);
    for (const plan of await bearerLookupPlan(0)) {
      expect(plan.filter((s) => s.scan)).toEqual([]);
      expect(plan.map((s) => s.index)).toContain('scim_credentials_secret_uq');
      expect(plan.map((s) => s.index)).toContain('sqlite_autoindex_directories_1');
      expect(plan.map((s) => s.index)).toContain(failuresIndex);
    }
  });

  it('looks the bearer token up by its unique index, and the directory by its key, among many after ANALYZE', async () => {
    const seeded = dialect === 'sqlite' ? 1 : 0;
    await seedCredentials(seeded, 2_000);
    await seedFailures(dialect === 'sqlite' ? 10 : 0, 2_000);
    await analyze(capturing().db);
    for (const plan of await bearerLookupPlan(1_234)) {
      expect(plan.filter((s) => s.scan)).toEqual([]);
      expect(plan.map((s) => s.index)).toContain('scim_credentials_secret_uq');
      expect(plan.map((s) => s.index)).toContain(dialect === 'sqlite' ? 'sqlite_autoindex_directories_1' : 'directories_pkey');
      expect(plan.map((s) => s.index)).toContain(failuresIndex);
    }
  });

  it('reads the address’s failures whatever the token, counting only the current window', async () => {
    const { store, take } = capturing();
    take();
    const unknown = await store.scimCredentials.findBySecretHash(hashCredentialSecret('no such secret'), { subject: 'ip:10.9.0.3', windowStart: 60_000 });
    expect(unknown).toEqual({ found: undefined, failures: 4 });
    // PostgreSQL answers an unknown token in the same one round trip; SQLite reads the count after.
    expect(take()).toHaveLength(dialect === 'postgres' ? 1 : 2);
    // Counter 7 belongs to an earlier window; an address never counted and no address at all read 0.
    for (const subject of ['ip:10.9.0.7', 'ip:192.0.2.1', null]) {
      const read = await store.scimCredentials.findBySecretHash(hashCredentialSecret('secret-1234'), { subject, windowStart: 60_000 });
      expect(read).toMatchObject({ found: { credential: { id: 'scimcred-plan1234' } }, failures: 0 });
    }
  });

  // GET by id and the unique-name lookups: the guard reads the resource with the token (issue 16).
  // PostgreSQL: one statement, the resource by its key. SQLite: the token's statement, then the
  // resource's (decision 0196).
  it('reads a user or group by ID or name with the bearer token, in one round trip on PostgreSQL, and only of the token’s directory', async () => {
    const { store, db, take } = capturing();
    const mine = manualUser('d-plan1234', 'plan-user@example.com', 1_700_000_000_000);
    const theirs = manualUser('d-plan1235', 'plan-user@example.com', 1_700_000_000_001);
    const others = Array.from({ length: 3_000 }, (_, i) => userInsertRow(manualUser(`d-plan${i % 2_000}`, `filler-${i}@example.com`, 1_700_000_001_000 + i)));
    for (let i = 0; i < others.length; i += 500) await db.insertInto('users').values(others.slice(i, i + 500)).execute();
    await db.insertInto('users').values([userInsertRow(mine), userInsertRow(theirs)]).execute();
    const groupRows = Array.from({ length: 3_000 }, (_, i) => groupRow(`g-filler${i}`, `d-plan${i % 2_000}`, `filler-${i}`));
    for (let i = 0; i < groupRows.length; i += 500) await db.insertInto('groups').values(groupRows.slice(i, i + 500)).execute();
    await db.insertInto('groups').values([groupRow('g-plan-mine', 'd-plan1234', 'Plan Group'), groupRow('g-plan-theirs', 'd-plan1235', 'Plan Group')]).execute();
    await analyze(db);
    const token = hashCredentialSecret('secret-1234');
    // By ID, and by name compared case-insensitively: both directories have a user and a group of that name.
    const cases = [
      { key: { type: 'user', id: mine.id }, id: mine.id, index: /users_pkey|users_directory_ix|sqlite_autoindex_users_1/ },
      { key: { type: 'user', userName: 'PLAN-user@example.com' }, id: mine.id, index: /users_name_uq/ },
      { key: { type: 'group', id: 'g-plan-mine' }, id: 'g-plan-mine', index: /groups_pkey|groups_directory_ix|sqlite_autoindex_groups_1/ },
      { key: { type: 'group', displayName: 'PLAN GROUP' }, id: 'g-plan-mine', index: /groups_name_uq/ },
    ] as const;
    for (const { key, id, index } of cases) {
      for (const subject of ['ip:10.9.0.3', null]) {
        take();
        const read = await store.scimCredentials.findBySecretHashReading(token, { subject, windowStart: 60_000 }, key);
        expect(read).toEqual({
          found: {
            credential: expect.objectContaining({ id: 'scimcred-plan1234', directoryId: 'd-plan1234' }),
            scimSyncEnabled: true,
            resource: key.type === 'user' ? mine : expect.objectContaining({ id, directoryId: 'd-plan1234', name: 'Plan Group' }),
          },
          failures: subject === null ? 0 : 4,
        });
        const statements = take();
        expect(statements).toHaveLength(dialect === 'postgres' ? 1 : 2);
        expect(statements.filter((st) => statementName(st.sql) === undefined)).toEqual([]);
        for (const plan of await plansOf(statements)) {
          expect({ key, scans: plan.filter((st) => st.scan) }).toEqual({ key, scans: [] });
          expect(plan.map((st) => st.index)).toContain('scim_credentials_secret_uq');
          expect({ key, indexes: plan.map((st) => st.index).filter((i) => i !== undefined && index.test(i)) }).not.toEqual({ key, indexes: [] });
        }
      }
    }
    // Another directory's resources, by their real IDs: not there for this token.
    for (const key of [{ type: 'user', id: theirs.id }, { type: 'group', id: 'g-plan-theirs' }] as const) {
      const crossed = await store.scimCredentials.findBySecretHashReading(token, { subject: 'ip:10.9.0.3', windowStart: 60_000 }, key);
      expect(crossed.found).toMatchObject({ credential: { id: 'scimcred-plan1234' }, resource: undefined });
    }
    const nobody = await store.scimCredentials.findBySecretHashReading(token, { subject: null, windowStart: 60_000 }, { type: 'user', userName: 'nobody@example.com' });
    expect(nobody.found).toMatchObject({ credential: { id: 'scimcred-plan1234' }, resource: undefined });
    // An unknown token: no credential and no resource read, and the address's count as for any lookup.
    take();
    expect(await store.scimCredentials.findBySecretHashReading(hashCredentialSecret('no such secret'), { subject: 'ip:10.9.0.3', windowStart: 60_000 }, { type: 'user', id: mine.id })).toEqual({
      found: undefined,
      failures: 4,
    });
    expect(take()).toHaveLength(dialect === 'postgres' ? 1 : 2);
  });

  // Every SCIM PUT or PATCH of a user or group starts so: the directory's lock and the row's, one statement.
  it("locks a user's or group's row with its directory's by their keys among many after ANALYZE", async () => {
    const { store, db, take } = capturing();
    await analyze(db);
    const user = await store.users.findByUserName('d-plan1234', 'plan-user@example.com');
    const cases = [
      { lock: () => store.transaction((tx) => tx.users.lockWithDirectory('d-plan1234', user!.id)), id: user!.id, index: /users_pkey|users_directory_ix|sqlite_autoindex_users_1/ },
      { lock: () => store.transaction((tx) => tx.groups.lockWithDirectory('d-plan1234', 'g-plan-mine')), id: 'g-plan-mine', index: /groups_pkey|groups_directory_ix|sqlite_autoindex_groups_1/ },
    ];
    for (const { lock, id, index } of cases) {
      take();
      expect(await lock()).toMatchObject({ id, directoryId: 'd-plan1234' });
      const [statement, ...rest] = take().filter((st) => !/^(begin|commit|savepoint|release)/i.test(st.sql));
      expect(rest).toEqual([]);
      expect(statementName(statement!.sql)).toBeDefined();
      for (const plan of await plansOf([statement!])) {
        expect({ id, scans: plan.filter((st) => st.scan) }).toEqual({ id, scans: [] });
        expect(plan.map((st) => st.index)).toContain(dialect === 'postgres' ? 'directories_pkey' : 'sqlite_autoindex_directories_1');
        expect({ id, indexes: plan.map((st) => st.index).filter((i) => i !== undefined && index.test(i)) }).not.toEqual({ id, indexes: [] });
      }
    }
  });

  // Inside the directory's lock a group PATCH adding or removing a member runs these: each
  // compiled once (a named statement on PostgreSQL, parsed and planned once per connection), each
  // by an index.
  it('runs the statements of a group PATCH inside the lock as named statements, by their indexes', async () => {
    const { store, db, take } = capturing();
    const user = (await store.users.findByUserName('d-plan1234', 'plan-user@example.com'))!;
    // Thousands of memberships in the other groups, so the planner has a reason to use the indexes.
    await db
      .insertInto('group_members')
      .columns(['group_id', 'user_id', 'directory_id', 'join_time'])
      .expression((eb) =>
        eb
          .selectFrom('users as u')
          .innerJoin('groups as g', 'g.directory_id', 'u.directory_id')
          .select(['g.id', 'u.id as user_id', 'u.directory_id', (e) => e.lit(1).as('join_time')])
          .where('g.id', 'like', 'g-filler%'),
      )
      .execute();
    // And the other groups' provisionings to accounts.
    await db
      .insertInto('user_provisionings')
      .columns(['id', 'directory_id', 'principal_type', 'principal_id', 'target_type', 'target_id', 'duplication_strategy', 'deletion_strategy', 'status', 'create_time', 'update_time'])
      .expression((eb) =>
        eb
          .selectFrom('groups as g')
          .select([
            sql<string>`${'up-'} || ${sql.ref('g.id')}`.as('id'),
            'g.directory_id',
            (e) => e.val('Group').as('principal_type'),
            'g.id as principal_id',
            (e) => e.val('RD-Account').as('target_type'),
            (e) => e.val('1234567890').as('target_id'),
            (e) => e.val('KeepBoth').as('duplication_strategy'),
            (e) => e.val('Keep').as('deletion_strategy'),
            (e) => e.val('Enabled').as('status'),
            (e) => e.lit(1).as('create_time'),
            (e) => e.lit(1).as('update_time'),
          ])
          .where('g.id', 'like', 'g-filler%'),
      )
      .execute();
    await analyze(db);
    take();
    await store.transaction(async (tx) => {
      expect(await tx.groups.lockWithDirectory('d-plan1234', 'g-plan-mine')).toMatchObject({ id: 'g-plan-mine' });
      expect(await tx.groups.addMembers('d-plan1234', 'g-plan-mine', [user.id], 1_700_000_000_000)).toEqual([user.id]);
      expect(await tx.userProvisioning.ofPrincipal('d-plan1234', { type: 'Group', id: 'g-plan-mine' })).toEqual([]);
      expect(await tx.groups.touch('d-plan1234', 'g-plan-mine', 1_700_000_000_001)).toMatchObject({ id: 'g-plan-mine', updateTime: 1_700_000_000_001 });
      // A PATCH removing one member runs the same statements with this delete for the insert.
      expect(await tx.groups.removeMembers('d-plan1234', 'g-plan-mine', [user.id])).toBe(1);
      expect(await tx.groups.removeMembers('d-plan1234', 'g-plan-mine', [user.id])).toBe(0);
    });
    const statements = take().filter((st) => !/^(begin|commit|savepoint|release)/i.test(st.sql));
    expect(statements).toHaveLength(6);
    for (const statement of statements) {
      expect({ sql: statement.sql, named: statementName(statement.sql) !== undefined }).toEqual({ sql: statement.sql, named: true });
      // The plan of its first runs, and the generic plan a busy connection settles on.
      for (const plan of await plansOf([statement])) {
        expect({ sql: statement.sql, scans: plan.filter((st) => st.scan) }).toEqual({ sql: statement.sql, scans: [] });
        expect({ sql: statement.sql, indexed: plan.some((st) => st.index !== undefined) }).toEqual({ sql: statement.sql, indexed: true });
      }
    }
    // Several members at once run the same two statements as one: the IDs are one parameter, so
    // one named statement serves every list length, and it still looks each ID up by its key.
    const other = (await store.users.findByUserName('d-plan1234', 'filler-1234@example.com'))!;
    take();
    await store.transaction(async (tx) => {
      expect((await tx.groups.addMembers('d-plan1234', 'g-plan-mine', [user.id, other.id, 'u-nosuchuser000000000001', user.id], 1_700_000_000_002)).sort()).toEqual(
        [user.id, other.id].sort(),
      );
      expect(await tx.groups.addMembers('d-plan1234', 'g-plan-mine', [user.id, other.id], 1_700_000_000_003)).toEqual([]);
      expect(await tx.groups.removeMembers('d-plan1234', 'g-plan-mine', [other.id, user.id, 'u-nosuchuser000000000001'])).toBe(2);
    });
    const [, insertOne, , , deleteOne] = statements;
    const several = take().filter((st) => !/^(begin|commit|savepoint|release)/i.test(st.sql));
    expect(several.map((st) => st.sql)).toEqual([insertOne!.sql, insertOne!.sql, deleteOne!.sql]);
    for (const statement of several) {
      for (const plan of await plansOf([statement])) {
        expect({ sql: statement.sql, scans: plan.filter((st) => st.scan) }).toEqual({ sql: statement.sql, scans: [] });
      }
    }
    // The `display` an IdP sends with members (Okta does): one named statement for one pair or
    // many, the pairs one JSON parameter; each membership found by its key.
    const displays = [{ [user.id]: 'Plan "User"' }, { [user.id]: 'Plan Ü', [other.id]: 'Filler \\ 1234' }];
    for (const shown of displays) await store.transaction((tx) => tx.groups.addMembers('d-plan1234', 'g-plan-mine', Object.keys(shown), 1_700_000_000_004, shown));
    const updates = take().filter((st) => st.sql.startsWith('update'));
    expect(updates).toHaveLength(2);
    expect(updates[1]!.sql).toBe(updates[0]!.sql);
    expect(statementName(updates[0]!.sql)).toBeDefined();
    for (const statement of updates) {
      for (const plan of await plansOf([statement])) {
        expect({ sql: statement.sql, scans: plan.filter((st) => st.scan) }).toEqual({ sql: statement.sql, scans: [] });
        expect(plan.map((st) => st.index)).toContainEqual(expect.stringMatching(/group_members_pk|sqlite_autoindex_group_members_1|group_members_user_ix/));
      }
    }
    const shownNow = await store.groups.listMembers('d-plan1234', 'g-plan-mine', { limit: 10 });
    expect(Object.fromEntries(shownNow.map((m) => [m.userId, m.display]))).toEqual(displays[1]);
  });

  // Decision 0211: PostgreSQL planned a "not a member yet" subquery as an anti-join, which read the
  // group's memberships in full while its statistics said the group was small (a group an IdP
  // fills right after creating it), under the directory's lock. The insert now reads no
  // membership at all: the membership's primary key tells a member already there.
  it("adds members without reading the group's memberships, whatever the statistics say", async () => {
    const { store, db, take } = capturing();
    const d = 'd-planmembers01';
    const g = 'g-planmembers0000000001';
    await db.insertInto('directories').values({ id: d, name: 'plan-members', region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 }).execute();
    const users = Array.from({ length: 1_200 }, (_, i) => manualUser(d, `pm-${i}@example.com`, 1_700_000_000_000 + i));
    for (let i = 0; i < users.length; i += 200) await db.insertInto('users').values(users.slice(i, i + 200).map((u) => userInsertRow(u))).execute();
    await db.insertInto('groups').values(groupRow(g, d, 'plan-members')).execute();
    // Statistics taken while the group is empty, then a thousand members joining.
    await analyze(db);
    for (let i = 0; i < 1_000; i += 200) {
      await db
        .insertInto('group_members')
        .values(users.slice(i, i + 200).map((u) => ({ group_id: g, user_id: u.id, directory_id: d, join_time: 1 })))
        .execute();
    }
    const [member, newcomer, other] = [users[0]!.id, users[1_100]!.id, users[1_101]!.id];
    const change = (userIds: string[], displays?: Record<string, string>) => ({ kind: 'add' as const, directoryId: d, groupId: g, userIds, time: 1_700_000_001_000, ...(displays ? { displays } : {}) });
    const audit = { directoryId: d, time: 1, actorType: 'scim-credential', actorId: 'scimcred-plan', action: 'ChangeGroupMembers', resourceType: 'group', resourceId: g, requestId: 'req-plan' } as const;
    take();
    await store.transaction(async (tx) => {
      expect(await tx.groups.lockWithDirectory(d, g)).toMatchObject({ id: g });
      expect(await tx.groups.addMembers(d, g, [member, newcomer], 1_700_000_001_000)).toEqual([newcomer]);
      expect(await tx.groups.writeMembers(change([member, other]), audit)).toMatchObject({ userIds: [other] });
      expect(await tx.groups.writeMembers(change([member, users[1_102]!.id], { [member]: 'Shown' }), audit)).toMatchObject({ userIds: [users[1_102]!.id] });
    });
    if (store.oneStatement) {
      expect(await store.oneStatement.writeMembers(change([member, users[1_103]!.id]), audit)).toMatchObject({ userIds: [users[1_103]!.id] });
      expect(await store.oneStatement.writeMembers(change([member, users[1_104]!.id], { [users[1_104]!.id]: 'New' }), audit)).toMatchObject({ userIds: [users[1_104]!.id] });
    }
    const inserts = take().filter((st) => /insert into "group_members"/i.test(st.sql));
    expect(inserts).toHaveLength(dialect === 'postgres' ? 5 : 3);
    // A step that reads memberships: PostgreSQL's scans of the table or of one of its indexes
    // (not the insert itself), SQLite's SCAN or SEARCH of it under any of its aliases.
    const readsMemberships = (step: PlanStep) =>
      dialect === 'postgres'
        ? (/ on group_members\b/.test(step.detail) && !step.detail.startsWith('ModifyTable')) || ['group_members_pk', 'group_members_user_ix'].includes(step.index ?? '')
        : /^(SCAN|SEARCH) (m|gm|group_members)\b/.test(step.detail);
    for (const statement of inserts) {
      for (const plan of await plansOf([statement])) {
        // No join against the memberships: the insert reads none.
        expect({ sql: statement.sql, antiJoins: plan.filter((st) => /Anti Join/.test(st.detail)).map((st) => st.detail) }).toEqual({ sql: statement.sql, antiJoins: [] });
        // Okta's displays of members already there (an UPDATE in the same statement, decision
        // 0208) do read memberships: how, the statistics decide (decision 0211).
        if (/"shown"/.test(statement.sql)) continue;
        expect({ sql: statement.sql, reads: plan.filter(readsMemberships).map((st) => `${st.detail} ${st.condition ?? ''}`) }).toEqual({ sql: statement.sql, reads: [] });
      }
    }
  });

  // Every poll of the task runner and of the webhook dispatcher, on every node: one named claim
  // (src/store/lease-claim.ts), which must find the due row by its index among many finished ones,
  // in the plan of its first runs and in the generic plan a polling connection settles on.
  it('claims a due task or webhook delivery by its index among many finished ones after ANALYZE', async () => {
    const { store, db, take } = capturing();
    for (let start = 0; start < 3_000; start += 500) {
      const ids = Array.from({ length: 500 }, (_, k) => start + k);
      await db
        .insertInto('tasks')
        .values(
          ids.map((i) => ({
            task_id: `t-plan${i}`,
            directory_id: 'd-plan1234',
            task_type: 'ProvisionAccessConfiguration',
            status: i % 2 === 0 ? 'Success' : 'Failed',
            access_configuration_id: 'ac-plan',
            target_type: 'RD-Account',
            target_id: '1234567890',
            create_time: i,
            start_time: i,
            end_time: i + 1,
            conflict_key: `plan-${i}`,
            next_run_at: i,
          })),
        )
        .execute();
      await db
        .insertInto('webhook_deliveries')
        .values(ids.map((i) => ({ delivery_id: `wd-plan${i}`, endpoint_id: 'we-plan', event_id: `ev-plan${i}`, status: 'Delivered', attempts: 1, next_attempt_at: i, create_time: i, end_time: i + 1 })))
        .execute();
    }
    await analyze(db);
    const cases = [
      { claim: () => store.tasks.claim('node-plan', 10_000, 70_000), index: 'tasks_claim_ix' },
      { claim: () => store.webhooks.claim('node-plan', 10_000, 70_000), index: 'webhook_deliveries_due' },
    ];
    for (const { claim, index } of cases) {
      take();
      expect(await claim()).toBeUndefined();
      const [statement, ...rest] = take();
      expect(rest).toEqual([]);
      expect(statementName(statement!.sql)).toBeDefined();
      for (const plan of await plansOf([statement!])) {
        expect({ index, scans: plan.filter((st) => st.scan) }).toEqual({ index, scans: [] });
        expect(plan.map((st) => st.index)).toContain(index);
      }
    }
  });

  // Every signed call: its AccessKey with the throttle's counts, then its nonce claim; the pruner's bounded delete.
  it("reads a signed call's AccessKey and failure counts, takes over a nonce and prunes by their indexes among many after ANALYZE", async () => {
    const { store, db, take } = capturing();
    for (let start = 0; start < 2_000; start += 200) {
      const ids = Array.from({ length: 200 }, (_, k) => start + k);
      // Every other key a RAM user's, read with its user (decision 0206).
      await db
        .insertInto('ram_users')
        .values(ids.map((i) => ramUserRow(`ram-key${i}`, `k${i}`)))
        .execute();
      await db
        .insertInto('access_keys')
        .values(
          ids.map((i) => ({ id: `LTAIplan${i}`, principal_type: i % 2 === 0 ? 'user' : 'root', ram_user_id: i % 2 === 0 ? `ram-key${i}` : null, secret_enc: 'v1.x', status: 'Enabled', create_time: 1, last_used_time: null })),
        )
        .execute();
      await db.insertInto('auth_failures').values(ids.map((i) => ({ subject: `key:LTAIplan${i}`, window_start: 60_000, failures: 1, expire_time: 120_000 }))).execute();
      await db.insertInto('signature_nonces').values(ids.map((i) => ({ nonce: `LTAIplan${i}:n`, expire_time: 1_000 + i }))).execute();
    }
    await analyze(db);
    take();
    expect(await store.accessKeys.getWithFailures('LTAIplan1234', ['ip:10.1.2.3', 'key:LTAIplan1234'], 60_000)).toMatchObject({
      key: { id: 'LTAIplan1234', ramUserId: 'ram-key1234' },
      failures: new Map([['key:LTAIplan1234', 1]]),
      ...(dialect === 'postgres' ? { owner: { id: 'ram-key1234', name: 'k1234' } } : {}),
    });
    expect(await store.nonces.claim('LTAIplan77:n', 900_000, 500_000)).toBe(true); // expired: taken over
    expect(await store.nonces.prune(1_010)).toBe(11);
    const statements = take();
    expect(statements).toHaveLength(dialect === 'postgres' ? 4 : 5);
    // Claims arriving together are one insert of many rows.
    expect(await Promise.all([store.nonces.claim('LTAIplan78:new', 900_000, 500_000), store.nonces.claim('LTAIplan79:new', 900_000, 500_000)])).toEqual([true, true]);
    const group = take();
    expect(group).toHaveLength(1);
    // The statements every signed call runs (the key with its counts, its nonce claim alone or in
    // a group) are named: parsed and planned once per connection on PostgreSQL, not per call.
    for (const statement of [...statements.filter((st) => !/^(update|delete)/.test(st.sql)), ...group]) {
      expect({ sql: statement.sql, named: statementName(statement.sql) !== undefined }).toEqual({ sql: statement.sql, named: true });
    }
    for (const statement of statements.filter((st) => !st.sql.startsWith('insert'))) {
      for (const plan of await plansOf([statement])) {
        if (statement.sql.startsWith('delete')) {
          // The expired rows are found by their index; PostgreSQL may then join them to a table this
          // small by scanning it (a batch is half of it here), so only the index is asserted.
          expect(plan.map((st) => st.index)).toContain('signature_nonces_expire_ix');
          continue;
        }
        expect({ sql: statement.sql, scans: plan.filter((st) => st.scan) }).toEqual({ sql: statement.sql, scans: [] });
        expect(plan.some((st) => st.index !== undefined)).toBe(true);
      }
    }
  });

  // Every signed call of a RAM user: its user (principalOf), then the policies attached to it and
  // to its groups (authorize); of an STS session: the credential, its role and the role's policies.
  it("reads a RAM user's or an STS session's signed call's principal and policies as named statements, by their indexes among many after ANALYZE", async () => {
    const { store, db, take } = capturing();
    const account = '1234567890123456';
    for (let start = 0; start < 2_000; start += 200) {
      const ids = Array.from({ length: 200 }, (_, k) => start + k);
      await db
        .insertInto('ram_users')
        .values(ids.map((i) => ramUserRow(`ram-u${i}`, `u${i}`, account)))
        .execute();
      await db.insertInto('ram_groups').values(ids.map((i) => ({ id: `ram-g${i}`, account_id: account, name: `g${i}`, name_key: `g${i}`, comments: null, create_time: 1, update_time: 1 }))).execute();
      await db
        .insertInto('ram_roles')
        .values(ids.map((i) => ({ id: `ram-r${i}`, account_id: account, name: `r${i}`, name_key: `r${i}`, description: null, trust_policy: '{}', max_session_duration: 3600, create_time: 1, update_time: 1 })))
        .execute();
      await db
        .insertInto('sts_credentials')
        .values(ids.map((i) => ({ id: `STS.plan${i}`, secret_enc: 'v1.x', token_hash: `h${i}`, account_id: account, role_id: `ram-r${i}`, session_name: 's', session_policy: null, caller: 'c', create_time: 1, expire_time: 2 })))
        .execute();
    }
    for (let start = 0; start < 2_000; start += 200) {
      const ids = Array.from({ length: 200 }, (_, k) => start + k);
      // Each user in two groups; each user and each group with a policy of its own.
      await db.insertInto('ram_group_members').values(ids.flatMap((i) => [0, 1].map((k) => ({ group_id: `ram-g${(i + k * 7) % 2_000}`, user_id: `ram-u${i}`, join_time: 1 })))).execute();
      await db.insertInto('ram_policies').values(ids.map((i) => ({ account_id: account, name: `p${i}`, description: null, document: '{}', create_time: 1, update_time: 1 }))).execute();
      await db
        .insertInto('ram_policy_attachments')
        .values(
          ids.flatMap((i) => [
            { account_id: account, policy_type: 'Custom', policy_name: `p${i}`, principal_type: 'user', principal_id: `ram-u${i}`, attach_time: 1 },
            { account_id: account, policy_type: 'System', policy_name: 'AliyunCloudSSOReadOnlyAccess', principal_type: 'group', principal_id: `ram-g${i}`, attach_time: 2 },
            { account_id: account, policy_type: 'System', policy_name: 'AdministratorAccess', principal_type: 'role', principal_id: `ram-r${i}`, attach_time: 3 },
          ]),
        )
        .execute();
    }
    await analyze(db);
    take();
    expect(await store.ram.getUser('ram-u1234')).toMatchObject({ id: 'ram-u1234', name: 'u1234' });
    const policies = await store.ram.effectivePolicies('ram-u1234');
    expect(policies.map((p) => [p.via, p.policyName, p.custom?.name ?? null])).toEqual([
      ['user', 'p1234', 'p1234'],
      ['group', 'AliyunCloudSSOReadOnlyAccess', null],
      ['group', 'AliyunCloudSSOReadOnlyAccess', null],
    ]);
    // An STS-signed call's credential with its role and the throttle's counts: one statement on PostgreSQL.
    expect(await store.sts.getForCall('STS.plan77', ['ip:10.1.2.3', 'key:STS.plan77'], 60_000)).toEqual({
      credential: expect.objectContaining({ id: 'STS.plan77', roleId: 'ram-r77', role: { id: 'ram-r77', accountId: account, name: 'r77' } }),
      failures: new Map(),
    });
    expect(await store.ram.getRole('ram-r77')).toMatchObject({ id: 'ram-r77', name: 'r77' });
    expect((await store.ram.policiesOf('role', 'ram-r77')).map((p) => p.policyName)).toEqual(['AdministratorAccess']);
    const statements = take();
    expect(statements).toHaveLength(dialect === 'postgres' ? 5 : 7);
    for (const statement of statements) {
      expect({ sql: statement.sql, named: statementName(statement.sql) !== undefined }).toEqual({ sql: statement.sql, named: true });
      for (const plan of await plansOf([statement])) {
        expect({ sql: statement.sql, scans: plan.filter((st) => st.scan) }).toEqual({ sql: statement.sql, scans: [] });
      }
    }
    // A group's members by their user: the index of migration 0190, not the primary key's scan.
    for (const plan of await plansOf([statements[1]!])) expect(plan.map((st) => st.index)).toContain('ram_group_members_user_ix');
  });

  // Every SCIM POST /Users: the audit row, the outbox's endpoint read and the quota-checked insert.
  it('creates a SCIM user in one statement on PostgreSQL, the transaction when a webhook listens; three statements on SQLite', async () => {
    const { store, db, take } = capturing();
    await db.insertInto('directories').values({ id: 'd-plancreate1', name: 'plan-create', region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 }).execute();
    const ctx = { store, clock: { now: () => 1_700_000_000_000 }, settings: { regionId: 'cn-shanghai', accountId: '1234567890123456', quotas: DEFAULT_QUOTAS } } as unknown as CoreContext;
    const by = { via: 'scim', actor: { type: 'scim-credential', id: 'scimcred-plancreate' }, requestId: 'req-1' } as unknown as Provenance;
    take();
    const user = await createUser(ctx, 'd-plancreate1', { userName: 'created@example.com' }, by, { scim: { userName: 'created@example.com' } });
    // The first four words of each statement, transaction control aside (SQLite's group commit
    // runs each write in a savepoint).
    const heads = () =>
      take()
        .map((st) => st.sql.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' '))
        .filter((st) => !/^(begin|commit|savepoint|release)\b/i.test(st));
    const statements = heads();
    const audited = ['insert into "audit_events" ("id",', 'select * from "webhook_endpoints"'];
    const inTransaction = [...audited, 'insert into "users" ("id",'];
    expect(statements).toEqual(dialect === 'postgres' ? ['with "created" as (insert'] : inTransaction);
    expect(await store.users.get('d-plancreate1', user.id)).toMatchObject({ userName: 'created@example.com', provisionType: 'Synchronized' });
    expect(await store.users.count('d-plancreate1')).toBe(1);
    expect(await store.audit.list('d-plancreate1', 10)).toMatchObject([{ action: 'CreateUser', resourceId: user.id, actorId: 'scimcred-plancreate', requestId: 'req-1' }]);

    // With an endpoint enabled (subscribed or not), the one statement writes nothing and the
    // transaction writes the user, its audit row and, for a subscriber, the event.
    await db
      .insertInto('webhook_endpoints')
      .values({ endpoint_id: 'whe-plan1', url: 'https://hooks.example.com/x', description: null, event_types: '["user.created"]', status: 'Enabled', secret_sealed: 'v1.x', create_time: 1, update_time: 1 })
      .execute();
    take();
    const second = await createUser(ctx, 'd-plancreate1', { userName: 'second@example.com' }, by, { scim: { userName: 'second@example.com' } });
    const event = ['insert into "webhook_events" ("event_id",', 'insert into "webhook_deliveries" ("delivery_id",'];
    const withListener = heads();
    expect(withListener).toEqual(
      dialect === 'postgres'
        ? ['with "created" as (insert', 'with "recorded" as (insert', ...event, 'insert into "users" ("id",']
        : [...audited, ...event, 'insert into "users" ("id",'],
    );
    expect(await store.users.count('d-plancreate1')).toBe(2);
    expect((await store.audit.list('d-plancreate1', 10)).map((e) => e.resourceId).sort()).toEqual([user.id, second.id].sort());
    expect(await db.selectFrom('webhook_events').select('event_type').execute()).toEqual([{ event_type: 'user.created' }]);
    // The endpoint listens for every directory: later tests of the suite start without it.
    await db.deleteFrom('webhook_endpoints').where('endpoint_id', '=', 'whe-plan1').execute();
  });

  // Every user change that renames, relabels or enables/disables a user (a SCIM PATCH of displayName).
  it('reads the provisionings that keep or provision a user in one statement, by their indexes among many after ANALYZE', async () => {
    const { store, db, take } = capturing();
    const d = 'd-planup1';
    await db.insertInto('directories').values({ id: d, name: 'plan-up', region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 }).execute();
    const provisioning = (id: string, principalType: 'User' | 'Group', principalId: string, targetId = 'acct-1') => provisioningRow(d, id, principalType, principalId, targetId);
    const mapping = (upId: string, userId: string) => ({ user_provisioning_id: upId, user_id: userId, directory_id: d, account_id: 'acct-1', ram_user_id: `ram-${upId}-${userId}`, origin: 'Created' });
    for (let start = 0; start < 2_000; start += 200) {
      const ids = Array.from({ length: 200 }, (_, k) => start + k);
      await db.insertInto('user_provisionings').values(ids.map((i) => provisioning(`up-other${String(i).padStart(4, '0')}`, i % 2 ? 'User' : 'Group', `u-other${i}`))).execute();
      await db.insertInto('user_provisioning_ram_users').values(ids.map((i) => mapping(`up-other${String(i).padStart(4, '0')}`, `u-other${i}`))).execute();
    }
    // Its own provisioning, which also keeps its RAM user; a group's that keeps one; its own on a
    // second account; a mapping whose provisioning is gone; another user's.
    await db
      .insertInto('user_provisionings')
      .values([provisioning('up-a', 'User', 'u-me'), provisioning('up-b', 'Group', 'g-mine'), provisioning('up-c', 'User', 'u-me', 'acct-2'), provisioning('up-d', 'User', 'u-else')])
      .execute();
    await db.insertInto('user_provisioning_ram_users').values([mapping('up-a', 'u-me'), mapping('up-b', 'u-me'), mapping('up-gone', 'u-me'), mapping('up-d', 'u-else')]).execute();
    await analyze(db);
    take();
    expect((await store.userProvisioning.ofUser(d, 'u-me')).map((up) => up.id)).toEqual(['up-a', 'up-b', 'up-c']);
    expect(await store.userProvisioning.ofUser(d, 'u-nobody')).toEqual([]);
    const statements = take();
    expect(statements).toHaveLength(2);
    for (const plan of await plansOf(statements.slice(0, 1))) {
      expect({ scans: plan.filter((st) => st.scan) }).toEqual({ scans: [] });
      const indexes = plan.map((st) => st.index);
      expect(indexes).toContain('user_provisionings_principal_target_uq');
      expect(indexes).toContain('user_provisioning_ram_users_user_ix');
    }
  });

  // Every SCIM PUT or PATCH of a user (decision 0204). PostgreSQL: the user's read, then one
  // statement; the transaction when a provisioning or a webhook endpoint follows the user.
  it('updates a SCIM user in one statement after its read on PostgreSQL, by its keys among many; the transaction when a provisioning or a webhook follows', async () => {
    const { store, db, take } = capturing();
    const d = 'd-planpatch1';
    await db.insertInto('directories').values({ id: d, name: 'plan-patch', region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 }).execute();
    const ctx = { store, clock: { now: () => 1_700_000_000_000 }, settings: { regionId: 'cn-shanghai', accountId: '1234567890123456', quotas: DEFAULT_QUOTAS } } as unknown as CoreContext;
    const by = { via: 'scim', actor: { type: 'scim-credential', id: 'scimcred-planpatch' }, requestId: 'req-patch' } as unknown as Provenance;
    const user = await createUser(ctx, d, { userName: 'patched@example.com' }, by, { scim: { userName: 'patched@example.com' } });
    // Other users of the directory (inserted past its quota), and RAM users kept for some of them.
    const others = Array.from({ length: 2_000 }, (_, i) => userInsertRow(manualUser(d, `patch-filler-${i}@example.com`, 1_700_000_002_000 + i)));
    for (let i = 0; i < others.length; i += 200) await db.insertInto('users').values(others.slice(i, i + 200)).execute();
    const kept = others.slice(0, 500).map((u, i) => ({ user_provisioning_id: `up-patch${i % 5}`, user_id: u.id, directory_id: d, account_id: 'acct-1', ram_user_id: `ram-patch-${i}`, origin: 'Created' }));
    await db.insertInto('user_provisioning_ram_users').values(kept).execute();
    const own = others.slice(500, 1_000).map((u, i) => provisioningRow(d, `up-patchown${i}`, 'User', u.id, 'acct-1'));
    await db.insertInto('user_provisionings').values(own).execute();
    const directories = Array.from({ length: 500 }, (_, i) => ({ id: `d-planpatchother${i}`, name: `plan-patch-other-${i}`, region: 'cn-shanghai', scim_sync_enabled: 1, create_time: 1, update_time: 1 }));
    await db.insertInto('directories').values(directories).execute();
    await analyze(db);
    const rename = (displayName: string) => patchUser(ctx, d, user.id, () => ({ changes: { displayName, scim: { userName: 'patched@example.com', displayName } } }), by);
    const statements = () => take().filter((st) => !/^(begin|commit|savepoint|release)\b/i.test(st.sql));
    const heads = (list: readonly CompiledStatement[]) => list.map((st) => st.sql.replace(/\s+/g, ' ').split(' ').slice(0, 3).join(' '));
    const read = 'select "id", "directory_id",';
    const audited = dialect === 'postgres' ? ['with "recorded" as'] : ['insert into "audit_events"', 'select * from'];
    const transaction = (...between: string[]) => ['select "r"."id", "r"."directory_id",', 'update "users" set', ...between, ...audited];
    const provisionings = 'select * from';

    take();
    expect(await rename('One')).toMatchObject({ displayName: 'One', version: 2 });
    const first = statements();
    expect(heads(first)).toEqual(dialect === 'postgres' ? [read, 'with "locked" as'] : transaction(provisionings));
    // Only the webhook endpoints, a table of a few rows by design, may be read whole.
    for (const plan of await plansOf(first.filter((st) => !st.sql.startsWith('insert')))) {
      expect(plan.filter((st) => st.scan && !st.detail.includes('webhook_endpoints'))).toEqual([]);
    }

    // A provisioning keeps the user's RAM user: the one statement writes nothing; the transaction
    // writes, reads the provisionings and submits their synchronization.
    await db.insertInto('user_provisionings').values(provisioningRow(d, 'up-planpatch', 'Group', 'g-planpatch', 'acct-1')).execute();
    await db
      .insertInto('user_provisioning_ram_users')
      .values({ user_provisioning_id: 'up-planpatch', user_id: user.id, directory_id: d, account_id: 'acct-1', ram_user_id: 'ram-planpatch', origin: 'Created' })
      .execute();
    const tasks = async () => (await db.selectFrom('tasks').select('task_id').execute()).length;
    const tasksBefore = await tasks();
    take();
    expect(await rename('Two')).toMatchObject({ displayName: 'Two', version: 3 });
    // The synchronization's task: the provisioning, the user, what is pending, the new task.
    const synced = [provisionings, read, 'select * from', 'select * from', 'insert into "tasks"'];
    const transactionSynced = ['select "r"."id", "r"."directory_id",', 'update "users" set', ...synced, ...audited];
    expect(heads(statements())).toEqual(dialect === 'postgres' ? [read, 'with "locked" as', ...transactionSynced] : transactionSynced);
    expect(await tasks()).toBe(tasksBefore + 1);
    await db.deleteFrom('user_provisioning_ram_users').where('user_provisioning_id', '=', 'up-planpatch').execute();
    await db.deleteFrom('user_provisionings').where('id', '=', 'up-planpatch').execute();

    // A webhook endpoint is enabled: the transaction, which writes the change event.
    await db
      .insertInto('webhook_endpoints')
      .values({ endpoint_id: 'whe-planpatch', url: 'https://hooks.example.com/p', description: null, event_types: '["user.updated"]', status: 'Enabled', secret_sealed: 'v1.x', create_time: 1, update_time: 1 })
      .execute();
    take();
    expect(await rename('Three')).toMatchObject({ displayName: 'Three', version: 4 });
    const event = ['insert into "webhook_events"', 'insert into "webhook_deliveries"'];
    expect(heads(statements())).toEqual(dialect === 'postgres' ? [read, 'with "locked" as', ...transaction(provisionings), ...event] : [...transaction(provisionings), ...event]);
    await db.deleteFrom('webhook_endpoints').where('endpoint_id', '=', 'whe-planpatch').execute();
    expect((await store.audit.list(d, 10)).filter((e) => e.action === 'UpdateUser').map((e) => e.requestId)).toEqual(['req-patch', 'req-patch', 'req-patch']);
  });

  // The revocation path (UpdateSCIMServerCredentialStatus): the directory's lock, the credential's
  // update and the audit row. PostgreSQL: one statement (decision 0202); SQLite: three in a transaction.
  it('sets a SCIM credential’s status in one statement on PostgreSQL, by the keys among many after ANALYZE; three statements on SQLite', async () => {
    const { store, db, take } = capturing();
    await seedCredentials(5_000, 7_000);
    await analyze(db);
    const ctx = { store, clock: { now: () => 1_700_000_000_000 } } as unknown as CoreContext;
    const by = { actor: { type: 'root', id: 'root' }, requestId: 'req-status-1' } as unknown as Provenance;
    take();
    expect(await updateSCIMServerCredentialStatus(ctx, 'd-plan6500', 'scimcred-plan6500', 'Disabled', by)).toMatchObject({ id: 'scimcred-plan6500', status: 'Disabled' });
    const statements = take().filter((st) => !/^(begin|commit|savepoint|release)\b/i.test(st.sql));
    const heads = statements.map((st) => st.sql.replace(/\s+/g, ' ').split(' ').slice(0, 4).join(' '));
    expect(heads).toEqual(
      dialect === 'postgres'
        ? ['with "locked" as (select']
        : ['select "id", "name", "region",', 'update "scim_credentials" set "status"', 'insert into "audit_events" ("id",'],
    );
    for (const statement of statements.filter((st) => !st.sql.startsWith('insert'))) {
      for (const plan of await plansOf([statement])) {
        expect({ sql: statement.sql, scans: plan.filter((st) => st.scan) }).toEqual({ sql: statement.sql, scans: [] });
      }
    }
    if (dialect === 'postgres') {
      // The directory by its key; the credential by its key or its directory's (one credential each here).
      for (const plan of await plansOf(statements)) {
        expect(plan.map((st) => st.index)).toContain('directories_pkey');
        const reads = plan.filter((st) => st.detail.includes(' on scim_credentials') && !st.detail.startsWith('ModifyTable'));
        expect(reads.map((st) => st.index)).toEqual([expect.stringMatching(/^scim_credentials_(pkey|directory_ix)$/)]);
      }
    }
    expect(await store.audit.list('d-plan6500', 10)).toMatchObject([{ action: 'UpdateSCIMServerCredentialStatus', resourceId: 'scimcred-plan6500', requestId: 'req-status-1' }]);
  });
});
