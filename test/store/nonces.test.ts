import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql as raw } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/core/ports/store.js';
import { migrateToLatest, openDatabase, type DbHandle } from '../../src/store/db.js';
import { createStore } from '../../src/store/kysely-store.js';
import { NONCE_BATCH_LIMIT, NONCE_PRUNE_BATCH } from '../../src/store/repos/nonces.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { DIALECTS } from '../support/server.js';
import { useCapturingStore } from '../support/store.js';

/**
 * The replay guard's store: claims are committed in groups, one insert that skips the nonces the
 * unique key already holds and returns those it took; a sighting whose window has passed is taken
 * over by a conditional update. Nothing is read first, so two nodes racing for one nonce cannot
 * both win.
 */
const SQL = {
  sqlite: {
    insertOne: 'insert into "signature_nonces" ("nonce", "expire_time") values (?, ?) on conflict ("nonce") do nothing returning "nonce"',
    insert:
      'insert into "signature_nonces" ("nonce", "expire_time") select value ->> 0, value ->> 1 from json_each(?) where true on conflict ("nonce") do nothing returning "nonce"',
    takeOver: 'update "signature_nonces" set "expire_time" = ? where "nonce" = ? and "expire_time" <= ?',
    prune:
      'delete from "signature_nonces" where "nonce" in (select "nonce" from "signature_nonces" where "expire_time" <= ? limit ?)',
  },
  postgres: {
    insertOne: 'insert into "signature_nonces" ("nonce", "expire_time") values ($1, $2) on conflict ("nonce") do nothing returning "nonce"',
    insert:
      'insert into "signature_nonces" ("nonce", "expire_time") select * from unnest($1::text[], $2::bigint[]) on conflict ("nonce") do nothing returning "nonce"',
    takeOver: 'update "signature_nonces" set "expire_time" = $1 where "nonce" = $2 and "expire_time" <= $3',
    prune:
      'delete from "signature_nonces" where "nonce" in (select "nonce" from "signature_nonces" where "expire_time" <= $1 limit $2)',
  },
} as const;

/** The group insert's parameters for `rows` ([nonce, expireTime]) on each dialect. */
const insertParameters = (dialect: 'sqlite' | 'postgres', rows: Array<[string, number]>): unknown[] =>
  dialect === 'sqlite' ? [JSON.stringify(rows)] : [rows.map((r) => r[0]), rows.map((r) => r[1])];

describe.each(DIALECTS)('nonce repository on %s', (dialect) => {
  const capturing = useCapturingStore(dialect);
  const sql = SQL[dialect];

  it('claims a fresh nonce alone with one single-row insert', async () => {
    const { store, take } = capturing();
    take();
    expect(await store.nonces.claim('k:n1', 2_000, 1_000)).toBe(true);
    expect(take()).toEqual([{ sql: sql.insertOne, parameters: ['k:n1', 2_000] }]);
  });

  it('refuses a replay inside the window: the insert fails, the take-over matches no row', async () => {
    const { store, take } = capturing();
    take();
    expect(await store.nonces.claim('k:n1', 2_500, 1_500)).toBe(false);
    expect(take()).toEqual([
      { sql: sql.insertOne, parameters: ['k:n1', 2_500] },
      { sql: sql.takeOver, parameters: [2_500, 'k:n1', 1_500] },
    ]);
  });

  it('takes over a sighting whose window has passed, once', async () => {
    const { store } = capturing();
    expect(await store.nonces.claim('k:n1', 5_000, 2_000)).toBe(true);
    expect(await store.nonces.claim('k:n1', 5_000, 2_000)).toBe(false);
  });

  it('prunes only expired nonces', async () => {
    const { store, take } = capturing();
    expect(await store.nonces.claim('k:n2', 10_000, 2_000)).toBe(true);
    take();
    expect(await store.nonces.prune(6_000)).toBe(1);
    expect(take()).toEqual([{ sql: sql.prune, parameters: [6_000, NONCE_PRUNE_BATCH] }]);
    expect(await store.nonces.claim('k:n2', 12_000, 6_000)).toBe(false);
    expect(await store.nonces.claim('k:n1', 12_000, 6_000)).toBe(true);
  });

  it('claims arriving together share one insert, and each learns whether its nonce was new', async () => {
    const { store, take } = capturing();
    expect(await store.nonces.claim('k:g-seen', 50_000, 20_000)).toBe(true);
    take();
    const nonces = ['k:g1', 'k:g2', 'k:g-seen', 'k:g3'];
    expect(await Promise.all(nonces.map((n) => store.nonces.claim(n, 50_000, 20_000)))).toEqual([true, true, false, true]);
    expect(take()).toEqual([
      { sql: sql.insert, parameters: insertParameters(dialect, nonces.map((n) => [n, 50_000])) },
      { sql: sql.takeOver, parameters: [50_000, 'k:g-seen', 20_000] },
    ]);
  });

  it('the same nonce twice in one group: exactly one claim wins, whether the nonce is new or taken over', async () => {
    const { store, take } = capturing();
    expect(await store.nonces.claim('k:twice-expired', 21_000, 20_000)).toBe(true);
    take();
    const claims = ['k:twice-new', 'k:twice-expired', 'k:twice-new', 'k:twice-expired', 'k:twice-new'];
    expect(await Promise.all(claims.map((n) => store.nonces.claim(n, 90_000, 30_000)))).toEqual([true, true, false, false, false]);
    // One row per distinct nonce in the insert; the expired sighting is taken over once.
    expect(take()).toEqual([
      { sql: sql.insert, parameters: insertParameters(dialect, [['k:twice-new', 90_000], ['k:twice-expired', 90_000]]) },
      { sql: sql.takeOver, parameters: [90_000, 'k:twice-expired', 30_000] },
    ]);
    expect(await store.nonces.claim('k:twice-expired', 90_000, 30_000)).toBe(false);
  });

  it(`caps a group at ${NONCE_BATCH_LIMIT} claims; the rest go in the next one`, async () => {
    const { store, take } = capturing();
    take();
    const nonces = Array.from({ length: NONCE_BATCH_LIMIT + 7 }, (_, i) => `k:cap-${i}`);
    const fresh = await Promise.all(nonces.map((n) => store.nonces.claim(n, 60_000, 30_000)));
    expect(fresh.every((f) => f)).toBe(true);
    const statements = take();
    expect(statements.map((s) => s.sql)).toEqual([sql.insert, sql.insert]);
    expect(statements[0]!.parameters).toEqual(insertParameters(dialect, nonces.slice(0, NONCE_BATCH_LIMIT).map((n) => [n, 60_000])));
    expect(statements[1]!.parameters).toEqual(insertParameters(dialect, nonces.slice(NONCE_BATCH_LIMIT).map((n) => [n, 60_000])));
  });

  it("a store error fails every claim of the group with the store's error, and the next group is written", async () => {
    const { store, db } = capturing();
    await raw`alter table signature_nonces rename to signature_nonces_away`.execute(db);
    try {
      const claims = ['k:err-1', 'k:err-2', 'k:err-3'].map((n) => store.nonces.claim(n, 60_000, 30_000));
      const outcomes = await Promise.allSettled(claims);
      for (const o of outcomes) {
        expect(o.status).toBe('rejected');
        expect(String((o as PromiseRejectedResult).reason)).toMatch(/signature_nonces/);
      }
    } finally {
      await raw`alter table signature_nonces_away rename to signature_nonces`.execute(db);
    }
    expect(await Promise.all(['k:err-1', 'k:err-4'].map((n) => store.nonces.claim(n, 60_000, 30_000)))).toEqual([true, true]);
  });

  it(`prunes a backlog ${NONCE_PRUNE_BATCH} rows at a time, keeping the unexpired`, async () => {
    const { store, db, take } = capturing();
    await store.nonces.prune(Number.MAX_SAFE_INTEGER);
    const backlog = Array.from({ length: NONCE_PRUNE_BATCH * 2 + 5 }, (_, i) => ({ nonce: `k:old-${i}`, expire_time: 1_000 }));
    for (let i = 0; i < backlog.length; i += 500) await db.insertInto('signature_nonces').values(backlog.slice(i, i + 500)).execute();
    await db.insertInto('signature_nonces').values({ nonce: 'k:young', expire_time: 9_000 }).execute();
    take();
    expect(await store.nonces.prune(5_000)).toBe(backlog.length);
    expect(take()).toEqual(Array.from({ length: 3 }, () => ({ sql: sql.prune, parameters: [5_000, NONCE_PRUNE_BATCH] })));
    expect(await db.selectFrom('signature_nonces').select('nonce').execute()).toEqual([{ nonce: 'k:young' }]);
  });
});

/**
 * Two nodes (each its own connections and its own groups) claiming the same nonces at the same
 * time: each nonce is won exactly once, new or taken over.
 */
describe.each(DIALECTS)('nonces claimed by two nodes on one %s database', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-nonces-'));
  let pgDb: TestDatabase | undefined;
  let nodes: DbHandle[] = [];
  let stores: Store[] = [];
  beforeAll(async () => {
    if (dialect === 'postgres') pgDb = await createTestDatabase();
    const target = pgDb ? { postgresUrl: pgDb.url } : { sqlitePath: join(dir, 'db.sqlite') };
    nodes = [openDatabase(target), openDatabase(target)];
    await migrateToLatest(nodes[0]!.db);
    stores = nodes.map((n) => createStore(n.db, n.dialect));
  });
  afterAll(async () => {
    for (const n of nodes) await n.close();
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('each nonce is won by exactly one claim across both nodes', async () => {
    const expired = Array.from({ length: 40 }, (_, i) => `k:expired-${i}`);
    for (const n of expired) expect(await stores[0]!.nonces.claim(n, 1_000, 500)).toBe(true);
    const nonces = [...Array.from({ length: 200 }, (_, i) => `k:race-${i}`), ...expired];
    // Every nonce claimed twice on each node, all at once.
    const claims = stores.flatMap((store) => [...nonces, ...nonces].map(async (n) => ({ n, fresh: await store.nonces.claim(n, 90_000, 30_000) })));
    const wins = new Map<string, number>();
    for (const { n, fresh } of await Promise.all(claims)) wins.set(n, (wins.get(n) ?? 0) + (fresh ? 1 : 0));
    expect([...wins.entries()].filter(([, w]) => w !== 1)).toEqual([]);
    expect(wins.size).toBe(nonces.length);
  });
});
