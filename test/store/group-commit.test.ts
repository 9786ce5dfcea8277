import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { openDatabase, type DbHandle } from '../../src/store/db.js';
import { groupCommitter } from '../../src/store/group-commit.js';
import { createStore } from '../../src/store/kysely-store.js';
import type { Database } from '../../src/store/schema.js';
import { DIALECTS } from '../support/server.js';
import { useTarget } from '../support/store.js';

type AnyDb = Kysely<any>;

/**
 * Group commit (store/group-commit.ts): the store's transactions on SQLite. The module is
 * dialect-neutral, so its promises are checked on both databases; a second connection shows what
 * is committed at each moment.
 */
describe.each(DIALECTS)('group commit on %s', (dialect) => {
  const suite = useTarget(dialect);
  let other: DbHandle;
  let commit: <T>(fn: (tx: AnyDb) => Promise<T>) => Promise<T>;
  const db = () => suite().handle.db as AnyDb;
  const committed = async () => (await (other.db as AnyDb).selectFrom('gc_parent').select('id').orderBy('id').execute()).map((r) => Number(r.id));

  beforeAll(async () => {
    other = openDatabase(suite().target);
    await sql`create table gc_parent (id integer primary key)`.execute(db());
    // Checked at COMMIT: the way to make a COMMIT fail on both databases.
    await sql`create table gc_child (id integer primary key, parent integer references gc_parent (id) deferrable initially deferred)`.execute(db());
    commit = groupCommitter(suite().handle.db, (trx) => trx as AnyDb);
  });
  afterAll(async () => {
    await other.close();
  });
  beforeEach(async () => {
    await sql`delete from gc_child`.execute(db());
    await sql`delete from gc_parent`.execute(db());
  });

  const insert = (tx: AnyDb, id: number) => tx.insertInto('gc_parent').values({ id }).execute();

  it('transactions ready together run in one database transaction, each keeping its own outcome', async () => {
    let seenInside: number[] = [];
    let seenOutside: number[] = [];
    const results = await Promise.allSettled(
      [1, 2, 3, 4, 5, 6].map((id) =>
        commit(async (tx) => {
          await insert(tx, id);
          if (id === 3) throw new Error('job 3 fails after its insert');
          if (id === 6) {
            // The earlier transactions' writes, not yet committed: one group.
            seenInside = (await tx.selectFrom('gc_parent').select('id').orderBy('id').execute()).map((r) => Number(r.id));
            seenOutside = await committed();
          }
          return id * 10;
        }),
      ),
    );
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message))).toEqual([10, 20, 'job 3 fails after its insert', 40, 50, 60]);
    expect(seenInside).toEqual([1, 2, 4, 5, 6]);
    expect(seenOutside).toEqual([]);
    expect(await committed()).toEqual([1, 2, 4, 5, 6]);
  });

  it('no caller hears of success before the COMMIT holding its write has returned', async () => {
    const visibleAtResolve = await Promise.all([7, 8, 9].map((id) => commit((tx) => insert(tx, id)).then(committed)));
    for (const seen of visibleAtResolve) expect(seen).toEqual([7, 8, 9]);
  });

  it('a COMMIT that fails fails every caller of the group, and keeps none of their writes', async () => {
    const results = await Promise.allSettled([
      commit((tx) => insert(tx, 10)),
      commit((tx) => tx.insertInto('gc_child').values({ id: 1, parent: 999 }).execute()),
      commit((tx) => insert(tx, 11)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await committed()).toEqual([]);
    // The connection is usable afterwards.
    await commit((tx) => insert(tx, 12));
    expect(await committed()).toEqual([12]);
  });

  it('transactions that arrive while a group runs form the next group', async () => {
    const order: string[] = [];
    let later: Promise<unknown> | undefined;
    await commit(async (tx) => {
      await insert(tx, 20);
      // A new transaction arrives while this one is open (after a turn of the event loop).
      await new Promise((resolve) => setImmediate(resolve));
      later = commit(async (tx2) => {
        order.push(`second sees ${(await tx2.selectFrom('gc_parent').select('id').execute()).length} row`);
        await insert(tx2, 21);
      });
      order.push('first done');
    });
    await later;
    // The second ran after the first had finished, in a transaction of its own.
    expect(order).toEqual(['first done', 'second sees 1 row']);
    expect(await committed()).toEqual([20, 21]);
  });

  it('the store: concurrent transactions, one refused by the core, the others kept', async () => {
    const store = createStore(suite().handle.db as Kysely<Database>, suite().handle.dialect);
    const results = await Promise.allSettled(
      ['a', 'b', 'c'].map((name) =>
        store.transaction(async (tx) => {
          await tx.meta.setIfAbsent(`gc-${name}`, name);
          if (name === 'b') throw new DomainError('InvalidParameter', 'b is refused');
          return name;
        }),
      ),
    );
    expect(results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as DomainError).code))).toEqual(['a', 'InvalidParameter', 'c']);
    const kept = await (other.db as AnyDb).selectFrom('meta').select('name').where('name', 'like', 'gc-%').orderBy('name').execute();
    expect(kept.map((r) => r.name)).toEqual(['gc-a', 'gc-c']);
  });
});
