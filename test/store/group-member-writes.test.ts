import { describe, expect, it } from 'vitest';
import { MEMBER_WRITE_MAX } from '../../src/core/ports/directory-entities.js';
import type { AuditEvent, Store } from '../../src/core/ports/store.js';
import type { UserProvisioning } from '../../src/core/ports/user-provisioning.js';
import { createStore } from '../../src/store/kysely-store.js';
import { statementName } from '../../src/store/prepared.js';
import { DIALECTS } from '../support/server.js';
import { rowLockState, useCapturingStore, useStoreDatabase, whileLockHeld } from '../support/store.js';

/**
 * `groups.writeMembers` (decision 0207): a group's one member change with its version bump and
 * audit row, one statement on PostgreSQL under the directory's lock; and what it tells the core
 * (a provisioning or an endpoint follows).
 */
describe.each(DIALECTS)('a group\'s member writes on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  const now = 1_700_000_000_000;
  const dir = 'd-memberwrite01';
  const user = (n: number) => `u-memberwrite00000000${String(n).padStart(3, '0')}`;
  const group = { id: 'g-memberwrite00000000001', directoryId: dir, name: 'mw', description: null, provisionType: 'Synchronized' as const, externalId: null, scim: null, version: 1, createTime: now, updateTime: now };
  const audit = (resourceId: string): AuditEvent => ({
    directoryId: dir,
    time: now,
    actorType: 'scim-credential',
    actorId: 'scimcred-memberwrite0000001',
    action: 'ChangeGroupMembers',
    resourceType: 'group',
    resourceId,
    requestId: 'req-memberwrite',
  });
  const auditCount = async () => Number((await database().db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const members = async (groupId = group.id) =>
    (await database().db.selectFrom('group_members').select(['user_id', 'display']).where('group_id', '=', groupId).orderBy('user_id').execute()).map((m) => [m.user_id, m.display]);
  const provisioning = (id: string, principalId: string): UserProvisioning => ({
    id,
    directoryId: dir,
    principalType: 'Group',
    principalId,
    targetType: 'RD-Account',
    targetId: '1000000000000001',
    description: null,
    duplicationStrategy: 'KeepBoth',
    deletionStrategy: 'Keep',
    status: 'Enabled',
    latestAsyncTime: null,
    createTime: now,
    updateTime: now,
  });
  const write = (store: Store, kind: 'add' | 'remove', userIds: string[], displays?: Record<string, string>) =>
    store.transaction(async (tx) => {
      expect(await tx.groups.lockWithDirectory(dir, group.id)).toBeDefined();
      return tx.groups.writeMembers({ kind, directoryId: dir, groupId: group.id, userIds, time: now + 1, displays }, audit(group.id));
    });

  it('adds and removes exactly the users that joined or left, bumps the version once and records one audit row; nothing changed, nothing written', async () => {
    const store = createStore(database().db, database().dialect);
    await store.directories.insert({ id: dir, name: 'member-writes', region: 'cn-shanghai', scimSyncEnabled: true, createTime: now, updateTime: now });
    for (const n of [1, 2, 3]) {
      await store.users.insert({ id: user(n), directoryId: dir, userName: `mw${n}`, displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled', provisionType: 'Synchronized', externalId: null, scim: null, version: 1, createTime: now, updateTime: now });
    }
    await store.groups.insert(group);

    // Two users of the directory and one ID that is none: the two join, with the display sent.
    let audits = await auditCount();
    const added = await write(store, 'add', [user(1), user(2), 'u-nosuchuser000000000001'], { [user(1)]: 'One' });
    expect(added).toEqual({ group: { ...group, version: 2, updateTime: now + 1 }, userIds: [user(1), user(2)].sort(), provisioned: false, webhooks: false });
    expect(added!.userIds.sort()).toEqual([user(1), user(2)]);
    expect(await members()).toEqual([
      [user(1), 'One'],
      [user(2), null],
    ]);
    expect(await auditCount()).toBe(audits + 1);

    // Members already: nothing joins, no bump, no audit row; the display is still set.
    audits = await auditCount();
    expect(await write(store, 'add', [user(2)], { [user(2)]: 'Two' })).toBeUndefined();
    expect((await store.groups.get(dir, group.id))!.version).toBe(2);
    expect(await members()).toEqual([
      [user(1), 'One'],
      [user(2), 'Two'],
    ]);
    expect(await auditCount()).toBe(audits);

    // One member and one who is none: exactly the member leaves.
    const removed = await write(store, 'remove', [user(1), user(3)]);
    expect(removed).toMatchObject({ group: { version: 3 }, userIds: [user(1)], provisioned: false, webhooks: false });
    expect(await members()).toEqual([[user(2), 'Two']]);
    expect(await auditCount()).toBe(audits + 1);
    const [row] = await database().db.selectFrom('audit_events').selectAll().where('resource_id', '=', group.id).orderBy('time', 'desc').orderBy('id', 'desc').limit(1).execute();
    expect(row).toMatchObject({ directory_id: dir, actor_type: 'scim-credential', action: 'ChangeGroupMembers', resource_type: 'group', request_id: 'req-memberwrite' });

    // Nobody leaves: nothing written.
    expect(await write(store, 'remove', [user(3)])).toBeUndefined();
    expect((await store.groups.get(dir, group.id))!.version).toBe(3);
  });

  it('says whether a provisioning follows the group and whether an endpoint is enabled', async () => {
    const store = createStore(database().db, database().dialect);
    await store.userProvisioning.insert(provisioning('up-memberwrite000000001', group.id));
    expect(await write(store, 'add', [user(3)])).toMatchObject({ userIds: [user(3)], provisioned: true, webhooks: false });
    await store.webhooks.insertEndpoint(
      { endpointId: 'wh-memberwrite0000001', url: 'https://hooks.example.com/in', description: null, eventTypes: ['*'], status: 'Enabled', createTime: now, updateTime: now },
      'sealed',
    );
    expect(await write(store, 'remove', [user(3)])).toMatchObject({ userIds: [user(3)], provisioned: true, webhooks: true });
    await store.webhooks.deleteEndpoint('wh-memberwrite0000001');
    await database().db.deleteFrom('user_provisionings').where('id', '=', 'up-memberwrite000000001').execute();
    expect(await write(store, 'add', [user(3)])).toMatchObject({ provisioned: false, webhooks: false });
  });

  it(`takes at most ${MEMBER_WRITE_MAX} users`, async () => {
    const store = createStore(database().db, database().dialect);
    const many = Array.from({ length: MEMBER_WRITE_MAX + 1 }, (_, i) => user(100 + i));
    await expect(write(store, 'add', many)).rejects.toThrow(RangeError);
  });

  const capturing = useCapturingStore(dialect);

  it(dialect === 'postgres' ? 'is one named statement after the lock on PostgreSQL' : 'is the change, the bump, the audit row and one read of what follows on SQLite', async () => {
    const { store, db, take } = capturing();
    const d = 'd-memberwrite02';
    await store.directories.insert({ id: d, name: 'member-writes-sql', region: 'cn-shanghai', scimSyncEnabled: true, createTime: now, updateTime: now });
    await store.users.insert({ id: user(9), directoryId: d, userName: 'mw9', displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled', provisionType: 'Synchronized', externalId: null, scim: null, version: 1, createTime: now, updateTime: now });
    await store.groups.insert({ ...group, directoryId: d });
    take();
    await store.transaction(async (tx) => {
      await tx.groups.lockWithDirectory(d, group.id);
      expect(await tx.groups.writeMembers({ kind: 'add', directoryId: d, groupId: group.id, userIds: [user(9)], time: now + 1 }, audit(group.id))).toMatchObject({
        group: { version: 2 },
        userIds: [user(9)],
      });
    });
    const sql = take()
      .map((s) => s.sql)
      .filter((s) => !/^(begin|commit|savepoint|release)/i.test(s))
      .slice(1); // after the lock
    if (dialect === 'postgres') {
      expect(sql).toHaveLength(1);
      expect(sql[0]).toMatch(/^with "changed" as \(insert into "group_members" .* returning "user_id"\), "touched" as \(update "groups" .* returning .*\), "recorded" as \(insert into "audit_events" /);
    } else {
      expect(sql.map((s) => s.split(' ').slice(0, 3).join(' '))).toEqual(['insert into "group_members"', 'update "groups" set', 'insert into "audit_events"', 'select exists (select']);
    }
    for (const s of sql) expect({ s, named: statementName(s) !== undefined }).toEqual({ s, named: true });
    await db.deleteFrom('group_members').where('directory_id', '=', d).execute();
    if (dialect !== 'postgres') return;
    take();
    // The one statement of a SCIM member PATCH: the directory's lock first, then the same change.
    expect(await store.oneStatement!.writeMembers({ kind: 'add', directoryId: d, groupId: group.id, userIds: [user(9)], time: now + 2 }, audit(group.id))).toMatchObject({ userIds: [user(9)] });
    const [one, ...more] = take().map((s) => s.sql);
    expect(more).toEqual([]);
    expect(one).toMatch(/^with "locked" as \(select "id" from "directories" where "id" = \$1 for update\), "changed" as \(insert into "group_members" /);
    expect(statementName(one!)).toBeDefined();
    await db.deleteFrom('group_members').where('directory_id', '=', d).execute();
  });

  it.runIf(dialect === 'postgres')('on PostgreSQL an add\'s displays are written by the same one statement, in the transaction and alone', async () => {
    const { store, db, take } = capturing();
    const d = 'd-memberwrite03';
    const g = 'g-memberwrite00000000003';
    await store.directories.insert({ id: d, name: 'member-writes-displays', region: 'cn-shanghai', scimSyncEnabled: true, createTime: now, updateTime: now });
    for (const n of [11, 12]) {
      await store.users.insert({ id: user(n), directoryId: d, userName: `mw${n}`, displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled', provisionType: 'Synchronized', externalId: null, scim: null, version: 1, createTime: now, updateTime: now });
    }
    await store.groups.insert({ ...group, id: g, directoryId: d });
    await db.insertInto('group_members').values({ group_id: g, user_id: user(11), directory_id: d, join_time: now, display: 'Old' }).execute();
    const shown = async () => (await db.selectFrom('group_members').select(['user_id', 'display']).where('group_id', '=', g).orderBy('user_id').execute()).map((m) => [m.user_id, m.display]);
    const oneNamed = (after: 'the lock' | 'nothing') => {
      const sql = take()
        .map((s) => s.sql)
        .filter((s) => !/^(begin|commit)/i.test(s))
        .slice(after === 'the lock' ? 1 : 0);
      expect(sql).toHaveLength(1);
      expect(sql[0]).toMatch(/"shown" as \(update "group_members" as "gm" set "display" = /);
      expect(statementName(sql[0]!)).toBeDefined();
    };
    take();
    // In the transaction: the member there gets its new display, the new one joins with its own.
    const inTx = await store.transaction(async (tx) => {
      await tx.groups.lockWithDirectory(d, g);
      return tx.groups.writeMembers({ kind: 'add', directoryId: d, groupId: g, userIds: [user(11), user(12)], time: now + 1, displays: { [user(11)]: 'Eleven', [user(12)]: 'Twelve' } }, audit(g));
    });
    expect(inTx).toMatchObject({ group: { version: 2 }, userIds: [user(12)] });
    oneNamed('the lock');
    expect(await shown()).toEqual([
      [user(11), 'Eleven'],
      [user(12), 'Twelve'],
    ]);
    // Alone: nobody joins, so nothing is bumped or recorded; the displays are written all the same.
    const audits = Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    take();
    const w = await store.oneStatement!.writeMembers({ kind: 'add', directoryId: d, groupId: g, userIds: [user(11), user(12)], time: now + 2, displays: { [user(11)]: 'Eleven again', [user(12)]: 'Twelve' } }, audit(g));
    expect(w).toBeUndefined();
    oneNamed('nothing');
    expect(await shown()).toEqual([
      [user(11), 'Eleven again'],
      [user(12), 'Twelve'],
    ]);
    expect((await store.groups.get(d, g))!.version).toBe(2);
    expect(Number((await db.selectFrom('audit_events').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(audits);
    // As many displays as users, at most.
    const many = Object.fromEntries(Array.from({ length: MEMBER_WRITE_MAX + 1 }, (_, i) => [user(100 + i), 'x']));
    await expect(store.oneStatement!.writeMembers({ kind: 'add', directoryId: d, groupId: g, userIds: [user(11)], time: now + 3, displays: many }, audit(g))).rejects.toThrow(RangeError);
  });

  it.runIf(dialect === 'postgres')('on PostgreSQL it reads after the lock: a provisioning the lock\'s holder committed is seen', async () => {
    const store = createStore(database().db, database().dialect);
    let seen: boolean | undefined;
    // The holder locks the directory (as CreateUserProvisioning does), then creates a provisioning of the group and commits.
    await whileLockHeld(
      store,
      async (tx) => {
        expect(await tx.directories.lockExisting(dir)).toBe(true);
      },
      async () => {
        seen = (await write(store, 'add', [user(1)]))?.provisioned;
      },
      async (tx) => {
        await tx.userProvisioning.insert(provisioning('up-memberwrite000000002', group.id));
      },
    );
    expect(seen).toBe(true);
  });

  // ---- the one statement of a SCIM member PATCH, on PostgreSQL (Store.oneStatement) ----------

  const alone = (store: Store, kind: 'add' | 'remove', userIds: string[], directoryId = dir, displays?: Record<string, string>) => {
    const w = store.oneStatement;
    if (!w) throw new Error('no one-statement writes on this store');
    return w.writeMembers({ kind, directoryId, groupId: group.id, userIds, time: now + 2, displays }, audit(group.id));
  };

  it(dialect === 'postgres' ? 'on PostgreSQL the one statement writes while nothing follows the group, and gives way otherwise' : 'SQLite has no one-statement writes', async () => {
    const store = createStore(database().db, database().dialect);
    if (dialect !== 'postgres') return expect(store.oneStatement).toBeUndefined();
    await database().db.deleteFrom('user_provisionings').execute();
    await database().db.deleteFrom('group_members').where('group_id', '=', group.id).execute();
    const version = (await store.groups.get(dir, group.id))!.version;
    const audits = await auditCount();
    expect(await alone(store, 'add', [user(2), user(3)])).toMatchObject({ group: { version: version + 1 }, userIds: [user(2), user(3)], provisioned: false, webhooks: false });
    expect(await alone(store, 'add', [user(2)])).toBeUndefined();
    expect(await alone(store, 'remove', [user(2), user(1)])).toMatchObject({ group: { version: version + 2 }, userIds: [user(2)] });
    expect(await alone(store, 'remove', [user(2)])).toBeUndefined();
    expect(await auditCount()).toBe(audits + 2);
    const state = async () => [(await store.groups.get(dir, group.id))!.version, await members(), await auditCount()];
    const before = await state();
    // A directory that is not there: nothing locked, nothing written.
    expect(await alone(store, 'add', [user(2)], 'd-nosuchdir0001')).toBe('gave way');
    // A provisioning follows the group, or an endpoint listens: the transaction writes (their synchronization, their event).
    await store.userProvisioning.insert(provisioning('up-memberwrite000000003', group.id));
    expect(await alone(store, 'add', [user(2)])).toBe('gave way');
    expect(await alone(store, 'add', [user(3)], dir, { [user(3)]: 'not written' })).toBe('gave way');
    expect(await alone(store, 'remove', [user(3)])).toBe('gave way');
    await database().db.deleteFrom('user_provisionings').execute();
    await store.webhooks.insertEndpoint(
      { endpointId: 'wh-memberwrite0000002', url: 'https://hooks.example.com/in', description: null, eventTypes: ['*'], status: 'Enabled', createTime: now, updateTime: now },
      'sealed',
    );
    expect(await alone(store, 'add', [user(2)])).toBe('gave way');
    await store.webhooks.deleteEndpoint('wh-memberwrite0000002');
    expect(await state()).toEqual(before);
  });

  it.runIf(dialect === 'postgres')('on PostgreSQL the one statement waits for the directory\'s lock before it locks the group, and gives way if the user it adds went meanwhile', async () => {
    const store = createStore(database().db, database().dialect);
    const { db } = database();
    await store.users.insert({ id: user(7), directoryId: dir, userName: 'mw7', displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled', provisionType: 'Synchronized', externalId: null, scim: null, version: 1, createTime: now, updateTime: now });
    const before = [(await store.groups.get(dir, group.id))!.version, await members(), await auditCount()];
    const order: string[] = [];
    await whileLockHeld(
      store,
      async (tx) => {
        expect(await tx.directories.lockExisting(dir)).toBe(true);
      },
      // Its snapshot, taken before the lock, still has the user.
      () => alone(store, 'add', [user(7)]).then((w) => order.push(`add: ${typeof w === 'string' ? w : 'written'}`)),
      // The holder deletes the user (as a SCIM DELETE does under the directory's lock).
      async (tx) => {
        await tx.groups.removeUserFromAllGroups(dir, user(7));
        await tx.users.delete(dir, user(7));
        order.push('user deleted');
      },
      async () => {
        // While it waits, the group's row is not locked by it.
        order.push(`${await rowLockState(db, 'groups', group.id, 'group')} while waiting`);
      },
    );
    expect(order).toEqual(['group free while waiting', 'user deleted', 'add: gave way']);
    expect([(await store.groups.get(dir, group.id))!.version, await members(), await auditCount()]).toEqual(before);
  });
  it.runIf(dialect === 'postgres')('on PostgreSQL a display the lock\'s holder wrote stays: the one statement counts as having run first', async () => {
    const store = createStore(database().db, database().dialect);
    const { db } = database();
    await store.users.insert({ id: user(8), directoryId: dir, userName: 'mw8', displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled', provisionType: 'Synchronized', externalId: null, scim: null, version: 1, createTime: now, updateTime: now });
    await store.groups.addMembers(dir, group.id, [user(1)], now, { [user(1)]: 'Before' });
    await db.deleteFrom('group_members').where('group_id', '=', group.id).where('user_id', '=', user(8)).execute();
    const order: string[] = [];
    await whileLockHeld(
      store,
      async (tx) => {
        expect(await tx.directories.lockExisting(dir)).toBe(true);
      },
      // Its snapshot, taken before the lock, has the member with 'Before'.
      () => alone(store, 'add', [user(1), user(8)], dir, { [user(1)]: 'Waiter', [user(8)]: 'Eight' }).then((w) => order.push(`add: ${typeof w === 'string' ? w : (w?.userIds.join() ?? 'nobody joined')}`)),
      // The holder sets the same member's display (as an Okta PATCH in the transaction does).
      async (tx) => {
        await tx.groups.addMembers(dir, group.id, [user(1)], now, { [user(1)]: 'Holder' });
      },
      async () => {
        // While it waits, the membership's row is not locked by it.
        order.push(`${await rowLockState(db, 'group_members', { groupId: group.id, userId: user(1) }, 'membership')} while waiting`);
      },
    );
    expect(order).toEqual(['membership free while waiting', `add: ${user(8)}`]);
    const displays = Object.fromEntries(await members());
    expect([displays[user(1)], displays[user(8)]]).toEqual(['Holder', 'Eight']);
  });
});
