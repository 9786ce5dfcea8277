import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { RAM } from '../products/ram/index.js';
import { readRootKey } from '../runtime.js';
import { callRpc, type RpcTarget } from './ram-client.js';
import { serverEndpoint, unreachableMessage } from './target.js';

/**
 * `cloudsso ram <command>`: manages RAM users, AccessKeys, groups and policies as a client of the
 * server's RAM API (2015-05-01), signed with the root key. The server writes to the store, so
 * every node sees a change at once (docs/decisions/0007-ram-api-and-authorization.md).
 */
export interface RamCliIo {
  out(line: string): void;
  err(line: string): void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

type Flags = Record<string, string | true>;

class UsageError extends Error {}

interface Command {
  readonly usage: string;
  run(api: Api, flags: Flags, io: RamCliIo): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- RAM responses are the server's JSON, read loosely by the CLI commands
type Api = (action: string, params?: Record<string, string | undefined>) => Promise<Record<string, any>>;

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

/** --user NAME or --group NAME, exactly one. */
function principal(flags: Flags): { kind: 'User' | 'Group'; param: 'UserName' | 'GroupName'; name: string } {
  const user = optional(flags, 'user');
  const group = optional(flags, 'group');
  if (user !== undefined && group === undefined) return { kind: 'User', param: 'UserName', name: user };
  if (group !== undefined && user === undefined) return { kind: 'Group', param: 'GroupName', name: group };
  throw new UsageError('Give exactly one of --user NAME and --group NAME.');
}

/** Every page of a Marker-paged RAM list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- RAM list pages are the server's JSON
async function all(api: Api, action: string, pick: (body: Record<string, any>) => unknown[]): Promise<unknown[]> {
  const items: unknown[] = [];
  let marker: string | undefined;
  do {
    const body = await api(action, { MaxItems: '1000', Marker: marker });
    items.push(...pick(body));
    marker = body['IsTruncated'] ? (body['Marker'] as string) : undefined;
  } while (marker);
  return items;
}

/** The owner of an AccessKey when --user is not given: RAM's key actions need the user name. */
async function ownerOf(api: Api, keyId: string): Promise<string> {
  const users = (await all(api, 'ListUsers', (b) => b['Users']?.['User'] ?? [])) as { UserName: string }[];
  for (const u of users) {
    const keys = (await api('ListAccessKeys', { UserName: u.UserName }))['AccessKeys']?.['AccessKey'] ?? [];
    if ((keys as { AccessKeyId: string }[]).some((k) => k.AccessKeyId === keyId)) return u.UserName;
  }
  throw new ApiFailure({ Code: 'EntityNotExist.User.AccessKey', Message: `No RAM user has the AccessKey "${keyId}".` });
}

function keyCommand(status: 'Active' | 'Inactive' | 'delete'): Command {
  return {
    usage: `--id ACCESS_KEY_ID [--user NAME]`,
    async run(api, flags) {
      const id = need(flags, 'id');
      const user = optional(flags, 'user') ?? (await ownerOf(api, id));
      if (status === 'delete') await api('DeleteAccessKey', { UserName: user, UserAccessKeyId: id });
      else await api('UpdateAccessKey', { UserName: user, UserAccessKeyId: id, Status: status });
    },
  };
}

/** A policy document given inline (it starts with "{") or as a file path. */
function documentOf(value: string): string {
  if (value.trimStart().startsWith('{')) return value;
  if (!existsSync(value)) throw new UsageError(`--document: "${value}" is neither a JSON document nor an existing file.`);
  return readFileSync(value, 'utf8');
}

const COMMANDS: Record<string, Command> = {
  'create-user': {
    usage: '--name NAME [--display-name TEXT]',
    async run(api, flags, io) {
      const body = await api('CreateUser', { UserName: need(flags, 'name'), DisplayName: optional(flags, 'display-name') });
      io.out(json(body['User']));
    },
  },
  'get-user': {
    usage: '--name NAME',
    async run(api, flags, io) {
      io.out(json((await api('GetUser', { UserName: need(flags, 'name') }))['User']));
    },
  },
  'list-users': {
    usage: '',
    async run(api, _flags, io) {
      io.out(json(await all(api, 'ListUsers', (b) => b['Users']?.['User'] ?? [])));
    },
  },
  'delete-user': {
    usage: '--name NAME',
    async run(api, flags) {
      await api('DeleteUser', { UserName: need(flags, 'name') });
    },
  },
  'create-access-key': {
    usage: '--user NAME',
    async run(api, flags, io) {
      const key = (await api('CreateAccessKey', { UserName: need(flags, 'user') }))['AccessKey'];
      // The only time the secret is shown.
      io.out(JSON.stringify({ AccessKeyId: key.AccessKeyId, AccessKeySecret: key.AccessKeySecret }));
    },
  },
  'list-access-keys': {
    usage: '--user NAME',
    async run(api, flags, io) {
      io.out(json((await api('ListAccessKeys', { UserName: need(flags, 'user') }))['AccessKeys']?.['AccessKey'] ?? []));
    },
  },
  'enable-access-key': keyCommand('Active'),
  'disable-access-key': keyCommand('Inactive'),
  'delete-access-key': keyCommand('delete'),
  'create-group': {
    usage: '--name NAME',
    async run(api, flags, io) {
      io.out(json((await api('CreateGroup', { GroupName: need(flags, 'name') }))['Group']));
    },
  },
  'list-groups': {
    usage: '',
    async run(api, _flags, io) {
      io.out(json(await all(api, 'ListGroups', (b) => b['Groups']?.['Group'] ?? [])));
    },
  },
  'delete-group': {
    usage: '--name NAME',
    async run(api, flags) {
      await api('DeleteGroup', { GroupName: need(flags, 'name') });
    },
  },
  'add-user-to-group': {
    usage: '--group NAME --user NAME',
    async run(api, flags) {
      await api('AddUserToGroup', { GroupName: need(flags, 'group'), UserName: need(flags, 'user') });
    },
  },
  'remove-user-from-group': {
    usage: '--group NAME --user NAME',
    async run(api, flags) {
      await api('RemoveUserFromGroup', { GroupName: need(flags, 'group'), UserName: need(flags, 'user') });
    },
  },
  'create-policy': {
    usage: '--name NAME --document FILE_OR_JSON [--description TEXT]',
    async run(api, flags, io) {
      const body = await api('CreatePolicy', {
        PolicyName: need(flags, 'name'),
        PolicyDocument: documentOf(need(flags, 'document')),
        Description: optional(flags, 'description'),
      });
      io.out(json(body['Policy']));
    },
  },
  'get-policy': {
    usage: '--name NAME',
    async run(api, flags, io) {
      io.out(json((await api('GetPolicy', { PolicyName: need(flags, 'name') }))['Policy']));
    },
  },
  'list-policies': {
    usage: '[--user NAME | --group NAME]',
    async run(api, flags, io) {
      if (flags['user'] !== undefined || flags['group'] !== undefined) {
        const who = principal(flags);
        io.out(json((await api(`ListPoliciesFor${who.kind}`, { [who.param]: who.name }))['Policies']?.['Policy'] ?? []));
        return;
      }
      io.out(json(await all(api, 'ListPolicies', (b) => b['Policies']?.['Policy'] ?? [])));
    },
  },
  'delete-policy': {
    usage: '--name NAME [--cascade]',
    async run(api, flags) {
      await api('DeletePolicy', { PolicyName: need(flags, 'name'), CascadingDelete: flags['cascade'] === true ? 'true' : undefined });
    },
  },
  'attach-policy': {
    usage: '--policy NAME (--user NAME | --group NAME)',
    async run(api, flags) {
      const who = principal(flags);
      await api(`AttachPolicyTo${who.kind}`, { PolicyType: 'Custom', PolicyName: need(flags, 'policy'), [who.param]: who.name });
    },
  },
  'detach-policy': {
    usage: '--policy NAME (--user NAME | --group NAME)',
    async run(api, flags) {
      const who = principal(flags);
      await api(`DetachPolicyFrom${who.kind}`, { PolicyType: 'Custom', PolicyName: need(flags, 'policy'), [who.param]: who.name });
    },
  },
};

export const RAM_USAGE = `usage: cloudsso ram <command> [options]   (talks to the running server with the root AccessKey;
                                          --endpoint URL or CLOUDSSO_ENDPOINT overrides http://<host>:<port>,
                                          --port or CLOUDSSO_PORT the port)
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(24)} ${c.usage}`)
  .join('\n')}`;

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

export async function ramCommand(config: Config, args: readonly string[], io: RamCliIo): Promise<number> {
  const [name, ...rest] = args;
  // Object.hasOwn: `cloudsso ram constructor` must not find Object.prototype.constructor.
  const command = name === undefined || !Object.hasOwn(COMMANDS, name) ? undefined : COMMANDS[name];
  if (!command) {
    (name === undefined || name === 'help' ? io.out : io.err)(name && name !== 'help' ? `Unknown ram command "${name}".\n${RAM_USAGE}` : RAM_USAGE);
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
      result = await callRpc(target, RAM.version, action, defined);
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
      io.err(`${err.message}\nusage: cloudsso ram ${name} ${command.usage}`);
      return 2;
    }
    if (err instanceof ApiFailure) {
      io.err(json(err.body));
      return 1;
    }
    throw err;
  }
}
