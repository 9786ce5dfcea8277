import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { ensureRootAccessKey } from './core/access-keys.js';
import { pruneAuditTrail } from './core/audit-trail.js';
import { prunePortalApi } from './core/sign-in/device-flow.js';
import { DEFAULT_QUOTAS, type CoreContext } from './core/context.js';
import { TransferError } from './core/directory-transfer.js';
import { readTransferFile, runImport } from './directory-import.js';
import { createSecretBox } from './core/secret-box.js';
import { systemClock, type Clock } from './core/time.js';
import { taskHandlers as defaultTaskHandlers } from './core/task-handlers.js';
import { createTaskRunner, createTaskSignal, DEFAULT_TASK_POLL_MS, type TaskRunner } from './core/task-runner.js';
import { pruneTasks, type TaskHandler, type TaskType } from './core/tasks.js';
import { createLogger } from './logger.js';
import { createDispatcher } from './core/webhooks/dispatcher.js';
import { pruneWebhookDeliveries } from './core/webhooks/endpoints.js';
import { createWebhookSender } from './webhook-sender.js';
import { createMetrics, type Metrics } from './metrics/registry.js';
import { ramAuthorizer, type Authorizer } from './rpc/pipeline/authorize.js';
import { migrateToLatest, openDatabase, type DatabaseOptions, type DbHandle } from './store/db.js';
import { createStore } from './store/kysely-store.js';

export interface Runtime {
  readonly core: CoreContext;
  /** Where this process's task runner attaches, so `kickTasks(core)` wakes it. */
  readonly taskSignal: ReturnType<typeof createTaskSignal>;
  readonly db: DbHandle;
  readonly metrics: Metrics;
  close(): Promise<void>;
}

export const ROOT_KEY_FILE = 'root-access-key.json';
export const SQLITE_FILE = 'cloudsso.db';

/** A start-up failure with a message for the operator (no stack trace needed). */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}

/** Opens the configured database: PostgreSQL, else `<data dir>/cloudsso.db`. */
export function openConfiguredDatabase(config: Config, opts: DatabaseOptions = {}): DbHandle {
  if (config.databaseUrl) return openDatabase({ postgresUrl: config.databaseUrl }, { poolSize: config.databasePoolSize, ...opts });
  const path = join(config.dataDir, SQLITE_FILE);
  try {
    return openDatabase({ sqlitePath: path }, opts);
  } catch (err) {
    const code = (err as { code?: string }).code ?? '';
    throw new StartupError(
      `Cannot open the SQLite database ${path} (${code || (err as Error).message}). ` +
        'Check that CLOUDSSO_DATA_DIR (--data-dir) is a folder this user may write.',
    );
  }
}

const PG_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused: is PostgreSQL running and listening there?',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  ECONNRESET: 'connection reset',
  '28P01': 'password authentication failed',
  '28000': 'the server refused this user',
  '3D000': 'the database does not exist',
  '42501': 'permission denied (the user needs CREATE on the database for migrations)',
};

/** Turns a PostgreSQL connection failure into a message naming the setting, without the password. */
export function databaseError(config: Config, err: unknown): Error {
  if (!config.databaseUrl) return err instanceof Error ? err : new Error(String(err));
  const e = err as { code?: string; errors?: { code?: string }[] };
  const code = e.code ?? e.errors?.[0]?.code;
  if (code === undefined || !(code in PG_REASONS)) return err instanceof Error ? err : new Error(String(err));
  let where = 'the configured server';
  try {
    const url = new URL(config.databaseUrl);
    where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  } catch {
    // keep the generic text: the URL itself may carry a password
  }
  return new StartupError(`Cannot use PostgreSQL at ${where} (CLOUDSSO_DATABASE_URL): ${PG_REASONS[code]} [${code}].`);
}
const MASTER_KEY_FILE = 'master.key';
const AUDIT_PRUNE_INTERVAL_MS = 60 * 60 * 1000;

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
  const metrics = createMetrics();
  const db = openConfiguredDatabase(config, { onQuery: metrics.observeQuery });
  try {
    await migrateToLatest(db.db).catch((err: unknown) => {
      throw databaseError(config, err);
    });
    const base = createStore(db.db, db.dialect);
    // Not ready once the SQLite file is gone from the data dir (deleted while running).
    const store: typeof base = { ...base, ready: async () => db.intact() && (await base.ready()) };
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
    const taskSignal = createTaskSignal();
    const core: CoreContext = {
      store,
      clock,
      secretBox,
      tasks: taskSignal,
      settings: {
        regionId: config.regionId,
        accountId: config.accountId,
        quotas: { ...DEFAULT_QUOTAS, directories: config.maxDirectories, usersPerDirectory: config.userQuota, groupsPerDirectory: config.groupQuota,
          accessConfigurationsPerDirectory: config.accessConfigurationQuota,
          userProvisioningsPerDirectory: config.userProvisioningQuota,
        },
        // The SP entity ID and ACS URL (GetDirectorySAMLServiceProviderInfo, the SAML sign-in) derive from it.
        ...(config.publicUrl ? { publicUrl: config.publicUrl } : {}),
        webhookAllowPrivateTargets: config.webhookAllowPrivateTargets,
        devicePollInterval: config.devicePollInterval,
      },
    };
    metrics.bind({ store, poolStats: db.poolStats });
    return { core, taskSignal, db, metrics, close: () => db.close() };
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
  /** Where start-up notices go (where the generated root key is, endpoints). */
  readonly print?: (line: string) => void;
  /**
   * Print a generated root AccessKey secret too, not only where its file is. Default: when
   * standard output is a terminal; never into a pipe, a journal or a container log.
   */
  readonly showSecret?: boolean;
  /** The task handlers (default: core/task-handlers.ts); tests run the engine with synthetic ones. */
  readonly taskHandlers?: Partial<Record<TaskType, TaskHandler>>;
  /** How often an idle task runner polls (default 1 s). */
  readonly taskPollMs?: number;
  /** How often an idle webhook dispatcher polls (default 1 s). */
  readonly webhookPollMs?: number;
  /** Check every management API response against its action's schema (the test harness sets it; docs/decisions/0080). */
  readonly checkResponses?: boolean;
}

/**
 * CLOUDSSO_SEED_FILE: the document is imported before the server listens, so the first request
 * sees the directory; a second start finds nothing to change (docs/decisions/0186).
 */
async function seed(runtime: Runtime, file: string, print: (line: string) => void, handlers: StartOptions['taskHandlers']): Promise<void> {
  try {
    const run = await runImport(runtime.core, readTransferFile(file), handlers ? { taskHandlers: handlers } : {});
    const created = run.changes.filter((c) => c.kind === 'create').length;
    print(
      run.changes.length === 0
        ? `Seed file ${file}: directory ${run.directoryId} already matches it.`
        : `Seed file ${file}: directory ${run.directoryId}, ${created} created, ${run.changes.length - created} updated.`,
    );
    for (const f of run.failedTasks) print(`Seed file ${file}: task ${f.taskId} failed: ${f.reason}`);
  } catch (err) {
    if (err instanceof TransferError) throw new StartupError(`CLOUDSSO_SEED_FILE ${file}: ${err.message}`);
    throw err;
  }
}

function listenError(config: Config, err: unknown): Error {
  const code = (err as { code?: string }).code;
  const at = `${config.host}:${config.port}`;
  if (code === 'EADDRINUSE') return new StartupError(`Cannot listen on ${at}: the port is already in use. Stop the other process or choose another port (--port or CLOUDSSO_PORT).`);
  if (code === 'EACCES') return new StartupError(`Cannot listen on ${at}: permission denied (ports below 1024 need privileges). Choose another port (--port or CLOUDSSO_PORT).`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new StartupError(`Cannot listen on ${at}: this machine has no such address. Check --host or CLOUDSSO_HOST.`);
  return err instanceof Error ? err : new Error(String(err));
}

export async function startServer(config: Config, opts: StartOptions = {}): Promise<Server> {
  const print = opts.print ?? ((line: string) => process.stdout.write(`${line}\n`));
  const showSecret = opts.showSecret ?? process.stdout.isTTY === true;
  const runtime = await openRuntime(config, opts.clock);
  let app: FastifyInstance | undefined;
  try {
    if (config.seedFile) await seed(runtime, config.seedFile, print, opts.taskHandlers);
    app = await buildApp({
      core: runtime.core,
      authorize: opts.authorize ?? ramAuthorizer,
      loggerInstance: opts.logger ?? createLogger(config.logLevel),
      publicUrl: config.publicUrl,
      trustedProxies: config.trustedProxies,
      http: config.http,
      authThrottle: config.authThrottle,
      metrics: runtime.metrics,
      metricsToken: config.metricsToken,
      checkResponses: opts.checkResponses ?? false,
    });
    // While shutting down, each response closes its connection: a keep-alive connection would
    // otherwise hold the shutdown until the client lets go of it.
    let closing = false;
    app.addHook('onSend', async (_request, reply) => {
      if (closing) reply.header('connection', 'close');
    });
    // Listen before making the root key: a port in use must fail before a key is generated.
    await app.listen({ host: config.host, port: config.port }).catch((err: unknown) => {
      throw listenError(config, err);
    });
    const given = config.rootAccessKeyId && config.rootAccessKeySecret ? { id: config.rootAccessKeyId, secret: config.rootAccessKeySecret } : undefined;
    const root = await ensureRootAccessKey(runtime.core, given);
    if (root.generatedSecret) {
      const path = join(config.dataDir, ROOT_KEY_FILE);
      writePrivateFile(path, `${JSON.stringify({ AccessKeyId: root.id, AccessKeySecret: root.generatedSecret }, null, 2)}\n`);
      if (showSecret) {
        // Shown once, on the terminal of the operator who started the server, never in the log.
        print(`Generated the root AccessKey (saved to ${path}, mode 0600; shown only now):`);
        print(`  AccessKeyId:     ${root.id}`);
        print(`  AccessKeySecret: ${root.generatedSecret}`);
      } else {
        print(`Generated the root AccessKey ${root.id}; its secret is in ${path} (mode 0600), not printed because standard output is not a terminal.`);
      }
    }
    const live = app;
    const pruner = setInterval(() => {
      runtime.core.store.nonces.prune(runtime.core.clock.now()).catch((err: unknown) => live.log.warn({ err }, 'nonce pruning failed'));
      runtime.core.store.authFailures.prune(runtime.core.clock.now()).catch((err: unknown) => live.log.warn({ err }, 'failure counter pruning failed'));
      runtime.core.store.sts.prune(runtime.core.clock.now()).catch((err: unknown) => live.log.warn({ err }, 'STS credential pruning failed'));
      runtime.core.store.portal.prune(runtime.core.clock.now()).catch((err: unknown) => live.log.warn({ err }, 'portal session pruning failed'));
      runtime.core.store.samlSignIn.prune(runtime.core.clock.now()).catch((err: unknown) => live.log.warn({ err }, 'SAML request pruning failed'));
      prunePortalApi(runtime.core).catch((err: unknown) => live.log.warn({ err }, 'device grant and access token pruning failed'));
    }, 60_000);
    pruner.unref();
    let warned = false;
    let checkpointsWarned = false;
    const watchdog = setInterval(() => {
      const failure = runtime.db.checkpoints?.().failure;
      if (failure !== undefined && !checkpointsWarned) {
        checkpointsWarned = true;
        live.log.warn({ reason: failure }, 'The SQLite checkpoint thread stopped; the store checkpoints in its own connection again, as SQLite does by default (writes may pause at checkpoints).');
      }
      if (warned || runtime.db.intact()) return;
      warned = true;
      live.log.error(`The SQLite database ${join(config.dataDir, SQLITE_FILE)} is no longer in the data dir: /readyz answers 503. Stop the server and restore the data dir from a backup.`);
    }, 5_000);
    watchdog.unref();
    // The audit trail's retention: hourly, in small batches, on every node (deletes are idempotent).
    const pruneAudit = () =>
      pruneAuditTrail(runtime.core, config.auditRetentionDays).then(
        (n) => runtime.metrics.auditPruned.inc(n),
        (err: unknown) => live.log.warn({ err }, 'audit trail pruning failed'),
      );
    const auditPruner = setInterval(pruneAudit, AUDIT_PRUNE_INTERVAL_MS);
    auditPruner.unref();
    const firstAuditPrune = setTimeout(pruneAudit, 10_000);
    firstAuditPrune.unref();
    // Durable tasks: this node claims and runs due ones until it stops (docs/decisions/0100).
    const taskRunner: TaskRunner = createTaskRunner(runtime.core, {
      handlers: opts.taskHandlers ?? defaultTaskHandlers,
      log: live.log,
      leaseMs: config.taskLeaseSeconds * 1000,
      maxAttempts: config.taskMaxAttempts,
      pollMs: opts.taskPollMs ?? DEFAULT_TASK_POLL_MS,
      observe: {
        started: (kind) => runtime.metrics.tasksInFlight.inc({ kind }),
        ended: (kind) => runtime.metrics.tasksInFlight.dec({ kind }),
      },
    });
    runtime.taskSignal.attach(() => taskRunner.kick());
    taskRunner.start();
    // Task retention (7 days, as ListTasks sees): with the audit trail's, hourly.
    const pruneOldTasks = () => pruneTasks(runtime.core).catch((err: unknown) => live.log.warn({ err }, 'task pruning failed'));
    const taskPruner = setInterval(pruneOldTasks, AUDIT_PRUNE_INTERVAL_MS);
    taskPruner.unref();
    const firstTaskPrune = setTimeout(pruneOldTasks, 10_000);
    firstTaskPrune.unref();
    // Webhooks: this node claims and sends due deliveries, one at a time (docs/decisions/0190).
    const dispatcher = createDispatcher(runtime.core, {
      send: createWebhookSender({ allowPrivateTargets: config.webhookAllowPrivateTargets }),
      log: live.log,
      maxAttempts: config.webhookMaxAttempts,
      retryBaseMs: config.webhookRetryBaseMs,
      ...(opts.webhookPollMs !== undefined ? { pollMs: opts.webhookPollMs } : {}),
    });
    dispatcher.start();
    const pruneWebhooks = () => pruneWebhookDeliveries(runtime.core).catch((err: unknown) => live.log.warn({ err }, 'webhook delivery pruning failed'));
    const webhookPruner = setInterval(pruneWebhooks, AUDIT_PRUNE_INTERVAL_MS);
    webhookPruner.unref();
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    const url = `http://${host}:${port}`;
    print(`Open CloudSSO listening on ${url} (${runtime.db.dialect === 'sqlite' ? `SQLite ${join(config.dataDir, SQLITE_FILE)}` : 'PostgreSQL'})`);
    print(`  management API (CloudSSO 2021-05-15): ${url}/   endpoint for SDKs: ${host}:${port}`);
    print(`  SCIM 2.0 endpoint:                     ${config.publicUrl ?? url}/scim/v2`);
    return {
      app,
      runtime,
      url,
      async close() {
        clearInterval(pruner);
        clearInterval(auditPruner);
        clearTimeout(firstAuditPrune);
        clearInterval(watchdog);
        clearInterval(taskPruner);
        clearTimeout(firstTaskPrune);
        clearInterval(webhookPruner);
        closing = true;
        // Stops accepting, answers 503 to new requests on open connections, waits for the
        // requests in flight and the task in hand (its lease released if it outlasts the grace),
        // then closes the store.
        await live.close();
        // Half the shutdown timeout, so a stuck task's lease is handed over before a forced exit.
        await taskRunner.stop(config.shutdownTimeout * 500);
        await dispatcher.stop(config.shutdownTimeout * 500);
        await runtime.close();
      },
    };
  } catch (err) {
    await app?.close();
    await runtime.close();
    throw err;
  }
}
