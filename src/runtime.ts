import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { ensureRootAccessKey } from './core/access-keys.js';
import { DEFAULT_QUOTAS, type CoreContext } from './core/context.js';
import { createSecretBox } from './core/secret-box.js';
import { systemClock, type Clock } from './core/time.js';
import { createLogger } from './logger.js';
import { ramAuthorizer, type Authorizer } from './rpc/pipeline/authorize.js';
import { migrateToLatest, openDatabase, type DbHandle } from './store/db.js';
import { createStore } from './store/kysely-store.js';

export interface Runtime {
  readonly core: CoreContext;
  readonly db: DbHandle;
  close(): Promise<void>;
}

export const ROOT_KEY_FILE = 'root-access-key.json';
const MASTER_KEY_FILE = 'master.key';

/** Writes a file readable by its owner only (0600), creating the folder if needed. */
export function writePrivateFile(path: string, content: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, content, { mode: 0o600 });
  chmodSync(path, 0o600);
}

function masterKeyFrom(config: Config): string {
  if (config.masterKey) return config.masterKey;
  const path = join(config.dataDir, MASTER_KEY_FILE);
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const key = randomBytes(32).toString('base64url');
  writePrivateFile(path, `${key}\n`);
  return key;
}

/** Opens the store (migrating it), unlocks the secret box and assembles the core context. */
export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  const db = config.databaseUrl
    ? openDatabase({ postgresUrl: config.databaseUrl })
    : openDatabase({ sqlitePath: join(config.dataDir, 'cloudsso.db') });
  try {
    await migrateToLatest(db.db);
    const store = createStore(db.db, db.dialect);
    const secretBox = createSecretBox(masterKeyFrom(config));
    const stored = await store.meta.setIfAbsent('master_key_check', secretBox.keyCheck);
    if (stored !== secretBox.keyCheck) {
      throw new Error(
        'The master key does not match the one this database was set up with: AccessKey secrets could not be decrypted. ' +
          'Set CLOUDSSO_MASTER_KEY to the original key (every node of a PostgreSQL deployment needs the same one).',
      );
    }
    // RAM rows from before accounts existed belong to the management account (docs/decisions/0060).
    await store.accounts.adoptUnowned(config.accountId);
    const core: CoreContext = {
      store,
      clock,
      secretBox,
      settings: {
        regionId: config.regionId,
        accountId: config.accountId,
        quotas: { ...DEFAULT_QUOTAS, directories: config.maxDirectories, usersPerDirectory: config.userQuota, groupsPerDirectory: config.groupQuota },
      },
    };
    return { core, db, close: () => db.close() };
  } catch (err) {
    await db.close();
    throw err;
  }
}

export interface RootKey {
  readonly AccessKeyId: string;
  readonly AccessKeySecret: string;
}

/** The root key for `cloudsso call`: from the configuration, else from the data dir. */
export function readRootKey(config: Config): RootKey | undefined {
  if (config.rootAccessKeyId && config.rootAccessKeySecret) {
    return { AccessKeyId: config.rootAccessKeyId, AccessKeySecret: config.rootAccessKeySecret };
  }
  const path = join(config.dataDir, ROOT_KEY_FILE);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as RootKey;
}

export interface Server {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly url: string;
  close(): Promise<void>;
}

export interface StartOptions {
  readonly clock?: Clock;
  readonly logger?: Logger;
  readonly authorize?: Authorizer;
  /** Where start-up notices go (the generated root key, endpoints). */
  readonly print?: (line: string) => void;
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<Server> {
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const runtime = await openRuntime(config, opts.clock);
  try {
    const given = config.rootAccessKeyId && config.rootAccessKeySecret ? { id: config.rootAccessKeyId, secret: config.rootAccessKeySecret } : undefined;
    const root = await ensureRootAccessKey(runtime.core, given);
    if (root.generatedSecret) {
      const path = join(config.dataDir, ROOT_KEY_FILE);
      writePrivateFile(path, `${JSON.stringify({ AccessKeyId: root.id, AccessKeySecret: root.generatedSecret }, null, 2)}\n`);
      // Shown once, on the terminal of the operator who started the server, never in the log.
      print(`Generated the root AccessKey (saved to ${path}, mode 0600; shown only now):`);
      print(`  AccessKeyId:     ${root.id}`);
      print(`  AccessKeySecret: ${root.generatedSecret}`);
    }
    const app = await buildApp({
      core: runtime.core,
      authorize: opts.authorize ?? ramAuthorizer,
      loggerInstance: opts.logger ?? createLogger(config.logLevel),
    });
    const pruner = setInterval(() => {
      runtime.core.store.nonces.prune(runtime.core.clock.now()).catch((err: unknown) => app.log.warn({ err }, 'nonce pruning failed'));
      runtime.core.store.sts.prune(runtime.core.clock.now()).catch((err: unknown) => app.log.warn({ err }, 'STS credential pruning failed'));
    }, 60_000);
    pruner.unref();
    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    print(`Open CloudSSO listening on ${url} (${runtime.db.dialect === 'sqlite' ? `SQLite ${join(config.dataDir, 'cloudsso.db')}` : 'PostgreSQL'})`);
    print(`  management API (CloudSSO 2021-05-15): ${url}/   endpoint for SDKs: ${host}:${port}`);
    print(`  SCIM 2.0 endpoint:                     ${url}/scim/v2`);
    return {
      app,
      runtime,
      url,
      async close() {
        clearInterval(pruner);
        await app.close();
        await runtime.close();
      },
    };
  } catch (err) {
    await runtime.close();
    throw err;
  }
}
