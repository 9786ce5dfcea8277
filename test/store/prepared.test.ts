import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateToLatest, openDatabase, type DbHandle } from '../../src/store/db.js';
import { prepared } from '../../src/store/prepared.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { DIALECTS } from '../support/server.js';

/** Compiled-once queries (and, on SQLite, cached statements) give each call its own rows. */
describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  let handle: DbHandle;
  let pgDb: TestDatabase | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-prepared-'));

  beforeAll(async () => {
    if (dialect === 'postgres') pgDb = await createTestDatabase();
    handle = pgDb ? openDatabase({ postgresUrl: pgDb.url }) : openDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    await migrateToLatest(handle.db);
    await handle.db
      .insertInto('meta')
      .values([
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
        { name: 'c', value: '3' },
      ])
      .execute();
  });
  afterAll(async () => {
    await handle.close();
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('substitutes each call’s arguments, in any order of use, and keeps literal parameters', async () => {
    const db = handle.db;
    const between = prepared(db, (low: string, high: string) =>
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
    const db = handle.db;
    const broken = prepared(db, (_unused: string) => db.selectFrom('meta').select('name'));
    await expect(broken('a')).rejects.toThrow(/every argument/);
  });
});
