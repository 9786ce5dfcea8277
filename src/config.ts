import { resolve } from 'node:path';

/**
 * Configuration: environment variables, each also a `cloudsso serve` flag (`--port 8080` for
 * CLOUDSSO_PORT). Flags win over the environment. Invalid values stop the start with a message
 * naming the variable.
 */
export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly regionId: string;
  readonly accountId: string;
  readonly rootAccessKeyId: string | undefined;
  readonly rootAccessKeySecret: string | undefined;
  readonly masterKey: string | undefined;
  readonly maxDirectories: number;
  /** Users per directory (GetDirectoryStatistics UserQuota). */
  readonly userQuota: number;
  /** Groups per directory (GetDirectoryStatistics GroupQuota). */
  readonly groupQuota: number;
  readonly logLevel: string;
  /** Bearer token /metrics requires; open when unset. */
  readonly metricsToken: string | undefined;
  /** Days audit events are kept (0: forever). */
  readonly auditRetentionDays: number;
}

interface Setting {
  readonly env: string;
  readonly flag: string;
  readonly default?: string;
  readonly doc: string;
}

export const SETTINGS = {
  host: { env: 'CLOUDSSO_HOST', flag: 'host', default: '127.0.0.1', doc: 'address to listen on' },
  port: { env: 'CLOUDSSO_PORT', flag: 'port', default: '8080', doc: 'port to listen on (0 picks a free one)' },
  dataDir: { env: 'CLOUDSSO_DATA_DIR', flag: 'data-dir', default: './data', doc: 'SQLite file, generated master key, generated root key' },
  databaseUrl: { env: 'CLOUDSSO_DATABASE_URL', flag: 'database-url', doc: 'postgres://... switches the store to PostgreSQL' },
  regionId: { env: 'CLOUDSSO_REGION_ID', flag: 'region-id', default: 'cn-shanghai', doc: 'region in ARNs and Directory.Region' },
  accountId: { env: 'CLOUDSSO_ACCOUNT_ID', flag: 'account-id', default: '1234567890123456', doc: 'account ID in ARNs (16 digits)' },
  rootAccessKeyId: { env: 'CLOUDSSO_ROOT_ACCESS_KEY_ID', flag: 'root-access-key-id', doc: 'the root AccessKey ID' },
  rootAccessKeySecret: { env: 'CLOUDSSO_ROOT_ACCESS_KEY_SECRET', flag: 'root-access-key-secret', doc: 'the root AccessKey secret' },
  masterKey: { env: 'CLOUDSSO_MASTER_KEY', flag: 'master-key', doc: 'key that encrypts AccessKey secrets at rest (>= 16 chars)' },
  maxDirectories: { env: 'CLOUDSSO_MAX_DIRECTORIES', flag: 'max-directories', default: '1', doc: 'directories per account (CloudSSO: 1)' },
  userQuota: { env: 'CLOUDSSO_USER_QUOTA', flag: 'user-quota', default: '1000', doc: 'users per directory (UserQuota)' },
  groupQuota: { env: 'CLOUDSSO_GROUP_QUOTA', flag: 'group-quota', default: '500', doc: 'groups per directory (GroupQuota)' },
  logLevel: { env: 'CLOUDSSO_LOG_LEVEL', flag: 'log-level', default: 'info', doc: 'pino log level (fatal, error, warn, info, debug, silent)' },
  metricsToken: { env: 'CLOUDSSO_METRICS_TOKEN', flag: 'metrics-token', doc: 'bearer token /metrics requires (>= 16 chars; open when unset)' },
  auditRetentionDays: { env: 'CLOUDSSO_AUDIT_RETENTION_DAYS', flag: 'audit-retention-days', default: '90', doc: 'days audit events are kept (0 keeps them forever)' },
} as const satisfies Record<keyof Config, Setting>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses `--name value` and `--name=value` flags; unknown flags are an error. */
export function parseFlags(args: readonly string[]): Record<string, string> {
  const known = new Set<string>(Object.values(SETTINGS).map((s) => s.flag));
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new ConfigError(`Unexpected argument "${arg}".`);
    const name = m[1]!;
    if (!known.has(name)) throw new ConfigError(`Unknown option --${name}.`);
    const value = m[2] ?? args[++i];
    if (value === undefined) throw new ConfigError(`Option --${name} needs a value.`);
    out[name] = value;
  }
  return out;
}

export function loadConfig(env: NodeJS.ProcessEnv, flags: Record<string, string> = {}): Config {
  const get = (s: Setting): string | undefined => {
    const v = flags[s.flag] ?? env[s.env] ?? s.default;
    return v === '' ? undefined : v;
  };
  const int = (s: Setting, min: number, max: number): number => {
    const raw = get(s) ?? '';
    const n = Number(raw);
    if (!/^\d+$/.test(raw) || n < min || n > max) throw new ConfigError(`${s.env} must be an integer from ${min} to ${max}, got "${raw}".`);
    return n;
  };
  const accountId = get(SETTINGS.accountId)!;
  if (!/^\d{16}$/.test(accountId)) throw new ConfigError(`${SETTINGS.accountId.env} must be 16 digits, got "${accountId}".`);
  const regionId = get(SETTINGS.regionId)!;
  if (!/^[a-z0-9-]{2,32}$/.test(regionId)) throw new ConfigError(`${SETTINGS.regionId.env} must look like cn-shanghai, got "${regionId}".`);
  const databaseUrl = get(SETTINGS.databaseUrl);
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError(`${SETTINGS.databaseUrl.env} must be a postgres:// URL.`);
  }
  const rootAccessKeyId = get(SETTINGS.rootAccessKeyId);
  const rootAccessKeySecret = get(SETTINGS.rootAccessKeySecret);
  if ((rootAccessKeyId === undefined) !== (rootAccessKeySecret === undefined)) {
    throw new ConfigError(`Set both ${SETTINGS.rootAccessKeyId.env} and ${SETTINGS.rootAccessKeySecret.env}, or neither.`);
  }
  const masterKey = get(SETTINGS.masterKey);
  if (masterKey !== undefined && masterKey.length < 16) throw new ConfigError(`${SETTINGS.masterKey.env} must be at least 16 characters.`);
  const metricsToken = get(SETTINGS.metricsToken);
  if (metricsToken !== undefined && (metricsToken.length < 16 || !/^[\x21-\x7e]+$/.test(metricsToken))) {
    throw new ConfigError(`${SETTINGS.metricsToken.env} must be at least 16 printable characters without spaces.`);
  }
  return {
    host: get(SETTINGS.host)!,
    port: int(SETTINGS.port, 0, 65535),
    dataDir: resolve(get(SETTINGS.dataDir)!),
    databaseUrl,
    regionId,
    accountId,
    rootAccessKeyId,
    rootAccessKeySecret,
    masterKey,
    maxDirectories: int(SETTINGS.maxDirectories, 1, 1_000_000),
    userQuota: int(SETTINGS.userQuota, 1, 10_000_000),
    groupQuota: int(SETTINGS.groupQuota, 1, 10_000_000),
    logLevel: get(SETTINGS.logLevel)!,
    metricsToken,
    auditRetentionDays: int(SETTINGS.auditRetentionDays, 0, 36_500),
  };
}
