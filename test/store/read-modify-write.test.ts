import { describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports/store.js';
import { createStore } from '../../src/store/kysely-store.js';
import { statementName } from '../../src/store/prepared.js';
import { USER_COLUMNS } from '../../src/store/repos/users.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore, useStoreDatabase, whileLockHeld } from '../support/store.js';

/**
 * The store half of the core's read-modify-write (core/read-modify-write.ts): a versioned
 * `UPDATE ... RETURNING` (SQLite >= 3.35 and PostgreSQL), the row lock of the read, the directory
 * lock that reports a missing directory (lockExisting), and the SCIM credential status write that returns the row.
 */
describe.each(DIALECTS)('read-modify-write in the store on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  const now = 1_700_000_000_000;
  const dir = 'd-rmwstore0001';
  const user = { id: 'u-rmw000000000000000001', directoryId: dir, userName: 'rmw', displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled' as const, provisionType: 'Manual' as const, externalId: null, scim: null, version: 1, createTime: now, updateTime: now };
  const group = { id: 'g-rmw000000000000000001', directoryId: dir, name: 'rmw', description: null, provisionType: 'Manual' as const, externalId: null, scim: null, version: 1, createTime: now, updateTime: now };

  it('users and groups: UPDATE ... RETURNING gives the written row, and nothing when the version moved on', async () => {
    const store = createStore(database().db, database().dialect);
    await store.directories.insert({ id: dir, name: 'rmw-store', region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    await store.users.insert(user);
    await store.groups.insert(group);

    const u = await store.users.update(dir, user.id, { displayName: 'R' }, now + 1, 1);
    expect(u).toMatchObject({ id: user.id, displayName: 'R', version: 2, updateTime: now + 1 });
    expect(await store.users.update(dir, user.id, { displayName: 'S' }, now + 2, 1)).toBeUndefined();
    expect(await store.users.get(dir, user.id)).toEqual(u);
    expect(await store.users.update(dir, 'u-nosuchuser000000000001', { displayName: 'S' }, now + 2)).toBeUndefined();

    const g = await store.groups.update(dir, group.id, { description: 'D' }, now + 1, 1);
    expect(g).toMatchObject({ id: group.id, description: 'D', version: 2 });
    expect(await store.groups.update(dir, group.id, { description: 'E' }, now + 2, 1)).toBeUndefined();
    const touched = await store.groups.touch(dir, group.id, now + 3);
    expect(touched).toMatchObject({ version: 3, updateTime: now + 3, description: 'D' });
    expect(await store.groups.get(dir, group.id)).toEqual(touched);
  });

  it('getForUpdate reads the row inside a transaction; the directory lock says whether the directory exists', async () => {
    const store = createStore(database().db, database().dialect);
    await store.transaction(async (tx) => {
      expect(await tx.directories.lockExisting(dir)).toBe(true);
      expect(await tx.directories.lockExisting('d-nosuchdir0001')).toBe(false);
      expect(await tx.users.getForUpdate(dir, user.id)).toMatchObject({ id: user.id, version: 2 });
      expect(await tx.users.getForUpdate(dir, 'u-nosuchuser000000000001')).toBeUndefined();
    });
  });

  it('lockWithDirectory reads the row with its directory in one statement; nothing for a missing directory, row, or another directory\'s row', async () => {
    const store = createStore(database().db, database().dialect);
    const other = 'd-rmwother0001';
    await store.directories.insert({ id: other, name: 'rmw-other', region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    await store.transaction(async (tx) => {
      expect(await tx.users.lockWithDirectory(dir, user.id)).toEqual(await tx.users.get(dir, user.id));
      expect(await tx.groups.lockWithDirectory(dir, group.id)).toEqual(await tx.groups.get(dir, group.id));
      expect(await tx.users.lockWithDirectory(dir, 'u-nosuchuser000000000001')).toBeUndefined();
      expect(await tx.groups.lockWithDirectory(dir, 'g-nosuchgroup00000000001')).toBeUndefined();
      expect(await tx.users.lockWithDirectory('d-nosuchdir0001', user.id)).toBeUndefined();
      expect(await tx.users.lockWithDirectory(other, user.id)).toBeUndefined();
      expect(await tx.groups.lockWithDirectory(other, group.id)).toBeUndefined();
    });
  });

  /**
   * Two writers on PostgreSQL: the first takes its locks (`lock`), holds them until 100 ms after
   * the second has started, then writes (`then`) and commits; the second runs meanwhile. Returns
   * what each recorded, in order, with 'released' where the first let go.
   */
  async function whileHeld(
    lock: (tx: Store, order: string[]) => Promise<void>,
    then: (tx: Store, order: string[]) => Promise<void>,
    second: (tx: Store, order: string[]) => Promise<void>,
  ): Promise<string[]> {
    const store = createStore(database().db, database().dialect);
    const order: string[] = [];
    await whileLockHeld(
      store,
      (tx) => lock(tx, order),
      () => store.transaction((tx) => second(tx, order)),
      (tx) => then(tx, order),
      () => {
        order.push('released');
      },
    );
    return order;
  }

  it.runIf(dialect === 'postgres')('on PostgreSQL lockWithDirectory waits for the directory\'s lock, then reads the row as the holder left it', async () => {
    let before = 0;
    // The first writer holds only the directory's lock (as a user delete does), then changes the group.
    const order = await whileHeld(
      async (tx) => {
        expect(await tx.directories.lockExisting(dir)).toBe(true);
        before = (await tx.groups.get(dir, group.id))!.version;
      },
      async (tx, o) => {
        await tx.groups.touch(dir, group.id, now + 20);
        o.push('first wrote');
      },
      async (tx, o) => {
        const g = (await tx.groups.lockWithDirectory(dir, group.id))!;
        o.push(`second read version ${g.version - before}`);
      },
    );
    // The statement's snapshot predates the first writer's commit; the row it returns does not.
    expect(order).toEqual(['released', 'first wrote', 'second read version 1']);
  });

  it.runIf(dialect === 'postgres')('on PostgreSQL lockWithDirectory holds the directory\'s lock: a directory lock waits for it', async () => {
    const order = await whileHeld(
      async (tx) => {
        expect(await tx.users.lockWithDirectory(dir, user.id)).toBeDefined();
      },
      async (_tx, o) => {
        o.push('first done');
      },
      async (tx, o) => {
        await tx.directories.lockExisting(dir);
        o.push('second locked');
      },
    );
    expect(order).toEqual(['released', 'first done', 'second locked']);
  });

  it.runIf(dialect === 'postgres')('on PostgreSQL a second writer waits for the row lock, then reads the first one\'s write', async () => {
    let version = 0;
    const order = await whileHeld(
      async (tx) => {
        version = (await tx.users.getForUpdate(dir, user.id))!.version;
      },
      async (tx, o) => {
        await tx.users.update(dir, user.id, { displayName: 'first' }, now + 10, version);
        o.push('first wrote');
      },
      async (tx, o) => {
        const u = (await tx.users.getForUpdate(dir, user.id))!;
        o.push(`second read ${u.displayName}`);
      },
    );
    expect(order).toEqual(['released', 'first wrote', 'second read first']);
  });

  const capturing = useCapturingStore(dialect);

  it('the read takes the row lock on PostgreSQL only, and the write is one UPDATE ... RETURNING', async () => {
    const { store, take } = capturing();
    const d = 'd-rmwsql000001';
    await store.directories.insert({ id: d, name: 'rmw-sql', region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    await store.users.insert({ ...user, directoryId: d });
    take();
    await store.transaction(async (tx) => {
      expect(await tx.directories.lockExisting(d)).toBe(true);
      const u = (await tx.users.getForUpdate(d, user.id))!;
      expect(await tx.users.update(d, user.id, { displayName: 'Q' }, now + 5, u.version)).toMatchObject({ displayName: 'Q', version: 2 });
    });
    const sql = take()
      .map((s) => s.sql)
      .filter((s) => !/^(begin|commit|savepoint|release)/i.test(s));
    const p = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');
    expect(sql[0]).toBe(dialect === 'postgres' ? 'select "id" from "directories" where "id" = $1 for update' : 'select "id", "name", "region", "scim_sync_enabled", "create_time", "update_time" from "directories" where "id" = ?');
    // Only the columns a User is made of: not the `*_key` columns, the folded document or the password hash.
    const columns = USER_COLUMNS.map((c) => `"${c}"`).join(', ');
    expect(columns).toBe(
      '"id", "directory_id", "user_name", "display_name", "first_name", "last_name", "email", "description", "status", "provision_type", "external_id", "external_issuer", "scim", "version", "create_time", "update_time"',
    );
    expect(sql[1]).toBe(`select ${columns} from "users" where "directory_id" = ${p(1)} and "id" = ${p(2)}${dialect === 'postgres' ? ' for no key update' : ''}`);
    // The write returns the same columns (not the password hash or the folded document), and is a
    // statement compiled once per set of columns: named on PostgreSQL (prepared.ts).
    expect(sql[2]).toMatch(/^update "users" set .*"version" = "version" \+ .* where "directory_id" = .* and "id" = .* and "version" = .* returning (.*)$/);
    expect(/ returning (.*)$/.exec(sql[2]!)?.[1]).toBe(columns);
    expect(statementName(sql[2]!) !== undefined).toBe(true);
    expect(sql).toHaveLength(3);
  });

  it('lockWithDirectory is one statement: the directory\'s row lock, then the row\'s, on PostgreSQL; the same join on SQLite', async () => {
    const { store, take } = capturing();
    const d = 'd-rmwsql000002';
    await store.directories.insert({ id: d, name: 'rmw-sql-2', region: 'cn-shanghai', scimSyncEnabled: false, createTime: now, updateTime: now });
    const mine = { ...user, id: 'u-rmw000000000000000002', userName: 'rmw-2', directoryId: d };
    await store.users.insert(mine);
    take();
    await store.transaction(async (tx) => {
      expect(await tx.users.lockWithDirectory(d, mine.id)).toMatchObject({ id: mine.id, directoryId: d });
    });
    const sql = take()
      .map((s) => s.sql)
      .filter((s) => !/^(begin|commit|savepoint|release)/i.test(s));
    const p = (i: number) => (dialect === 'postgres' ? `$${i}` : '?');
    const columns = USER_COLUMNS.map((c) => `"r"."${c}"`).join(', ');
    expect(sql).toEqual([
      `select ${columns} from "directories" as "d" inner join "users" as "r" on "r"."directory_id" = "d"."id" and "r"."id" = ${p(1)} where "d"."id" = ${p(2)}` +
        (dialect === 'postgres' ? ' for update of "d" for no key update of "r"' : ''),
    ]);
  });

  it('a SCIM credential\'s status write returns the row; delete says whether there was one', async () => {
    const store = createStore(database().db, database().dialect);
    const c = { id: 'scimcred-rmw0000000000001', directoryId: dir, status: 'Enabled' as const, createTime: now, expireTime: now + 1000, lastUsedTime: null };
    await store.scimCredentials.insert(c, 'hash-rmw');
    expect(await store.scimCredentials.setStatus(dir, c.id, 'Disabled')).toEqual({ ...c, status: 'Disabled' });
    expect(await store.scimCredentials.setStatus('d-otherdir00001', c.id, 'Enabled')).toBeUndefined();
    expect(await store.scimCredentials.delete(dir, c.id)).toBe(true);
    expect(await store.scimCredentials.delete(dir, c.id)).toBe(false);
  });
});
