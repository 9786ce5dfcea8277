import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import SQLite from 'better-sqlite3';
import {
  CompiledQuery,
  Kysely,
  Migrator,
  PostgresDialect,
  SqliteDialect,
  type LogEvent,
  type MigrationProvider,
  type PostgresPool,
  type PostgresPoolClient,
  type DatabaseConnection,
  type Driver,
  type SqliteDatabase,
} from 'kysely';
import pg from 'pg';
import { startCheckpointer, type Checkpointer } from './checkpointer.js';
import { migrations } from './migrations/index.js';
import type { Dialect } from './dialect.js';
import { statementName } from './prepared.js';
import type { Database } from './schema.js';

export type { Dialect } from './dialect.js';

export interface DbHandle {
  readonly db: Kysely<Database>;
  readonly dialect: Dialect;
  /**
   * False once the SQLite file this handle has open is no longer at its path (the data dir was
   * deleted or the file replaced): writes would go to a file nobody will open again. Always true
   * on PostgreSQL.
   */
  intact(): boolean;
  /** A SQLite file: what its checkpoint thread has done (store/checkpointer.ts). */
  readonly checkpoints?: Checkpointer['stats'];
  /** PostgreSQL: the pool's connections (total, idle) and the requests waiting for one. */
  readonly poolStats?: () => { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** Called after every query with its kind (select, insert, update, delete, other), time and outcome. */
  readonly onQuery?: (kind: string, seconds: number, ok: boolean) => void;
  /** PostgreSQL: connections the pool opens at most (CLOUDSSO_DATABASE_POOL_SIZE); 10 if absent. */
  readonly poolSize?: number;
}

const QUERY_KINDS: Record<string, string> = {
  SelectQueryNode: 'select',
  InsertQueryNode: 'insert',
  UpdateQueryNode: 'update',
  DeleteQueryNode: 'delete',
};

function queryLog(onQuery: DatabaseOptions['onQuery']): ((event: LogEvent) => void) | undefined {
  if (!onQuery) return undefined;
  return (event) => onQuery(QUERY_KINDS[event.query.query.kind] ?? 'other', event.queryDurationMillis / 1000, event.level === 'query');
}

// BIGINT (int8) comes back from pg as a string; our BIGINTs are epoch milliseconds, well inside 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/**
 * A node-postgres pool that listens for its clients' errors. node-postgres hands an idle client's
 * error to its pool, and a pool with no listener throws it: the server restarting, or a database
 * dropped WITH (FORCE) while a client of an ended pool is still closing (`pool.end()` resolves
 * before its clients have closed), must not crash the process. The client is dropped either way.
 */
export function postgresPool(connectionString: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString, max });
  pool.on('error', () => {});
  return pool;
}

export function openDatabase(target: { sqlitePath: string } | { postgresUrl: string }, opts: DatabaseOptions = {}): DbHandle {
  const log = queryLog(opts.onQuery);
  if ('postgresUrl' in target) {
    const pool = postgresPool(target.postgresUrl, opts.poolSize ?? 10);
    const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: namingPool(pool) }), ...(log ? { log } : {}) });
    return {
      db,
      dialect: 'postgres',
      intact: () => true,
      poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      close: () => db.destroy(),
    };
  }
  const path = target.sqlitePath;
  if (path !== ':memory:') createPrivateFile(path);
  const sqlite = new SQLite(path);
  // WAL lets readers proceed during a write; busy_timeout covers a second process (cloudsso migrate).
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  const db = new Kysely<Database>({ dialect: new WritingSqliteDialect({ database: withStatementCache(sqlite) }), ...(log ? { log } : {}) });
  if (path === ':memory:') return { db, dialect: 'sqlite', intact: () => true, close: () => db.destroy() };
  // SQLite gives the -wal and -shm files the main file's mode; files from an older version may be 0644.
  for (const suffix of ['-wal', '-shm']) if (existsSync(path + suffix)) chmodSync(path + suffix, 0o600);
  // Most of the checkpoints' work leaves the event loop for a thread of its own (decision 0195).
  const checkpointer = startCheckpointer(path);
  const opened = statSync(path);
  const intact = () => {
    try {
      const now = statSync(path);
      return now.ino === opened.ino && now.dev === opened.dev;
    } catch {
      return false;
    }
  };
  return {
    db,
    dialect: 'sqlite',
    intact,
    checkpoints: checkpointer.stats,
    close: async () => {
      await checkpointer.stop();
      await db.destroy();
    },
  };
}

/**
 * SQLite with its transactions begun by `BEGIN IMMEDIATE`: the write lock is taken at the start,
 * waiting for it under busy_timeout. Kysely's driver says `BEGIN` (deferred): such a transaction
 * reads from a snapshot and asks for the lock only at its first write, and if another process
 * (the CLI's import, `cloudsso migrate`) committed in between, SQLite cannot upgrade the stale
 * snapshot and answers SQLITE_BUSY_SNAPSHOT at once, without waiting. The store's transactions
 * are writes (reads run outside them), and this process has a single connection, so taking the
 * lock early costs nothing here.
 */
class WritingSqliteDialect extends SqliteDialect {
  override createDriver(): Driver {
    const driver = super.createDriver();
    driver.beginTransaction = async (connection: DatabaseConnection) => {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
    };
    return driver;
  }
}

/**
 * The pool Kysely's PostgreSQL driver draws from, whose clients run the text of a `prepared()`
 * query or a `namedStatement()` as a named statement (`{ name, text, values }`): node-postgres
 * sends Parse for a name once per connection and then only Bind and Execute, so the server skips
 * parsing and planning the hot statements (docs/decisions/0192-postgres-round-trips.md, 0205).
 * Every other query runs as before. A
 * named statement the server no longer accepts for this text (its result columns changed under it,
 * SQLSTATE 0A000 "cached plan must not change result type") gets its connection closed when it is
 * released, so the next one prepares it afresh instead of failing on that connection forever.
 */
function namingPool(pool: pg.Pool): PostgresPool {
  const clients = new WeakMap<pg.PoolClient, PostgresPoolClient>();
  const wrap = (client: pg.PoolClient): PostgresPoolClient => {
    let stale = false;
    const query = (sqlOrCursor: unknown, parameters?: ReadonlyArray<unknown>): unknown => {
      const name = typeof sqlOrCursor === 'string' ? statementName(sqlOrCursor) : undefined;
      if (name === undefined) return (client.query as (a: unknown, b?: unknown) => unknown)(sqlOrCursor, parameters && [...parameters]);
      return client.query({ name, text: sqlOrCursor as string, values: [...(parameters ?? [])] }).catch((err: unknown) => {
        if ((err as { code?: string }).code === '0A000') stale = true;
        throw err;
      });
    };
    return {
      query: query as PostgresPoolClient['query'],
      release: (destroy?: boolean) => {
        client.release(destroy || stale);
        if (stale) clients.delete(client);
      },
    };
  };
  return {
    async connect() {
      const client = await pool.connect();
      let wrapped = clients.get(client);
      if (!wrapped) {
        wrapped = wrap(client);
        clients.set(client, wrapped);
      }
      return wrapped;
    },
    end: () => pool.end(),
  };
}

/**
 * The SQLite file holds password hashes and encrypted secrets: its folder is created 0700 and the
 * file 0600 before SQLite opens it (an existing file is set to 0600 too).
 */
function createPrivateFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  closeSync(openSync(path, 'a', 0o600));
  chmodSync(path, 0o600);
}

/**
 * Kysely's SQLite driver prepares every query anew; preparing was a fifth of a SCIM GET's CPU
 * time. Statements are reusable in better-sqlite3, so keep the most recent ones by SQL text. A
 * statement still being iterated (a streamed query) is busy and gets a fresh one instead.
 */
const STATEMENT_CACHE_SIZE = 500;

function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sqlText: string) {
      const cached = cache.get(sqlText);
      if (cached && !cached.busy) return cached;
      const stmt = sqlite.prepare(sqlText);
      if (!cached) {
        const oldest = cache.keys().next();
        if (cache.size >= STATEMENT_CACHE_SIZE && !oldest.done) cache.delete(oldest.value);
        cache.set(sqlText, stmt);
      }
      return stmt;
    },
  };
}

const provider: MigrationProvider = { getMigrations: async () => migrations };

export async function migrateToLatest(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when every known migration has been applied (for /readyz). */
export async function migrationsApplied(db: Kysely<Database>): Promise<boolean> {
  const migrator = new Migrator({ db, provider });
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}

/** The migrations not yet applied, in the order `migrateToLatest` would run them. */
export async function pendingMigrations(db: Kysely<Database>): Promise<string[]> {
  const migrator = new Migrator({ db, provider });
  return (await migrator.getMigrations()).filter((m) => m.executedAt === undefined).map((m) => m.name);
}
