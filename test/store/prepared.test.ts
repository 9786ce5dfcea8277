import { beforeAll, describe, expect, it } from 'vitest';
import { prepared } from '../../src/store/prepared.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/** Compiled-once queries (and, on SQLite, cached statements) give each call its own rows. */
describe.each(DIALECTS)('prepared queries on %s', (dialect) => {
  const database = useStoreDatabase(dialect);
  beforeAll(async () => {
    await database().db
      .insertInto('meta')
      .values([
        { name: 'a', value: '1' },
        { name: 'b', value: '2' },
        { name: 'c', value: '3' },
      ])
      .execute();
  });

  it('substitutes each call’s arguments, in any order of use, and keeps literal parameters', async () => {
    const db = database().db;
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
    const db = database().db;
    const broken = prepared(db, (_unused: string) => db.selectFrom('meta').select('name'));
    await expect(broken('a')).rejects.toThrow(/every argument/);
  });
});
