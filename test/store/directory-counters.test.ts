import { describe, expect, it } from 'vitest';
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
