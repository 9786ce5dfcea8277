import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startCheckpointer } from '../../src/store/checkpointer.js';
import { openDatabase } from '../../src/store/db.js';

type AnyDb = Kysely<any>;

/**
 * WAL checkpoints of a SQLite store (store/checkpointer.ts, decision 0195): a worker thread
 * copies the WAL into the file beside the store's writes, the store's own checkpoint still starts
 * the WAL over, and closing the store leaves no WAL behind. SQLite only: PostgreSQL checkpoints
 * in its own processes.
 */
describe('checkpoints of a SQLite store', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-checkpoint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const writeRows = async (db: AnyDb, from: number, count: number) => {
    for (let i = from; i < from + count; i++) {
      await sql`insert into cp_rows (id, v) values (${i}, ${`row-${i}-${'x'.repeat(200)}`})`.execute(db);
      // A steady stream with gaps, as requests write.
      if (i % 200 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };

  it('copies the WAL on its own thread while the store writes, and the WAL stays bounded', async () => {
    const path = join(dir, 'steady.sqlite');
    const handle = openDatabase({ sqlitePath: path });
    const db = handle.db as AnyDb;
    await sql`create table cp_rows (id integer primary key, v text not null)`.execute(db);
    await writeRows(db, 0, 20_000);
    const deadline = Date.now() + 5_000;
    while (handle.checkpoints!().runs === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(handle.checkpoints!()).toMatchObject({ running: true });
    expect(handle.checkpoints!().runs).toBeGreaterThan(0);
    // 20,000 rows of 200 bytes are about 1,300 pages of table alone, written many times over: the
    // WAL of a store whose checkpoints never finished would hold them all (tens of MB); SQLite's
    // checkpoint at 1,000 pages keeps it near 4 MB.
    expect(statSync(`${path}-wal`).size).toBeLessThan(8 * 1024 * 1024);
    expect((await sql<{ n: number }>`select count(*) as n from cp_rows`.execute(db)).rows[0]!.n).toBe(20_000);
    await handle.close();
    // The last connection to close folds the WAL into the file and removes it.
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = openDatabase({ sqlitePath: path });
    expect((await sql<{ n: number }>`select count(*) as n from cp_rows`.execute(again.db)).rows[0]!.n).toBe(20_000);
    await again.close();
  });

  it('says why when its thread fails, and stops without waiting for it', async () => {
    // The worker opens the file itself: one that is not there fails it at once.
    const checkpointer = startCheckpointer(join(dir, 'missing', 'gone.sqlite'));
    const deadline = Date.now() + 5_000;
    while (checkpointer.stats().running && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(checkpointer.stats()).toMatchObject({ running: false, runs: 0, failure: expect.stringMatching(/directory does not exist|unable to open/i) });
    await checkpointer.stop();
  });

  it('stops its thread with the store, however soon after opening', async () => {
    const handle = openDatabase({ sqlitePath: join(dir, 'brief.sqlite') });
    await handle.close();
    expect(handle.checkpoints!().running).toBe(false);
    expect(handle.checkpoints!().failure).toBeUndefined();
  });
});
