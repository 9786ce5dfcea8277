import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import { afterAll, beforeAll } from 'vitest';
import type { Store } from '../../src/core/ports/store.js';
import { migrateToLatest, openDatabase, postgresPool, type DbHandle } from '../../src/store/db.js';
import { createStore } from '../../src/store/kysely-store.js';
import type { Database } from '../../src/store/schema.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import type { DialectName } from './server.js';

export type Target = { sqlitePath: string } | { postgresUrl: string };

/**
 * A migrated database of the given dialect for the suite (a SQLite file in a temp dir, or a fresh
 * PostgreSQL database), opened before its tests and dropped after them.
 */
export function useStoreDatabase(dialect: DialectName): () => DbHandle {
  const suite = useTarget(dialect);
  return () => suite().handle;
}

/** The same, with where it is (to open a second connection to it). */
export function useTarget(dialect: DialectName): () => { handle: DbHandle; target: Target } {
  let handle: DbHandle | undefined;
  let target: Target | undefined;
  let pgDb: TestDatabase | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-store-'));
  beforeAll(async () => {
    if (dialect === 'postgres') pgDb = await createTestDatabase();
    target = pgDb ? { postgresUrl: pgDb.url } : { sqlitePath: join(dir, 'db.sqlite') };
    handle = openDatabase(target);
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => ({ handle: handle!, target: target! });
}

export interface CompiledStatement {
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * A Store over a migrated database of the given dialect whose every executed statement is recorded
 * (SQL text and parameters), so a store test can assert the SQL a repository compiles to on each
 * dialect beside the rows it returns, as Kysely's own suite does.
 */
export interface CapturingStore {
  readonly store: Store;
  readonly db: Kysely<Database>;
  /** Statements executed since the last `take()`, oldest first; `take()` also clears them. */
  take(): CompiledStatement[];
}

export function useCapturingStore(dialect: DialectName): () => CapturingStore {
  const suite = useTarget(dialect);
  let capturing: CapturingStore | undefined;
  beforeAll(async () => {
    const { handle, target } = suite();
    const seen: CompiledStatement[] = [];
    const log = (event: LogEvent) => {
      seen.push({ sql: event.query.sql, parameters: event.query.parameters }); // failed statements too (level 'error')
    };
    // A second connection to the same database, with a query log: the store's code is unchanged.
    const db =
      'postgresUrl' in target
        ? new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(target.postgresUrl, 2) }), log })
        : new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(target.sqlitePath) }), log });
    capturing = { store: createStore(db, handle.dialect), db, take: () => seen.splice(0, seen.length) };
  });
  // Registered after useTarget's afterAll, so it runs first (Vitest runs afterAll hooks in reverse).
  afterAll(async () => {
    await capturing?.db.destroy();
  });
  return () => capturing!;
}

/**
 * A writer that takes its locks in a transaction and holds them while a second one runs: `lock`
 * runs first; once it has, `waiter` starts; 100 ms later the hold ends (`released` is called just
 * before), `then` runs in the first transaction, and it commits. Resolves when both are done.
 */
export async function whileLockHeld(
  store: Store,
  lock: (tx: Store) => Promise<void>,
  waiter: () => Promise<unknown>,
  then: (tx: Store) => Promise<void>,
  released: () => Promise<void> | void = () => undefined,
): Promise<void> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const holder = store.transaction(async (tx) => {
    await lock(tx);
    locked();
    await held;
    await then(tx);
  });
  await isLocked;
  const waiting = waiter();
  await new Promise((r) => setTimeout(r, 100));
  await released();
  release();
  await Promise.all([holder, waiting]);
}

/**
 * Whether another transaction holds a lock on the row `id` of `table` (PostgreSQL): tries to lock
 * it without waiting, in a transaction of its own. `'<name> free'` or `'<name> locked (55P03)'`.
 * A membership (`group_members`) is named by its group and user.
 */
export async function rowLockState(
  db: Kysely<Database>,
  ...[table, id, name]: ['groups' | 'scim_credentials', string, string] | ['group_members', { readonly groupId: string; readonly userId: string }, string]
): Promise<string> {
  return db
    .transaction()
    .execute(async (trx) => {
      if (table === 'group_members') await trx.selectFrom(table).select('user_id').where('group_id', '=', id.groupId).where('user_id', '=', id.userId).forUpdate().noWait().execute();
      else await trx.selectFrom(table).select('id').where('id', '=', id).forUpdate().noWait().execute();
    })
    .then(
      () => `${name} free`,
      (err: { code?: string }) => `${name} locked (${err.code})`,
    );
}
