import type { Config } from '../config.js';
import { ACTIONTRAIL } from '../products/actiontrail/index.js';
import { readRootKey } from '../runtime.js';
import { callRpc, type RpcTarget } from './ram-client.js';
import type { RamCliIo } from './ram.js';

/**
 * `cloudsso audit`: the audit trail, newest first, read from the running server through
 * ActionTrail's LookupEvents with the root AccessKey (so what it shows is what any ActionTrail
 * client would see; docs/decisions/0055-audit-trail.md).
 */
export const AUDIT_USAGE = `usage: cloudsso audit [options]   (reads the running server's audit trail with the root AccessKey;
                                  CLOUDSSO_ENDPOINT overrides http://<host>:<port>)
  --since TIME          start: ISO 8601 (2026-01-31T00:00:00Z) or a duration back from now (30m, 24h, 7d); default 7d
  --until TIME          end, same forms; default now
  --event NAME          only this event name (CreateUser, ...)
  --service NAME        only this service (cloudsso, ram, scim, actiontrail)
  --user NAME           only this principal (root, a RAM user name, a SCIM credential ID)
  --access-key-id ID    only calls signed with this AccessKey
  --credential ID       only requests an IdP made with this SCIM credential
  --failed              only failed calls
  --limit N             at most N events (default 50)
  --json                one JSON event per line instead of the table`;

const FILTERS = { event: 'EventName', service: 'ServiceName', user: 'User', 'access-key-id': 'EventAccessKeyId', credential: 'EventAccessKeyId' } as const;
const BOOLEAN = new Set(['failed', 'json']);
const KNOWN = new Set([...Object.keys(FILTERS), ...BOOLEAN, 'since', 'until', 'limit']);

class UsageError extends Error {}

function parseArgs(args: readonly string[]): Record<string, string | true> {
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(args[i] ?? '');
    const [, name = '', inline] = m ?? [];
    if (!m || !KNOWN.has(name)) throw new UsageError(`Unexpected argument "${args[i]}".`);
    if (BOOLEAN.has(name)) {
      flags[name] = true;
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') throw new UsageError(`--${name} needs a value.`);
    flags[name] = value;
  }
  if (flags['credential'] !== undefined && flags['access-key-id'] !== undefined) throw new UsageError('Give --credential or --access-key-id, not both.');
  return flags;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `7d` back from now, or an ISO time, as ActionTrail's `YYYY-MM-DDThh:mm:ssZ`. */
function timeArg(name: string, value: string, now: number): string {
  const d = /^(\d{1,6})([smhd])$/.exec(value);
  const unit = d ? UNITS[d[2] ?? ''] : undefined;
  const ms = d && unit !== undefined ? now - Number(d[1]) * unit : Date.parse(value);
  if (Number.isNaN(ms)) throw new UsageError(`--${name} must be an ISO 8601 time or a duration such as 24h or 7d.`);
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function endpointOf(config: Config, env: RamCliIo['env']): string {
  const host = config.host === '0.0.0.0' ? '127.0.0.1' : config.host === '::' ? '[::1]' : config.host.includes(':') ? `[${config.host}]` : config.host;
  return env['CLOUDSSO_ENDPOINT'] ?? `http://${host}:${config.port}`;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- events are the server's JSON, read field by field for display
type Event = Record<string, any>;

function row(e: Event): string {
  const who = e.userIdentity?.userName ?? e.userIdentity?.principalId ?? '-';
  const result = e.errorCode ? `FAILED ${e.errorCode}` : 'ok';
  const target = e.resourceName ? ` ${e.resourceType ?? ''}/${e.resourceName}` : '';
  return `${e.eventTime}  ${String(e.serviceName).padEnd(11)} ${String(e.eventName).padEnd(28)} ${String(who).padEnd(24)} ${String(e.sourceIpAddress ?? '-').padEnd(15)} ${result}${target}`;
}

export async function auditCommand(config: Config, args: readonly string[], io: RamCliIo, now = Date.now()): Promise<number> {
  if (args[0] === 'help' || args[0] === '--help') {
    io.out(AUDIT_USAGE);
    return 0;
  }
  let flags: Record<string, string | true>;
  const params: Record<string, string> = {};
  let limit = 50;
  try {
    flags = parseArgs(args);
    params['StartTime'] = timeArg('since', typeof flags['since'] === 'string' ? flags['since'] : '7d', now);
    if (typeof flags['until'] === 'string') params['EndTime'] = timeArg('until', flags['until'], now);
    let n = 0;
    for (const [flag, key] of Object.entries(FILTERS)) {
      const v = flags[flag];
      if (typeof v !== 'string') continue;
      n++;
      params[`LookupAttribute.${n}.Key`] = key;
      params[`LookupAttribute.${n}.Value`] = v;
    }
    if (flags['limit'] !== undefined) {
      limit = Number(flags['limit']);
      if (!Number.isInteger(limit) || limit < 1 || limit > 100_000) throw new UsageError('--limit must be an integer from 1 to 100000.');
    }
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    io.err(`${err.message}\n${AUDIT_USAGE}`);
    return 2;
  }
  const key = readRootKey(config);
  if (!key) {
    io.err('No root AccessKey: set CLOUDSSO_ROOT_ACCESS_KEY_ID/SECRET, or start the server once so it generates one in the data dir.');
    return 2;
  }
  const target: RpcTarget = { endpoint: endpointOf(config, io.env), accessKeyId: key.AccessKeyId, accessKeySecret: key.AccessKeySecret };
  const failedOnly = flags['failed'] === true;
  let shown = 0;
  let token: string | undefined;
  do {
    let result;
    try {
      result = await callRpc(target, ACTIONTRAIL.version, 'LookupEvents', { ...params, MaxResults: '50', ...(token ? { NextToken: token } : {}) });
    } catch (err) {
      io.err(`Cannot reach ${target.endpoint}: ${(err as Error).message}. Is the server running?`);
      return 1;
    }
    if (!result.ok) {
      io.err(JSON.stringify(result.body, null, 2));
      return 1;
    }
    for (const e of (result.body['Events'] ?? []) as Event[]) {
      if (failedOnly && !e.errorCode) continue;
      io.out(flags['json'] ? JSON.stringify(e) : row(e));
      if (++shown >= limit) return 0;
    }
    token = result.body['NextToken'] as string | undefined;
  } while (token);
  if (shown === 0 && !flags['json']) io.err('No events match.');
  return 0;
}
