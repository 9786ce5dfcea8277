import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig, parseFlags, SETTINGS } from '../config.js';
import { migrateToLatest, pendingMigrations } from '../store/db.js';
import { migrations } from '../store/migrations/index.js';
import { databaseError, openConfiguredDatabase, SQLITE_FILE, startServer, StartupError } from '../runtime.js';
import { BackupError, backupSqlite, restoreSqlite } from './backup.js';
import { auditCommand } from './audit.js';
import { callCommand } from './call.js';
import { ramCommand } from './ram.js';
import { ssoCommand } from './sso.js';
import { exportCommand, importCommand, TransferUsageError } from './transfer.js';
import { webhooksCommand } from './webhooks.js';
import { TEST_TASK_HANDLER_ENV, TEST_TASK_PAUSE_ENV, testTaskHandlers } from './task-test-hook.js';
import { ClientUsageError, serverEndpoint, splitClientArgs } from './target.js';

const USAGE = `usage: cloudsso <command> [options]

commands:
  serve [--flag value ...]     start the server (management API at /, SCIM at /scim/v2)
  migrate [--dry-run]          apply database migrations and exit (--dry-run: list what would run)
  call <Action> [Name=Value]   call the management API with the root AccessKey and print the JSON
  ram <command> [--flag value] manage RAM users, AccessKeys, groups and policies (cloudsso ram help)
  webhooks <command> [...]     manage signed change-event webhooks (cloudsso webhooks help)
  backup <file>                copy the SQLite database to <file> (online: safe while the server runs)
  restore <file>               replace the SQLite database with the backup <file> (the server must be stopped)
  audit [--flag value]         list the audit trail, newest first (cloudsso audit help)
  export [--directory ID] [--out FILE]
                               write the directory's data (no secrets) as one JSON document
  import <file> [--dry-run] [--directory ID]
                               create or change what the document holds (--dry-run: print the changes only)
  sso login|credentials        sign in through a user portal and write an Alibaba CLI profile (cloudsso sso help)
  help                         show this text

call, ram and webhooks reach the server at --endpoint URL or CLOUDSSO_ENDPOINT, else http://<host>:<port>
(--port/--host or CLOUDSSO_PORT/CLOUDSSO_HOST); migrate, backup, restore, export and import take
--data-dir and --database-url like serve.

options (each also an environment variable):
${Object.values(SETTINGS)
  .map((s) => `  --${s.flag.padEnd(24)} ${s.env.padEnd(32)} ${s.doc}${'default' in s ? ` (default ${s.default})` : ''}`)
  .join('\n')}
`;

const print = (s: string) => process.stdout.write(`${s}\n`);
const printErr = (s: string) => process.stderr.write(`${s}\n`);

export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve':
        return await serve(rest);
      case 'migrate': {
        const dryRun = rest.includes('--dry-run');
        const config = loadConfig(process.env, parseFlags(rest.filter((a) => a !== '--dry-run')));
        if (dryRun && !config.databaseUrl && !existsSync(join(config.dataDir, SQLITE_FILE))) {
          print(`No database at ${join(config.dataDir, SQLITE_FILE)} yet; the first start would apply: ${Object.keys(migrations).join(', ')}`);
          return 0;
        }
        const db = openConfiguredDatabase(config);
        try {
          if (dryRun) {
            const pending = await pendingMigrations(db.db).catch((err: unknown) => {
              throw databaseError(config, err);
            });
            print(pending.length ? `Would apply: ${pending.join(', ')}` : 'The database is up to date; nothing would run.');
            return 0;
          }
          const applied = await migrateToLatest(db.db).catch((err: unknown) => {
            throw databaseError(config, err);
          });
          print(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'call': {
        const args = splitClientArgs(rest);
        const config = loadConfig(process.env, args.configFlags);
        return await callCommand(config, serverEndpoint(config, process.env, args.endpoint), args.rest, print);
      }
      case 'ram': {
        const args = splitClientArgs(rest);
        const config = loadConfig(process.env, args.configFlags);
        const env = { ...process.env, CLOUDSSO_ENDPOINT: serverEndpoint(config, process.env, args.endpoint) };
        return await ramCommand(config, args.rest, { out: print, err: printErr, env });
      }
      case 'webhooks': {
        const args = splitClientArgs(rest);
        const config = loadConfig(process.env, args.configFlags);
        const env = { ...process.env, CLOUDSSO_ENDPOINT: serverEndpoint(config, process.env, args.endpoint) };
        return await webhooksCommand(config, args.rest, { out: print, err: printErr, env });
      }
      case 'backup':
      case 'restore': {
        const [file, ...flags] = rest;
        if (!file || file.startsWith('-')) {
          printErr(`usage: cloudsso ${command} <file> [--data-dir DIR]`);
          return 2;
        }
        const config = loadConfig(process.env, parseFlags(flags));
        if (config.databaseUrl) {
          printErr(
            `cloudsso ${command} works on the SQLite store. With PostgreSQL use its own tools: ` +
              (command === 'backup'
                ? 'pg_dump --format=custom --file=cloudsso.dump "$CLOUDSSO_DATABASE_URL" (see README, "Backups").'
                : 'pg_restore --clean --if-exists --dbname="$CLOUDSSO_DATABASE_URL" cloudsso.dump with every node stopped (see README, "Backups").'),
          );
          return 2;
        }
        const dbPath = join(config.dataDir, SQLITE_FILE);
        if (command === 'backup') {
          const r = await backupSqlite(dbPath, file);
          print(`Backed up ${dbPath} to ${r.file} (${r.pages} pages, ${r.bytes} bytes, mode 0600).`);
          print(`Keep the master key with it (${join(config.dataDir, 'master.key')} or CLOUDSSO_MASTER_KEY): AccessKey secrets in the backup are encrypted with it.`);
        } else {
          const r = await restoreSqlite(dbPath, file);
          print(`Restored ${dbPath} from ${file}.${r.replaced ? ` The replaced database is kept as ${r.replaced}.` : ''}`);
        }
        return 0;
      }
      case 'audit': {
        const args = splitClientArgs(rest);
        const config = loadConfig(process.env, args.configFlags);
        const env = { ...process.env, CLOUDSSO_ENDPOINT: serverEndpoint(config, process.env, args.endpoint) };
        return await auditCommand(config, args.rest, { out: print, err: printErr, env });
      }
      case 'export':
        return await exportCommand(rest, { out: print, err: printErr });
      case 'import':
        return await importCommand(rest, { out: print, err: printErr });
      case 'sso':
        return await ssoCommand(rest, { out: print, err: printErr, env: process.env });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        print(USAGE);
        return command === undefined ? 2 : 0;
      default:
        printErr(`Unknown command "${command}".\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      printErr(`Configuration error: ${err.message}`);
      return 2;
    }
    if (err instanceof ClientUsageError || err instanceof TransferUsageError) {
      printErr(err.message);
      return 2;
    }
    if (err instanceof StartupError || err instanceof BackupError) {
      printErr(err.message);
      return 1;
    }
    throw err;
  }
}

/**
 * `cloudsso serve`. SIGTERM or SIGINT (from a supervisor, `docker stop`, Ctrl-C) stops accepting
 * connections, lets the requests in flight finish, closes the store and exits 0; after
 * CLOUDSSO_SHUTDOWN_TIMEOUT seconds, or on a second signal, it exits 1 at once.
 */
async function serve(args: readonly string[]): Promise<undefined> {
  const config = loadConfig(process.env, parseFlags(args));
  const taskHandlers = testTaskHandlers(process.env, config.dataDir);
  if (taskHandlers) {
    print(
      process.env[TEST_TASK_PAUSE_ENV]
        ? `${TEST_TASK_PAUSE_ENV} is set: a task stops for good at step ${process.env[TEST_TASK_PAUSE_ENV]}.`
        : `${TEST_TASK_HANDLER_ENV} is set: tasks run a test handler and do none of their real work.`,
    );
  }
  // The handlers go in before the server starts: a signal during the start (a supervisor's stop
  // right after launch) shuts the server down cleanly once it is up, instead of killing it.
  const started: { server?: Awaited<ReturnType<typeof startServer>> } = {};
  let stopping = false;
  const shutdown = (running: Awaited<ReturnType<typeof startServer>>) =>
    running.close().then(
      () => {
        print('Shut down cleanly.');
        process.exit(0);
      },
      (err: unknown) => {
        printErr(`Shutdown failed: ${(err as Error).message}`);
        process.exit(1);
      },
    );
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) {
      printErr(`Received ${signal} again: exiting without waiting.`);
      process.exit(1);
    }
    stopping = true;
    print(`Received ${signal}, shutting down: finishing the requests in flight, then closing the store.`);
    const timer = setTimeout(() => {
      printErr(`Requests still in flight after ${config.shutdownTimeout} s (CLOUDSSO_SHUTDOWN_TIMEOUT): exiting anyway.`);
      process.exit(1);
    }, config.shutdownTimeout * 1000);
    timer.unref();
    if (started.server) void shutdown(started.server); // else: once startServer returns, below
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  started.server = await startServer(config, { print, ...(taskHandlers ? { taskHandlers } : {}) });
  if (stopping) void shutdown(started.server);
  return undefined;
}
