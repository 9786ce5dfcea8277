import { existsSync, readFileSync } from 'node:fs';
import type { Config } from '../config.js';
import { RAM } from '../products/ram/index.js';
import { ApiFailure, json, need, optional, runSubcommand, UsageError, type Api, type CliIo, type Flags, type Subcommand } from './subcommands.js';

/**
 * `cloudsso ram <command>`: manages RAM users, AccessKeys, groups and policies as a client of the
 * server's RAM API (2015-05-01), signed with the root key. The server writes to the store, so
 * every node sees a change at once (docs/decisions/0007-ram-api-and-authorization.md).
 */
export type RamCliIo = CliIo;

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

function keyCommand(status: 'Active' | 'Inactive' | 'delete'): Subcommand {
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

const COMMANDS: Record<string, Subcommand> = {
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

export function ramCommand(config: Config, args: readonly string[], io: RamCliIo): Promise<number> {
  return runSubcommand({ name: 'ram', usage: RAM_USAGE, version: RAM.version, commands: COMMANDS }, config, args, io);
}
