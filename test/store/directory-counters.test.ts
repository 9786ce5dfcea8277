import { describe, expect, it } from 'vitest';
import type { User } from '../../src/core/model.js';
import { createStore } from '../../src/store/kysely-store.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/** user_count / group_count follow every insert and delete, bulk loads included (migration 0004). */
describe.each(DIALECTS)('directory counters on %s', (dialect) => {
  const database = useStoreDatabase(dialect);

  it('match count(*) after bulk inserts, deletes and a rolled-back transaction, per directory', async () => {
    const db = database().db;
    const store = createStore(db, database().dialect);
    const now = Date.now();
    for (const id of ['d-counter00001', 'd-counter00002']) {
      await db.insertInto('directories').values({ id, name: id, region: 'cn-shanghai', scim_sync_enabled: 0, create_time: now, update_time: now }).execute();
    }
    const user = (i: number, directory_id: string) => ({
      id: `u-${String(i).padStart(20, '0')}`,
      directory_id,
      user_name: `user${i}`,
      user_name_key: `user${i}`,
      status: 'Enabled',
      provision_type: 'Manual',
      create_time: now,
      update_time: now,
    });
    await db.insertInto('users').values(Array.from({ length: 300 }, (_, i) => user(i, i < 250 ? 'd-counter00001' : 'd-counter00002'))).execute();
    await db
      .insertInto('groups')
      .values(['a', 'b', 'c'].map((n) => ({ id: `g-${n.repeat(20)}`, directory_id: 'd-counter00001', name: n, name_key: n, provision_type: 'Manual', create_time: now, update_time: now })))
      .execute();
    await db.deleteFrom('users').where('id', '<', user(40, '').id).execute();
    await db.deleteFrom('groups').where('name', '=', 'b').execute();
    await expect(
      db.transaction().execute(async (tx) => {
        await tx.insertInto('users').values(user(1000, 'd-counter00001')).execute();
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    for (const id of ['d-counter00001', 'd-counter00002']) {
      const actualUsers = Number((await db.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).where('directory_id', '=', id).executeTakeFirstOrThrow()).n);
      const actualGroups = Number((await db.selectFrom('groups').select((eb) => eb.fn.countAll().as('n')).where('directory_id', '=', id).executeTakeFirstOrThrow()).n);
      expect(await store.users.count(id)).toBe(actualUsers);
      expect(await store.groups.count(id)).toBe(actualGroups);
      expect(await store.directories.contents(id)).toEqual({ users: actualUsers, groups: actualGroups, scimCredentials: 0 });
    }
    expect(await store.users.count('d-counter00001')).toBe(210);
    expect(await store.users.count('d-counter00002')).toBe(50);
    expect(await store.groups.count('d-counter00001')).toBe(2);
  });
});

/** A write that refers to a row deleted concurrently is a 409-style domain error, not a 500. */
describe.each(DIALECTS)('foreign-key violations on %s', (dialect) => {
  const database = useStoreDatabase(dialect);

  it('become DomainError ConcurrentChange and roll the transaction back', async () => {
    const store = createStore(database().db, database().dialect);
    const now = Date.now();
    const failing = store.transaction(async (tx) => {
      await tx.meta.setIfAbsent('written-before-the-violation', 'x');
      await tx.groups.insert({
        id: 'g-fk00000000000000000',
        directoryId: 'd-does-not-exist',
        name: 'orphan',
        description: null,
        provisionType: 'Manual',
        externalId: null,
        scim: null,
        version: 1,
        createTime: now,
        updateTime: now,
      });
    });
    await expect(failing).rejects.toMatchObject({ name: 'DomainError', code: 'ConcurrentChange' });
    expect(await store.meta.get('written-before-the-violation')).toBeUndefined();
  });
});

/**
 * The SCIM create's insert, which checks the directory's quota in the same statement (issue 16):
 * it writes the same row `insert` does, refuses once the counter reaches the quota, and refuses
 * a directory that does not exist, writing nothing each time.
 */
describe.each(DIALECTS)('insertWithinQuota on %s', (dialect) => {
  const database = useStoreDatabase(dialect);

  it('writes the row insert writes while the directory counts fewer users than the quota, and nothing after', async () => {
    const store = createStore(database().db, database().dialect);
    const now = 1_700_000_000_000;
    const dir = 'd-quotains0001';
    await store.directories.insert({ id: dir, name: dir, region: 'cn-shanghai', scimSyncEnabled: true, createTime: now, updateTime: now });
    const user = (n: number, over: Partial<User> = {}): User => ({
      id: `u-quota${String(n).padStart(15, '0')}`,
      directoryId: dir,
      userName: `Quota.${n}@Example.com`,
      displayName: `Quota ${n}`,
      firstName: 'Q',
      lastName: null,
      email: `quota.${n}@example.com`,
      description: 'd',
      status: 'Enabled',
      provisionType: 'Synchronized',
      externalId: { id: `ext-${n}`, issuer: 'scim' },
      scim: { userName: `Quota.${n}@Example.com`, emails: [{ value: `Quota.${n}@example.com` }] },
      version: 1,
      createTime: now + n,
      updateTime: now + n,
      ...over,
    });
    expect(await store.users.insertWithinQuota(user(1), 2, { passwordHash: 'hash-1' })).toBe(true);
    await store.users.insert(user(2));
    // Every column, the folded keys and the password hash included, is what insert would write.
    const rows = await database().db.selectFrom('users').selectAll().where('directory_id', '=', dir).orderBy('id').execute();
    const { id: _a, user_name: _b, user_name_key: _c, email: _d, email_key: _e, display_name: _f, display_name_key: _g, scim: _h, scim_key: _i, external_id: _j, create_time: _k, update_time: _l, password_hash, ...same } = rows[0]!;
    const { id: _m, user_name: _n, user_name_key: _o, email: _p, email_key: _q, display_name: _r, display_name_key: _s, scim: _t, scim_key: _u, external_id: _v, create_time: _w, update_time: _x, password_hash: none, ...sameInserted } = rows[1]!;
    expect(same).toEqual(sameInserted);
    expect([password_hash, none]).toEqual(['hash-1', null]);
    expect(rows[0]).toMatchObject({ user_name: 'Quota.1@Example.com', user_name_key: 'quota.1@example.com', email_key: 'quota.1@example.com', display_name_key: 'quota 1' });
    expect(JSON.parse(String(rows[0]!.scim_key))).toEqual({ userName: 'quota.1@example.com', emails: [{ value: 'quota.1@example.com' }] });
    expect(await store.users.get(dir, user(1).id)).toEqual(user(1));

    // At the quota: refused, nothing written, the counter unchanged.
    expect(await store.users.insertWithinQuota(user(3), 2)).toBe(false);
    expect(await store.users.get(dir, user(3).id)).toBeUndefined();
    expect(await store.users.count(dir)).toBe(2);
    expect(await store.users.insertWithinQuota(user(3), 3)).toBe(true);
    expect(await store.users.count(dir)).toBe(3);
    // A taken name is still the unique index's domain error; a missing directory writes nothing.
    await expect(store.users.insertWithinQuota(user(4, { userName: 'QUOTA.1@example.com' }), 10)).rejects.toMatchObject({ code: 'UserNameTaken' });
    expect(await store.users.insertWithinQuota(user(5, { directoryId: 'd-quotamissing1' }), 10)).toBe(false);
    expect(await database().db.selectFrom('users').select('id').where('id', 'in', [user(4).id, user(5).id]).execute()).toEqual([]);
  });
});
