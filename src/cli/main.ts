import { ConfigError, loadConfig, parseFlags, SETTINGS } from '../config.js';
import { migrateToLatest, openDatabase } from '../store/db.js';
import { join } from 'node:path';
import { startServer } from '../runtime.js';
import { auditCommand } from './audit.js';
import { callCommand } from './call.js';
import { ramCommand } from './ram.js';

const USAGE = `usage: cloudsso <command> [options]

commands:
  serve [--flag value ...]     start the server (management API at /, SCIM at /scim/v2)
  migrate                      apply database migrations and exit
  call <Action> [Name=Value]   call the management API with the root AccessKey and print the JSON
  ram <command> [--flag value] manage RAM users, AccessKeys, groups and policies (cloudsso ram help)
  audit [--flag value]         list the audit trail, newest first (cloudsso audit help)
  help                         show this text

options (each also an environment variable):
${Object.values(SETTINGS)
  .map((s) => `  --${s.flag.padEnd(24)} ${s.env.padEnd(32)} ${s.doc}${'default' in s ? ` (default ${s.default})` : ''}`)
  .join('\n')}
`;

const print = (s: string) => process.stdout.write(`${s}\n`);

export async function main(argv: readonly string[]): Promise<number | undefined> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case 'serve': {
        const config = loadConfig(process.env, parseFlags(rest));
        const server = await startServer(config, { print });
        const stop = (signal: string) => {
          print(`Received ${signal}, shutting down.`);
          server.close().then(
            () => process.exit(0),
            () => process.exit(1),
          );
        };
        process.once('SIGINT', () => stop('SIGINT'));
        process.once('SIGTERM', () => stop('SIGTERM'));
        return undefined;
      }
      case 'migrate': {
        const config = loadConfig(process.env, parseFlags(rest));
        const db = config.databaseUrl
          ? openDatabase({ postgresUrl: config.databaseUrl })
          : openDatabase({ sqlitePath: join(config.dataDir, 'cloudsso.db') });
        try {
          const applied = await migrateToLatest(db.db);
          print(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'call': {
        const config = loadConfig(process.env);
        return await callCommand(config, rest, print);
      }
      case 'ram':
        return await ramCommand(loadConfig(process.env), rest, { out: print, err: (s) => process.stderr.write(`${s}\n`), env: process.env });
      case 'audit':
        return await auditCommand(loadConfig(process.env), rest, { out: print, err: (s) => process.stderr.write(`${s}\n`), env: process.env });
      case undefined:
      case 'help':
      case '--help':
      case '-h':
        print(USAGE);
        return command === undefined ? 2 : 0;
      default:
        process.stderr.write(`Unknown command "${command}".\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Configuration error: ${err.message}\n`);
      return 2;
    }
    throw err;
  }
}
