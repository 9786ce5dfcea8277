import type { Config } from '../config.js';

/**
 * Where the CLI's client commands (`call`, `ram`, `backup`...) find the server: `--endpoint URL`,
 * else CLOUDSSO_ENDPOINT, else `http://<host>:<port>` from `--host`/`--port` or
 * CLOUDSSO_HOST/CLOUDSSO_PORT (the same settings `cloudsso serve` listens on).
 */
export const CLIENT_FLAGS = ['endpoint', 'port', 'host', 'data-dir'] as const;

export interface ClientArgs {
  /** --port, --host, --data-dir: settings for loadConfig. */
  readonly configFlags: Record<string, string>;
  readonly endpoint: string | undefined;
  /** Everything else, in order. */
  readonly rest: string[];
}

export class ClientUsageError extends Error {}

/** Takes --endpoint, --port, --host and --data-dir (`--x v` or `--x=v`) out of the arguments. */
export function splitClientArgs(args: readonly string[]): ClientArgs {
  const configFlags: Record<string, string> = {};
  let endpoint: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const m = /^--(endpoint|port|host|data-dir)(?:=(.*))?$/s.exec(arg);
    if (!m) {
      rest.push(arg);
      continue;
    }
    const [, name = '', inline] = m;
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new ClientUsageError(`Option --${name} needs a value.`);
    if (name === 'endpoint') endpoint = value;
    else configFlags[name] = value;
  }
  return { configFlags, endpoint, rest };
}

export function serverEndpoint(config: Config, env: Readonly<Record<string, string | undefined>>, endpoint?: string): string {
  const given = endpoint ?? (env['CLOUDSSO_ENDPOINT'] || undefined);
  if (given !== undefined) {
    const url = /^https?:\/\//.test(given) ? given : `http://${given}`;
    try {
      new URL(url);
    } catch {
      throw new ClientUsageError(`The endpoint "${given}" is not a URL (e.g. http://127.0.0.1:8080).`);
    }
    return url.replace(/\/+$/, '');
  }
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** The message when the server cannot be reached: says how to point the CLI elsewhere. */
export function unreachableMessage(endpoint: string, err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const why = cause?.code ?? cause?.message ?? (err as Error).message;
  return (
    `Cannot reach the server at ${endpoint} (${why}). Is it running (npm start)? ` +
    'If it listens elsewhere, pass --port PORT or --endpoint URL, or set CLOUDSSO_PORT or CLOUDSSO_ENDPOINT.'
  );
}
