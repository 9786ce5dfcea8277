import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { DEFAULT_AUTH_THROTTLE_LIMITS, type AuthThrottleLimits } from './core/auth-throttle.js';
import { DEFAULT_MAX_PARAMETERS } from './http-bounds.js';

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
  /** PostgreSQL connections this node keeps open at most (node-postgres pool size). */
  readonly databasePoolSize: number;
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
  /** Access configurations per directory (GetDirectoryStatistics AccessConfigurationQuota). */
  readonly accessConfigurationQuota: number;
  readonly userProvisioningQuota: number;
  /** Seconds a device-flow client waits between /token polls (the `Interval` of /device-authorization). */
  readonly devicePollInterval: number;
  readonly logLevel: string;
  /** HTTP bounds (docs/decisions/0041-request-bounds.md). */
  readonly http: HttpLimits;
  /** Failed-authentication throttling (docs/decisions/0042-authentication-throttling.md). */
  readonly authThrottle: AuthThrottleSettings;
  /** The externally visible base URL (scheme://host[:port], no path); undefined: from each request. */
  readonly publicUrl: string | undefined;
  /** Addresses and CIDRs of reverse proxies whose X-Forwarded-For/-Proto/-Host are believed. */
  readonly trustedProxies: readonly string[];
  /** Seconds a SIGTERM/SIGINT waits for in-flight requests before the process exits anyway. */
  readonly shutdownTimeout: number;
  /** Bearer token /metrics requires; open when unset. */
  readonly metricsToken: string | undefined;
  /** Days audit events are kept (0: forever). */
  readonly auditRetentionDays: number;
  /** How long a node's claim on a task holds without a heartbeat (docs/decisions/0100-durable-tasks.md). */
  readonly taskLeaseSeconds: number;
  /** Claims before a task that never finished ends Failed. */
  readonly taskMaxAttempts: number;
  /** An export document imported at every start (docs/decisions/0186). */
  readonly seedFile: string | undefined;
  /** Webhooks may target loopback, private and link-local addresses (docs/decisions/0190-webhooks.md). */
  readonly webhookAllowPrivateTargets: boolean;
  /** Attempts before a webhook delivery ends Failed. */
  readonly webhookMaxAttempts: number;
  /** The first webhook retry's delay; each next one doubles, up to an hour. */
  readonly webhookRetryBaseMs: number;
}

export interface HttpLimits {
  /** The whole request (head and body) must arrive within this; 0 disables. */
  readonly requestTimeoutMs: number;
  /** The request head must arrive within this. */
  readonly headersTimeoutMs: number;
  /** An idle kept-alive connection is closed after this. */
  readonly keepAliveTimeoutMs: number;
  /** A socket with no traffic either way is closed after this. */
  readonly connectionTimeoutMs: number;
  /** Largest request body in bytes. */
  readonly bodyLimitBytes: number;
  /** Most parameters in a query string or form body. */
  readonly maxParameters: number;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 72_000,
  connectionTimeoutMs: 120_000,
  bodyLimitBytes: 1024 * 1024,
  maxParameters: DEFAULT_MAX_PARAMETERS,
};

export type AuthThrottleSettings = AuthThrottleLimits;
const DEFAULT_AUTH_THROTTLE = DEFAULT_AUTH_THROTTLE_LIMITS;

/**
 * The PostgreSQL pool's default size: twice this machine's cores, at least 4 and at most 10
 * (docs/decisions/0192-postgres-round-trips.md: on 2 cores shared with the server, 4 connections
 * served SCIM reads as fast as 10 for a quarter less server CPU a request; 10 was the previous
 * fixed size and stays the ceiling, for a server further away).
 */
export function defaultDatabasePoolSize(cores = availableParallelism()): number {
  return Math.min(10, Math.max(4, 2 * cores));
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
  databasePoolSize: {
    env: 'CLOUDSSO_DATABASE_POOL_SIZE',
    flag: 'database-pool-size',
    doc: 'PostgreSQL connections this node opens at most (1 to 1000; unset: twice the CPU cores, 4 to 10)',
  },
  regionId: { env: 'CLOUDSSO_REGION_ID', flag: 'region-id', default: 'cn-shanghai', doc: 'region in ARNs and Directory.Region' },
  accountId: { env: 'CLOUDSSO_ACCOUNT_ID', flag: 'account-id', default: '1234567890123456', doc: 'account ID in ARNs (16 digits)' },
  rootAccessKeyId: { env: 'CLOUDSSO_ROOT_ACCESS_KEY_ID', flag: 'root-access-key-id', doc: 'the root AccessKey ID' },
  rootAccessKeySecret: { env: 'CLOUDSSO_ROOT_ACCESS_KEY_SECRET', flag: 'root-access-key-secret', doc: 'the root AccessKey secret' },
  masterKey: { env: 'CLOUDSSO_MASTER_KEY', flag: 'master-key', doc: 'key that encrypts AccessKey secrets at rest (>= 16 chars)' },
  maxDirectories: { env: 'CLOUDSSO_MAX_DIRECTORIES', flag: 'max-directories', default: '1', doc: 'directories per account (CloudSSO: 1)' },
  userQuota: { env: 'CLOUDSSO_USER_QUOTA', flag: 'user-quota', default: '1000', doc: 'users per directory (UserQuota)' },
  groupQuota: { env: 'CLOUDSSO_GROUP_QUOTA', flag: 'group-quota', default: '500', doc: 'groups per directory (GroupQuota)' },
  accessConfigurationQuota: {
    env: 'CLOUDSSO_ACCESS_CONFIGURATION_QUOTA',
    flag: 'access-configuration-quota',
    default: '1000',
    doc: 'access configurations per directory (AccessConfigurationQuota)',
  },
  userProvisioningQuota: {
    env: 'CLOUDSSO_USER_PROVISIONING_QUOTA',
    flag: 'user-provisioning-quota',
    default: '1000',
    doc: 'RAM user provisionings per directory',
  },
  devicePollInterval: {
    env: 'CLOUDSSO_DEVICE_POLL_INTERVAL',
    flag: 'device-poll-interval',
    default: '5',
    doc: 'seconds a CLI signing in by the device flow waits between polls (the Interval it is told)',
  },
  logLevel: { env: 'CLOUDSSO_LOG_LEVEL', flag: 'log-level', default: 'info', doc: 'pino log level (fatal, error, warn, info, debug, silent)' },
  requestTimeoutMs: {
    env: 'CLOUDSSO_REQUEST_TIMEOUT_MS',
    flag: 'request-timeout-ms',
    default: String(DEFAULT_HTTP_LIMITS.requestTimeoutMs),
    doc: 'a request (head and body) must arrive within this many ms, else 408 and the connection is closed (0: no limit)',
  },
  headersTimeoutMs: {
    env: 'CLOUDSSO_HEADERS_TIMEOUT_MS',
    flag: 'headers-timeout-ms',
    default: String(DEFAULT_HTTP_LIMITS.headersTimeoutMs),
    doc: 'the request head must arrive within this many ms (at most the request timeout)',
  },
  keepAliveTimeoutMs: {
    env: 'CLOUDSSO_KEEP_ALIVE_TIMEOUT_MS',
    flag: 'keep-alive-timeout-ms',
    default: String(DEFAULT_HTTP_LIMITS.keepAliveTimeoutMs),
    doc: 'an idle kept-alive connection is closed after this many ms (keep it above a load balancer idle timeout)',
  },
  connectionTimeoutMs: {
    env: 'CLOUDSSO_CONNECTION_TIMEOUT_MS',
    flag: 'connection-timeout-ms',
    default: String(DEFAULT_HTTP_LIMITS.connectionTimeoutMs),
    doc: 'a connection with no traffic either way is closed after this many ms',
  },
  bodyLimitBytes: {
    env: 'CLOUDSSO_BODY_LIMIT_BYTES',
    flag: 'body-limit-bytes',
    default: String(DEFAULT_HTTP_LIMITS.bodyLimitBytes),
    doc: 'largest request body in bytes (413 beyond)',
  },
  maxParameters: {
    env: 'CLOUDSSO_MAX_PARAMETERS',
    flag: 'max-parameters',
    default: String(DEFAULT_HTTP_LIMITS.maxParameters),
    doc: 'most parameters in a query string or form body, refused before any other work',
  },
  authFailuresPerIp: {
    env: 'CLOUDSSO_AUTH_FAILURES_PER_IP',
    flag: 'auth-failures-per-ip',
    default: String(DEFAULT_AUTH_THROTTLE.perIp),
    doc: 'failed signatures or SCIM tokens allowed per source IP address per window, then refused (0: off)',
  },
  authFailuresPerAccessKey: {
    env: 'CLOUDSSO_AUTH_FAILURES_PER_ACCESS_KEY',
    flag: 'auth-failures-per-access-key',
    default: String(DEFAULT_AUTH_THROTTLE.perAccessKey),
    doc: 'failed signatures allowed per AccessKey ID per window, then refused (0: off)',
  },
  authFailureWindowSeconds: {
    env: 'CLOUDSSO_AUTH_FAILURE_WINDOW_SECONDS',
    flag: 'auth-failure-window-seconds',
    default: String(DEFAULT_AUTH_THROTTLE.windowSeconds),
    doc: 'the window of the two limits above, in seconds',
  },
  publicUrl: { env: 'CLOUDSSO_PUBLIC_URL', flag: 'public-url', doc: 'external base URL (https://sso.example.com) for every absolute URL the server emits' },
  trustedProxies: { env: 'CLOUDSSO_TRUSTED_PROXIES', flag: 'trusted-proxies', doc: 'comma-separated proxy addresses/CIDRs whose X-Forwarded-* headers are believed (default none)' },
  shutdownTimeout: { env: 'CLOUDSSO_SHUTDOWN_TIMEOUT', flag: 'shutdown-timeout', default: '10', doc: 'seconds SIGTERM waits for in-flight requests' },
  metricsToken: { env: 'CLOUDSSO_METRICS_TOKEN', flag: 'metrics-token', doc: 'bearer token /metrics requires (>= 16 chars; open when unset)' },
  auditRetentionDays: { env: 'CLOUDSSO_AUDIT_RETENTION_DAYS', flag: 'audit-retention-days', default: '90', doc: 'days audit events are kept (0 keeps them forever)' },
  taskLeaseSeconds: {
    env: 'CLOUDSSO_TASK_LEASE_SECONDS',
    flag: 'task-lease-seconds',
    default: '30',
    doc: 'a task whose node stopped renewing its claim this long is taken over by another node (or by this one after a restart)',
  },
  taskMaxAttempts: { env: 'CLOUDSSO_TASK_MAX_ATTEMPTS', flag: 'task-max-attempts', default: '3', doc: 'runs a task may start before it ends Failed' },
  seedFile: { env: 'CLOUDSSO_SEED_FILE', flag: 'seed-file', doc: 'a `cloudsso export` document imported (idempotently) at every start' },
  webhookAllowPrivateTargets: {
    env: 'CLOUDSSO_WEBHOOK_ALLOW_PRIVATE_TARGETS',
    flag: 'webhook-allow-private-targets',
    default: 'false',
    doc: 'true lets webhooks call loopback, private and link-local addresses (refused by default)',
  },
  webhookMaxAttempts: { env: 'CLOUDSSO_WEBHOOK_MAX_ATTEMPTS', flag: 'webhook-max-attempts', default: '8', doc: 'attempts before a webhook delivery ends Failed' },
  webhookRetryBaseMs: {
    env: 'CLOUDSSO_WEBHOOK_RETRY_BASE_MS',
    flag: 'webhook-retry-base-ms',
    default: '10000',
    doc: 'delay before the first webhook retry; each next one doubles, at most one hour',
  },
} as const satisfies Record<Exclude<keyof Config, 'http' | 'authThrottle'> | SettingName, Setting>;

type SettingName =
  | 'requestTimeoutMs'
  | 'headersTimeoutMs'
  | 'keepAliveTimeoutMs'
  | 'connectionTimeoutMs'
  | 'bodyLimitBytes'
  | 'maxParameters'
  | 'authFailuresPerIp'
  | 'authFailuresPerAccessKey'
  | 'authFailureWindowSeconds';

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Parses `--name value` and `--name=value` flags; unknown flags are an error. */
export function parseFlags(args: readonly string[]): Record<string, string> {
  const known = new Set<string>(Object.values(SETTINGS).map((s) => s.flag));
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!m) throw new ConfigError(`Unexpected argument "${arg}".`);
    const [, name = '', inline] = m;
    if (!known.has(name)) throw new ConfigError(`Unknown option --${name}.`);
    const value = inline ?? args[++i];
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
  const bool = (s: Setting): boolean => {
    const raw = get(s) ?? '';
    if (raw !== 'true' && raw !== 'false') throw new ConfigError(`${s.env} must be true or false, got "${raw}".`);
    return raw === 'true';
  };
  /** A setting with a default: set to the empty string, it is an error rather than unset. */
  const required = (s: Setting): string => {
    const v = get(s);
    if (v === undefined) throw new ConfigError(`${s.env} must not be empty.`);
    return v;
  };
  const accountId = required(SETTINGS.accountId);
  if (!/^\d{16}$/.test(accountId)) throw new ConfigError(`${SETTINGS.accountId.env} must be 16 digits, got "${accountId}".`);
  const regionId = required(SETTINGS.regionId);
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
  const publicUrl = parsePublicUrl(get(SETTINGS.publicUrl));
  const trustedProxies = parseTrustedProxies(get(SETTINGS.trustedProxies));
  const masterKey = get(SETTINGS.masterKey);
  if (masterKey !== undefined && masterKey.length < 16) throw new ConfigError(`${SETTINGS.masterKey.env} must be at least 16 characters.`);
  const metricsToken = get(SETTINGS.metricsToken);
  if (metricsToken !== undefined && (metricsToken.length < 16 || !/^[\x21-\x7e]+$/.test(metricsToken))) {
    throw new ConfigError(`${SETTINGS.metricsToken.env} must be at least 16 printable characters without spaces.`);
  }
  return {
    host: required(SETTINGS.host),
    port: int(SETTINGS.port, 0, 65535),
    dataDir: resolve(required(SETTINGS.dataDir)),
    databaseUrl,
    databasePoolSize: get(SETTINGS.databasePoolSize) === undefined ? defaultDatabasePoolSize() : int(SETTINGS.databasePoolSize, 1, 1000),
    regionId,
    accountId,
    rootAccessKeyId,
    rootAccessKeySecret,
    masterKey,
    maxDirectories: int(SETTINGS.maxDirectories, 1, 1_000_000),
    userQuota: int(SETTINGS.userQuota, 1, 10_000_000),
    groupQuota: int(SETTINGS.groupQuota, 1, 10_000_000),
    accessConfigurationQuota: int(SETTINGS.accessConfigurationQuota, 1, 1_000_000),
    userProvisioningQuota: int(SETTINGS.userProvisioningQuota, 1, 1_000_000),
    devicePollInterval: int(SETTINGS.devicePollInterval, 1, 60),
    logLevel: required(SETTINGS.logLevel),
    publicUrl,
    trustedProxies,
    shutdownTimeout: int(SETTINGS.shutdownTimeout, 0, 3600),
    http: httpLimits(int),
    authThrottle: {
      perIp: int(SETTINGS.authFailuresPerIp, 0, 1_000_000),
      perAccessKey: int(SETTINGS.authFailuresPerAccessKey, 0, 1_000_000),
      windowSeconds: int(SETTINGS.authFailureWindowSeconds, 1, 86_400),
    },
    metricsToken,
    auditRetentionDays: int(SETTINGS.auditRetentionDays, 0, 36_500),
    taskLeaseSeconds: int(SETTINGS.taskLeaseSeconds, 1, 3600),
    taskMaxAttempts: int(SETTINGS.taskMaxAttempts, 1, 100),
    seedFile: ((f) => (f === undefined ? undefined : resolve(f)))(get(SETTINGS.seedFile)),
    webhookAllowPrivateTargets: bool(SETTINGS.webhookAllowPrivateTargets),
    webhookMaxAttempts: int(SETTINGS.webhookMaxAttempts, 1, 50),
    webhookRetryBaseMs: int(SETTINGS.webhookRetryBaseMs, 100, 3_600_000),
  };
}

function httpLimits(int: (s: Setting, min: number, max: number) => number): HttpLimits {
  const requestTimeoutMs = int(SETTINGS.requestTimeoutMs, 0, 3_600_000);
  const headersTimeoutMs = int(SETTINGS.headersTimeoutMs, 1, 3_600_000);
  if (requestTimeoutMs > 0 && headersTimeoutMs > requestTimeoutMs) {
    throw new ConfigError(`${SETTINGS.headersTimeoutMs.env} (${headersTimeoutMs}) must not exceed ${SETTINGS.requestTimeoutMs.env} (${requestTimeoutMs}).`);
  }
  return {
    requestTimeoutMs,
    headersTimeoutMs,
    keepAliveTimeoutMs: int(SETTINGS.keepAliveTimeoutMs, 1, 3_600_000),
    connectionTimeoutMs: int(SETTINGS.connectionTimeoutMs, 0, 3_600_000),
    bodyLimitBytes: int(SETTINGS.bodyLimitBytes, 1024, 1024 * 1024 * 1024),
    maxParameters: int(SETTINGS.maxParameters, 100, 1_000_000),
  };
}

function parsePublicUrl(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${SETTINGS.publicUrl.env} must be a URL like https://sso.example.com, got "${raw}".`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`${SETTINGS.publicUrl.env} must be http(s)://host[:port] without a path, query or credentials, got "${raw}".`);
  }
  return url.origin;
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

function parseTrustedProxies(raw: string | undefined): string[] {
  if (raw === undefined) return [];
  const entries = raw.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const entry of entries) {
    const [addr = '', bits, extra] = entry.split('/');
    const v4 = IPV4.test(addr);
    const v6 = !v4 && addr.includes(':') && /^[0-9a-fA-F:.]+$/.test(addr);
    const max = v4 ? 32 : 128;
    const badBits = bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max);
    if ((!v4 && !v6) || badBits || extra !== undefined) {
      throw new ConfigError(`${SETTINGS.trustedProxies.env} must be a comma-separated list of IP addresses or CIDRs (10.0.0.0/8, ::1), got "${entry}".`);
    }
  }
  return entries;
}
