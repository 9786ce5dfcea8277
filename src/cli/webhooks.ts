import type { Config } from '../config.js';
import { OPEN_CLOUDSSO } from '../products/opencloudsso/index.js';
import { json, need, optional, runSubcommand, UsageError, type CliIo, type Subcommand } from './subcommands.js';

/**
 * `cloudsso webhooks <command>`: manages webhooks as a client of the server's `opencloudsso` API
 * (2026-12-01), signed with the root key like `cloudsso ram` (docs/decisions/0190-webhooks.md).
 */
export type WebhooksCliIo = CliIo;

const COMMANDS: Record<string, Subcommand> = {
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

export function webhooksCommand(config: Config, args: readonly string[], io: WebhooksCliIo): Promise<number> {
  return runSubcommand({ name: 'webhooks', usage: WEBHOOKS_USAGE, version: OPEN_CLOUDSSO.version, commands: COMMANDS }, config, args, io);
}
