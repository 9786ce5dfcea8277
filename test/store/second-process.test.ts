import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupCommitter } from '../../src/store/group-commit.js';
import { DIALECTS } from '../support/server.js';
import { useTarget } from '../support/store.js';

type AnyDb = Kysely<any>;
const WRITER = fileURLToPath(new URL('../support/outside-writer.mjs', import.meta.url));

/**
 * The store's transactions while another process writes to the same database, as the CLI's
 * import does beside a running server. On SQLite a transaction begun by a plain (deferred) BEGIN
 * reads from a snapshot and fails with SQLITE_BUSY_SNAPSHOT, without waiting, if it then writes
 * after the other process committed; the store begins them IMMEDIATE, so each waits for the lock
 * instead (store/db.ts). PostgreSQL's row locks make the same promise.
 */
describe.each(DIALECTS)('transactions beside a second writing process on %s', (dialect) => {
  const suite = useTarget(dialect);
  const db = () => suite().handle.db as AnyDb;

  beforeAll(async () => {
    await sql`create table ow_rows (id integer primary key ${sql.raw(dialect === 'postgres' ? 'generated always as identity' : '')}, src text not null, v integer not null)`.execute(db());
  });

  const outsideWriter = (ms: number) => {
    const t = suite().target;
    const child = spawn(process.execPath, [WRITER, 'postgresUrl' in t ? t.postgresUrl : t.sqlitePath, String(ms)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise<number>((resolve, reject) =>
      child.on('exit', (code) => (code === 0 ? resolve(Number(out)) : reject(new Error(`outside writer exited ${code}: ${err}`)))),
    );
  };

  // Read, give the other process its turn, then write: the shape of a task step or an import row.
  const readThenWrite = async (tx: AnyDb, v: number) => {
    const before = await tx.selectFrom('ow_rows').select((eb) => eb.fn.countAll().as('n')).where('src', '=', 'inside').executeTakeFirstOrThrow();
    await new Promise((resolve) => setTimeout(resolve, 1));
    await tx.insertInto('ow_rows').values({ src: 'inside', v }).execute();
    return Number(before.n);
  };

  it('a transaction that reads and then writes succeeds while the other process commits', async () => {
    const writing = outsideWriter(1500);
    // Let the writer start committing before the first transaction.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const grouped = groupCommitter(db() as never, (trx) => trx as AnyDb);
    const settled: PromiseSettledResult<number>[] = [];
    for (let i = 0; i < 60; i++) {
      // One plain transaction and two grouped ones each round: the store uses both ways.
      settled.push(...(await Promise.allSettled([db().transaction().execute((tx) => readThenWrite(tx, i)), grouped((tx) => readThenWrite(tx, i)), grouped((tx) => readThenWrite(tx, i))])));
    }
    const outside = await writing;
    const failures = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => String((r.reason as Error).message));
    expect(failures).toEqual([]);
    expect(outside).toBeGreaterThan(0);
    const rows = await db().selectFrom('ow_rows').select(['src']).execute();
    expect(rows.filter((r) => r.src === 'inside')).toHaveLength(180);
    expect(rows.filter((r) => r.src === 'outside')).toHaveLength(outside);
  });
});
