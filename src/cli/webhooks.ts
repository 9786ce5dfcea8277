import type { Config } from '../config.js';
import { OPEN_CLOUDSSO } from '../products/opencloudsso/index.js';
import { readRootKey } from '../runtime.js';
import { callRpc, type RpcTarget } from './ram-client.js';
import { serverEndpoint, unreachableMessage } from './target.js';

/**
 * `cloudsso webhooks <command>`: manages webhooks as a client of the server's `opencloudsso` API
 * (2026-12-01), signed with the root key like `cloudsso ram` (docs/decisions/0190-webhooks.md).
 */
export interface WebhooksCliIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Flags = Record<string, string | true>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- responses are the server's JSON, read loosely by the CLI
type Api = (action: string, params?: Record<string, string | undefined>) => Promise<Record<string, any>>;

class UsageError extends Error {}
class ApiFailure extends Error {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the server's JSON error body
  constructor(readonly body: Record<string, any>) {
    super(String(body['Message'] ?? 'request failed'));
  }
}

const json = (v: unknown) => JSON.stringify(v, null, 2);

function need(flags: Flags, name: string): string {
  const v = flags[name];
  if (typeof v !== 'string' || v === '') throw new UsageError(`--${name} is required.`);
  return v;
}

function optional(flags: Flags, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value.`);
  return v;
}

interface Command {
  readonly usage: string;
  run(api: Api, flags: Flags, io: WebhooksCliIo): Promise<void>;
}

const COMMANDS: Record<string, Command> = {
  create: {
    usage: '--url URL [--description TEXT] [--events TYPE,TYPE...]   (prints the signing secret once)',
    async run(api, flags, io) {
      const events = optional(flags, 'events');
      const params: Record<string, string | undefined> = { Url: need(flags, 'url'), Description: optional(flags, 'description') };
      (events ?? '')
        .split(',')
        .map((e) => e.trim())
        .filter((e) => e !== '')
        .forEach((e, i) => (params[`EventTypes.${i + 1}`] = e));
      const { Webhook } = await api('CreateWebhook', params);
      io.out(json(Webhook));
      io.err('The Secret above is shown only now: keep it where the receiver verifies signatures.');
    },
  },
  list: {
    usage: '',
    async run(api, _flags, io) {
      io.out(json((await api('ListWebhooks'))['Webhooks']));
    },
  },
  delete: {
    usage: '--id WEBHOOK_ID',
    async run(api, flags) {
      await api('DeleteWebhook', { WebhookId: need(flags, 'id') });
    },
  },
  deliveries: {
    usage: '--id WEBHOOK_ID [--status Pending|Succeeded|Failed] [--event EVENT_ID] [--max N]   (newest first, with each attempt)',
    async run(api, flags, io) {
      const max = Number(optional(flags, 'max') ?? '100');
      if (!Number.isInteger(max) || max < 1 || max > 10_000) throw new UsageError('--max must be an integer from 1 to 10000.');
      const out: unknown[] = [];
      let token: string | undefined;
      do {
        const body = await api('ListWebhookDeliveries', {
          WebhookId: need(flags, 'id'),
          Status: optional(flags, 'status'),
          EventId: optional(flags, 'event'),
          MaxResults: String(Math.min(100, max - out.length)),
          NextToken: token,
        });
        out.push(...(body['Deliveries'] as unknown[]));
        token = body['NextToken'] as string | undefined;
      } while (token && out.length < max);
      io.out(json(out));
    },
  },
};

export const WEBHOOKS_USAGE = `usage: cloudsso webhooks <command> [options]   (talks to the running server with the root AccessKey;
                                               --endpoint URL or CLOUDSSO_ENDPOINT overrides http://<host>:<port>)
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(12)} ${c.usage}`)
  .join('\n')}
event types: user.created user.updated user.deleted group.created group.updated group.deleted
             group.members.changed assignment.created assignment.deleted, or user.* group.* assignment.* * (default *)`;

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

export async function webhooksCommand(config: Config, args: readonly string[], io: WebhooksCliIo): Promise<number> {
  const [name, ...rest] = args;
  const command = name === undefined || !Object.hasOwn(COMMANDS, name) ? undefined : COMMANDS[name];
  if (!command) {
    (name === undefined || name === 'help' ? io.out : io.err)(name && name !== 'help' ? `Unknown webhooks command "${name}".\n${WEBHOOKS_USAGE}` : WEBHOOKS_USAGE);
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
      result = await callRpc(target, OPEN_CLOUDSSO.version, action, defined);
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
      io.err(`${err.message}\nusage: cloudsso webhooks ${name} ${command.usage}`);
      return 2;
    }
    if (err instanceof ApiFailure) {
      io.err(json(err.body));
      return 1;
    }
    throw err;
  }
}
