import { CompiledQuery, sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type DbHandle } from '../../src/store/db.js';
import { prepared, statementName, verifyPreparedKeys } from '../../src/store/prepared.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/** The rows the queries below read: a = 1, b = 2, c = 3. */
function seedMeta(database: () => DbHandle): void {
  beforeAll(async () => {
    await database()
      .db.insertInto('meta')
      .values([
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
        { name: 'c', value: '3' },
      ])
      .execute();
  });
}

/** Compiled-once queries (and, on SQLite, cached statements) give each call its own rows. */
describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  seedMeta(database);

  it('substitutes each call’s arguments, in any order of use, and keeps literal parameters', async () => {
    const db = database().db;
    const between = prepared(db, dialect, 'test.between', (low: string, high: string) =>
      db.selectFrom('meta').select(['name', 'value']).where('name', '<=', high).where('name', '>=', low).where('value', '<>', 'x').orderBy('name'),
    );
    expect(await between('a', 'b')).toEqual([
      { name: 'a', value: '1' },
      { name: 'b', value: '2' },
    ]);
    expect(await between('b', 'c')).toEqual([
      { name: 'b', value: '2' },
      { name: 'c', value: '3' },
    ]);
    expect(await between('d', 'z')).toEqual([]);
  });

  it('refuses a builder that does not use every argument as a parameter', async () => {
    const db = database().db;
    const broken = prepared(db, dialect, 'test.broken', (_unused: string) => db.selectFrom('meta').select('name'));
    await expect(broken('a')).rejects.toThrow(/every argument/);
    // Nothing was kept for the key: it fails again, and so does the next closure made for it.
    await expect(broken('a')).rejects.toThrow(/every argument/);
    await expect(prepared(db, dialect, 'test.broken', (_unused: string) => db.selectFrom('meta').select('name'))('a')).rejects.toThrow(/every argument/);
  });

  it('compiles a key once for the process: the closures of later repositories (each transaction’s) reuse it', async () => {
    const db = database().db;
    const verifying = verifyPreparedKeys(false);
    try {
      let builds = 0;
      const make = (on: Kysely<any>) =>
        prepared(on, dialect, 'test.shared', (name: string) => {
          builds += 1;
          return on.selectFrom('meta').select('value').where('name', '=', name);
        });
      expect(await make(db)('a')).toEqual([{ value: '1' }]);
      const inTransaction = await db.transaction().execute(async (tx) => make(tx)('b'));
      expect(inTransaction).toEqual([{ value: '2' }]);
      expect(await make(db)('c')).toEqual([{ value: '3' }]);
      expect(builds).toBe(1);
    } finally {
      verifyPreparedKeys(verifying);
    }
  });

  it('fails, under the test runner, a key that two different statements use', async () => {
    const db = database().db;
    const first = prepared(db, dialect, 'test.collision', (name: string) => db.selectFrom('meta').select('value').where('name', '=', name));
    expect(await first('a')).toEqual([{ value: '1' }]);
    const other = prepared(db, dialect, 'test.collision', (name: string) => db.selectFrom('meta').select('name').where('value', '=', name));
    await expect(other('1')).rejects.toThrow(/the key "test.collision" names two different statements/);
    // A constant of the statement counts as part of it.
    const literal = (value: string) => prepared(db, dialect, 'test.constant', (name: string) => db.selectFrom('meta').select('name').where('name', '=', name).where('value', '<>', value));
    expect(await literal('x')('a')).toEqual([{ name: 'a' }]);
    await expect(literal('1')('a')).rejects.toThrow(/names two different statements/);
  });
});

/**
 * On PostgreSQL a prepared() query runs as a named statement (docs/decisions/0192): the server
 * parses and plans it once per connection.
 */
describe('named prepared statements on postgres', () => {
  const database = useStoreDatabase('postgres');
  seedMeta(database);

  it('runs a prepared() query as a statement named after its text, kept by the connection that ran it', async () => {
    const { db } = database();
    const inTransaction = await db.transaction().execute(async (tx) => {
      const byName = prepared(tx, 'postgres', 'test.byName', (name: string) => tx.selectFrom('meta').select('value as named_probe').where('name', '=', name));
      expect(await byName('a')).toEqual([{ named_probe: '1' }]);
      expect(await byName('b')).toEqual([{ named_probe: '2' }]);
      const { rows } = await tx.executeQuery<{ name: string; statement: string }>(
        CompiledQuery.raw(`select name, statement from pg_prepared_statements where statement like '%as "named_probe"%'`),
      );
      return rows;
    });
    expect(inTransaction).toHaveLength(1);
    const [kept] = inTransaction;
    expect(kept?.name).toMatch(/^cloudsso_[0-9a-f]{32}$/);
    expect(kept?.name).toBe(statementName(kept?.statement ?? ''));
  });

  it('runs every other query unnamed', async () => {
    const { db } = database();
    const rows = await db.transaction().execute(async (tx) => {
      expect(await tx.selectFrom('meta').select('value as unnamed_probe').where('name', '=', 'a').execute()).toEqual([{ unnamed_probe: '1' }]);
      return (await sql<{ name: string }>`select name from pg_prepared_statements where statement like '%unnamed_probe%'`.execute(tx)).rows;
    });
    expect(rows).toEqual([]);
  });

});

describe('a named statement whose result columns changed under it', () => {
  let pgDb: TestDatabase | undefined;
  beforeAll(async () => {
    pgDb = await createTestDatabase();
  });
  afterAll(async () => {
    await pgDb?.drop();
  });

  it('fails once, then its connection is replaced and the statement prepared afresh', async () => {
    // One connection, so the call after the failure would meet the same stale statement if it were kept.
    const handle = openDatabase({ postgresUrl: pgDb!.url }, { poolSize: 1 });
    try {
      const { db } = handle;
      await sql`create table probe (id text primary key)`.execute(db);
      await sql`insert into probe values ('x')`.execute(db);
      const pid = async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(db)).rows[0]?.pid;
      // A table outside the schema's types.
      const loose = db as unknown as Kysely<{ probe: { id: string; extra?: string } }>;
      const all = prepared(loose, 'postgres', 'test.probe', (id: string) => loose.selectFrom('probe').selectAll().where('id', '=', id));
      expect(await all('x')).toEqual([{ id: 'x' }]);
      const before = await pid();
      await sql`alter table probe add column extra text default 'e'`.execute(db);
      await expect(all('x')).rejects.toMatchObject({ code: '0A000' });
      expect(await all('x')).toEqual([{ id: 'x', extra: 'e' }]);
      expect(await pid()).not.toBe(before);
    } finally {
      await handle.close();
    }
  });
});
