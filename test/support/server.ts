import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { loadConfig } from '../../src/config.js';
import { newAccessKeyPair } from '../../src/core/access-keys.js';
import { randomBase62 } from '../../src/core/ids.js';
import type { Clock } from '../../src/core/time.js';
import { createLogger } from '../../src/logger.js';
import { ROOT_KEY_FILE, startServer, type Server, type StartOptions } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';

/** Every end-to-end suite runs once per store dialect: `describe.each(DIALECTS)`. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type DialectName = (typeof DIALECTS)[number];

export interface AccessKeyPair {
  readonly id: string;
  readonly secret: string;
}

export interface TestServerOptions {
  readonly clock?: Clock;
  /** Where the server logs; silent if absent. */
  readonly logger?: Logger;
  /** A second node: the same database, master key and root key as `node` (PostgreSQL only). */
  readonly sameDatabaseAs?: TestServer;
  /** Start on this data dir (a restart); it is then left in place on close. */
  readonly dataDir?: string;
  /** Configure neither root key nor master key, as a first `npm start` does: both are generated into the data dir. */
  readonly generateKeys?: boolean;
  /** Extra environment variables for loadConfig (CLOUDSSO_MAX_DIRECTORIES, ...). */
  readonly env?: Readonly<Record<string, string>>;
  /** Task handlers instead of the real ones (core/task-handlers.ts): synthetic ones exercise the engine. */
  readonly taskHandlers?: StartOptions['taskHandlers'];
  /** How often the idle task runner polls (default 1 s). */
  readonly taskPollMs?: number;
  /** How often the idle webhook dispatcher polls (default 1 s). */
  readonly webhookPollMs?: number;
}

export interface TestServer {
  readonly dialect: DialectName;
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** `127.0.0.1:<port>`: what openapi-client/openapi-core take as `endpoint`. */
  readonly endpoint: string;
  readonly rootKey: AccessKeyPair;
  readonly dataDir: string;
  /** The PostgreSQL database URL, undefined on SQLite. */
  readonly databaseUrl: string | undefined;
  readonly masterKey: string | undefined;
  /** What the server printed at start-up (the generated root key, the endpoints). */
  readonly printed: readonly string[];
  readonly server: Server;
  close(): Promise<void>;
}

/** A real server on 127.0.0.1, port 0, with a temp data dir and (PostgreSQL) a fresh database. */
export async function startTestServer(dialect: DialectName, opts: TestServerOptions = {}): Promise<TestServer> {
  const peer = opts.sameDatabaseAs;
  if (peer && peer.dialect !== 'postgres') throw new Error('Only PostgreSQL nodes can share a database.');
  const ownsDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'cloudsso-test-data-'));
  let database: TestDatabase | undefined;
  if (dialect === 'postgres' && !peer) database = await createTestDatabase();
  const databaseUrl = peer?.databaseUrl ?? database?.url;
  const givenRoot = opts.generateKeys ? undefined : (peer?.rootKey ?? newAccessKeyPair());
  const masterKey = opts.generateKeys ? undefined : (peer?.masterKey ?? randomBase62(32));

  const env: Record<string, string> = {
    CLOUDSSO_HOST: '127.0.0.1',
    CLOUDSSO_PORT: '0',
    CLOUDSSO_DATA_DIR: dataDir,
    CLOUDSSO_LOG_LEVEL: 'silent',
    ...(databaseUrl ? { CLOUDSSO_DATABASE_URL: databaseUrl } : {}),
    ...(givenRoot ? { CLOUDSSO_ROOT_ACCESS_KEY_ID: givenRoot.id, CLOUDSSO_ROOT_ACCESS_KEY_SECRET: givenRoot.secret } : {}),
    ...(masterKey ? { CLOUDSSO_MASTER_KEY: masterKey } : {}),
    ...opts.env,
  };
  const printed: string[] = [];
  let server: Server;
  try {
    server = await startServer(loadConfig(env), {
      clock: opts.clock,
      logger: opts.logger ?? createLogger('silent'),
      print: (line) => printed.push(line),
      // As on an operator's terminal: a generated root key is shown (tests check it is shown once).
      showSecret: true,
      ...(opts.taskHandlers ? { taskHandlers: opts.taskHandlers } : {}),
      ...(opts.taskPollMs !== undefined ? { taskPollMs: opts.taskPollMs } : {}),
      ...(opts.webhookPollMs !== undefined ? { webhookPollMs: opts.webhookPollMs } : {}),
      // Every management API response is checked against its action's schema (docs/decisions/0080).
      checkResponses: true,
    });
  } catch (err) {
    await database?.drop();
    if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const port = Number(new URL(server.url).port);
  // Without a configured key the server made one (now, or on an earlier start on this data dir).
  const rootKey = givenRoot ?? readRootKeyFile(dataDir);
  let closed = false;
  return {
    dialect,
    url: server.url,
    port,
    endpoint: `127.0.0.1:${port}`,
    rootKey,
    dataDir,
    databaseUrl,
    masterKey,
    printed,
    server,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await database?.drop();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function readRootKeyFile(dataDir: string): AccessKeyPair {
  const json = JSON.parse(readFileSync(join(dataDir, ROOT_KEY_FILE), 'utf8')) as { AccessKeyId: string; AccessKeySecret: string };
  return { id: json.AccessKeyId, secret: json.AccessKeySecret };
}

/**
 * Two nodes on one PostgreSQL database, started before the suite's tests and closed after them:
 * what any node changes, the other must see on its very next request.
 */
export function twoPostgresNodes(): { readonly a: TestServer; readonly b: TestServer } {
  const nodes: { a?: TestServer; b?: TestServer } = {};
  beforeAll(async () => {
    nodes.a = await startTestServer('postgres');
    nodes.b = await startTestServer('postgres', { sameDatabaseAs: nodes.a });
  });
  afterAll(async () => {
    await nodes.b?.close();
    await nodes.a?.close();
  });
  return {
    get a() {
      return nodes.a!;
    },
    get b() {
      return nodes.b!;
    },
  };
}
