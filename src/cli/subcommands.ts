import type { Config } from '../config.js';
import { readRootKey } from '../runtime.js';
import { callRpc, type RpcTarget } from './ram-client.js';
import { serverEndpoint, unreachableMessage } from './target.js';

/**
 * The machinery of `cloudsso ram` and `cloudsso webhooks`: a group of subcommands, each a client
 * of one product of the running server, signed with the root key. A subcommand reads `--flag
 * value` pairs and calls actions; this module finds it, parses the flags, signs the calls, and
 * turns a usage mistake into exit code 2 and an error response into exit code 1 with its JSON.
 */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type Flags = Record<string, string | true>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are the server's JSON, read loosely by the CLI commands
export type Api = (action: string, params?: Record<string, string | undefined>) => Promise<Record<string, any>>;

/** A mistake in the command line: printed with the subcommand's usage, exit code 2. */
export class UsageError extends Error {}

/** An error response (or no response): its JSON is printed, exit code 1. */
export class ApiFailure extends Error {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's JSON error body
  constructor(readonly body: Record<string, any>) {
    super(String(body['Message'] ?? 'request failed'));
  }
}

export interface Subcommand {
  readonly usage: string;
  run(api: Api, flags: Flags, io: CliIo): Promise<void>;
}

export const json = (v: unknown): string => JSON.stringify(v, null, 2);

export function need(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required.`);
  return v;
}

export function optional(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value.`);
  return v;
}

function parseArgs(args: readonly string[]): Flags {
  const flags: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(args[i] ?? '');
    if (!m) throw new UsageError(`Unexpected argument "${args[i]}".`);
    const [, name = '', inline] = m;
    const next = args[i + 1];
    flags[name] = inline ?? (next !== undefined && !next.startsWith('--') ? (i++, next) : true);
  }
  return flags;
}

/** Runs `cloudsso <group> <name> [--flag value ...]`: the exit code. */
export async function runSubcommand(
  group: { readonly name: string; readonly usage: string; readonly version: string; readonly commands: Readonly<Record<string, Subcommand>> },
  config: Config,
  args: readonly string[],
  io: CliIo,
): Promise<number> {
  const [name, ...rest] = args;
  // Object.hasOwn: `cloudsso ram constructor` must not find Object.prototype.constructor.
  const command = name === undefined || !Object.hasOwn(group.commands, name) ? undefined : group.commands[name];
  if (!command) {
    (name === undefined || name === 'help' ? io.out : io.err)(name && name !== 'help' ? `Unknown ${group.name} command "${name}".\n${group.usage}` : group.usage);
    return name === 'help' ? 0 : 2;
  }
  const key = readRootKey(config);
  if (!key) {
    io.err('No root AccessKey: set CLOUDSSO_ROOT_ACCESS_KEY_ID/SECRET, or start the server once so it generates one in the data dir.');
    return 2;
  }
  const target: RpcTarget = { endpoint: serverEndpoint(config, io.env), accessKeyId: key.AccessKeyId, accessKeySecret: key.AccessKeySecret };
  const api: Api = async (action, params = {}) => {
    const defined: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined) defined[k] = v;
    let result;
    try {
      result = await callRpc(target, group.version, action, defined);
    } catch (err) {
      throw new ApiFailure({ Code: 'ConnectionFailed', Message: unreachableMessage(target.endpoint, err) });
    }
    if (!result.ok) throw new ApiFailure(result.body);
    return result.body;
  };
  try {
    await command.run(api, parseArgs(rest), io);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\nusage: cloudsso ${group.name} ${name} ${command.usage}`);
      return 2;
    }
    if (err instanceof ApiFailure) {
      io.err(json(err.body));
      return 1;
    }
    throw err;
  }
}
