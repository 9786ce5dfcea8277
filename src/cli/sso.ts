import { spawn } from 'node:child_process';
import { createHash, randomBytes, randomInt } from 'node:crypto';
import { chmodSync, closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { DEVICE_GRANT_TYPE, PUBLIC_CLIENT_ID } from '../core/sign-in/device-flow.js';
import { ClientUsageError } from './target.js';

/**
 * `cloudsso sso login` and `cloudsso sso credentials` (docs/decisions/0166-sso-cli.md): the
 * device flow of the programmatic portal API as Alibaba's CLI runs it (cloudsso-access.md §6.8),
 * ending in a `CloudSSO` profile of the Alibaba CLI's ~/.aliyun/config.json that
 * @alicloud/credentials' CLI-profile provider and the `aliyun` CLI both read.
 */
export const SSO_USAGE = `usage: cloudsso sso <command> [options]

commands:
  login --portal URL [--profile NAME] [--account-id ID] [--access-configuration-id ID|NAME]
        [--region ID] [--no-browser]
      Sign in through the user portal (device flow): prints the verification URL and code, opens the
      browser when it can, waits for your approval, lets you choose the account and access
      configuration (or takes them from the flags), and writes the profile (default "default") in
      ~/.aliyun/config.json in CloudSSO mode, as "aliyun configure --mode CloudSSO" does.
  credentials [--profile NAME] [--format env|powershell|json]
      Prints STS credentials of the profile (the profile's, ALIBABA_CLOUD_PROFILE, else the current
      one) as environment-variable lines for the Alibaba credential chain.
  help  show this text

The client ID is the public one of Alibaba's CLI, or ALIBABACLOUD_SSO_CLIENT_ID / ALIBABA_CLOUD_SSO_CLIENT_ID.`;

export interface SsoIo {
  readonly out: (s: string) => void;
  readonly err: (s: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** A failure the user can act on: printed as is, exit 1. */
export class SsoError extends Error {}

const TIMEOUT_MS = 30_000;
const RELOGIN = (profile: string, url: string) => `Run cloudsso sso login --portal ${url} --profile ${profile} again.`;

export async function ssoCommand(args: readonly string[], io: SsoIo): Promise<number> {
  const [sub, ...rest] = args;
  try {
    switch (sub) {
      case 'login':
        return await login(flags(rest, ['portal', 'profile', 'account-id', 'access-configuration-id', 'region'], ['no-browser']), io);
      case 'credentials':
        return await credentials(flags(rest, ['profile', 'format'], []), io);
      case undefined:
      case 'help':
      case '--help':
        io.out(SSO_USAGE);
        return sub === undefined ? 2 : 0;
      default:
        throw new ClientUsageError(`Unknown sso command "${sub}".\n${SSO_USAGE}`);
    }
  } catch (err) {
    if (err instanceof SsoError) {
      io.err(err.message);
      return 1;
    }
    throw err;
  }
}

type Flags = Record<string, string | true>;

function flags(args: readonly string[], valued: readonly string[], bare: readonly string[]): Flags {
  const out: Flags = {};
  for (let i = 0; i < args.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(args[i] ?? '');
    const name = m?.[1] ?? '';
    if (m && bare.includes(name) && m[2] === undefined) {
      out[name] = true;
      continue;
    }
    if (!m || !valued.includes(name)) throw new ClientUsageError(`Unknown option "${args[i]}".\n${SSO_USAGE}`);
    const value = m[2] ?? args[++i];
    if (value === undefined || value === '') throw new ClientUsageError(`Option --${name} needs a value.`);
    out[name] = value;
  }
  return out;
}

const str = (f: Flags, name: string): string | undefined => (typeof f[name] === 'string' ? (f[name] as string) : undefined);

// --- the portal API -------------------------------------------------------------------------

interface PortalError {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

class PortalApiError extends Error {
  constructor(readonly e: PortalError) {
    super(`${e.code}: ${e.message}`);
  }
}

/** The sign-in URL's origin: the API lives at the root of the portal host, whatever the URL's path. */
function portalOrigin(portal: string): string {
  let url: URL;
  try {
    url = new URL(portal);
  } catch {
    throw new ClientUsageError(`--portal "${portal}" is not a URL (e.g. https://sso.example.com/portal/my-directory).`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new ClientUsageError(`--portal must be an http(s) URL, not ${url.protocol}.`);
  return url.origin;
}

async function portalCall(origin: string, method: 'GET' | 'POST', path: string, opts: { body?: unknown; token?: string } = {}): Promise<Record<string, unknown>> {
  let res: Response;
  try {
    res = await fetch(`${origin}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        'user-agent': 'cloudsso-cli',
        ...(opts.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    throw new SsoError(`Cannot reach the portal at ${origin} (${cause?.code ?? cause?.message ?? (err as Error).message}).`);
  }
  const text = await res.text();
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const obj = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : undefined;
  if (!res.ok) {
    const code = typeof obj?.ErrorCode === 'string' ? obj.ErrorCode : `HTTP${res.status}`;
    const message = typeof obj?.ErrorMessage === 'string' ? obj.ErrorMessage : `The portal answered ${res.status} to ${method} ${path}.`;
    throw new PortalApiError({ status: res.status, code, message });
  }
  if (!obj) throw new SsoError(`The portal at ${origin} answered ${method} ${path} with something that is not a JSON object; is --portal the sign-in URL of a CloudSSO user portal?`);
  return obj;
}

/** As Alibaba's CLI makes it: 16 alphanumerics and a 32-hex MD5, 48 characters; the challenge is S256. */
function pkce(): { verifier: string; challenge: string } {
  const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const head = Array.from({ length: 16 }, () => alnum[randomInt(alnum.length)]).join('');
  const verifier = head + createHash('md5').update(randomBytes(16)).digest('hex');
  return { verifier, challenge: createHash('sha256').update(verifier, 'ascii').digest('base64url') };
}

function clientId(env: SsoIo['env']): string {
  return env.ALIBABACLOUD_SSO_CLIENT_ID || env.ALIBABA_CLOUD_SSO_CLIENT_ID || PUBLIC_CLIENT_ID;
}

/** Opens the URL in the desktop's browser when there is an opener; failures are silent (the URL is printed anyway). */
function openBrowser(url: string): void {
  const [cmd, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]] : ['xdg-open', [url]];
  try {
    const child = spawn(cmd, args as string[], { stdio: 'ignore', detached: true });
    child.on('error', () => undefined);
    child.unref();
  } catch {
    // No opener: the URL and code are on the terminal.
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function pagesOf(origin: string, path: string, token: string, key: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let next: string | undefined;
  for (let page = 0; page < 1000; page++) {
    const sep = path.includes('?') ? '&' : '?';
    const r = await portalCall(origin, 'GET', `${path}${sep}MaxResults=100${next ? `&NextToken=${encodeURIComponent(next)}` : ''}`, { token });
    const list = r[key];
    if (Array.isArray(list)) items.push(...(list as Record<string, unknown>[]));
    if (r.IsTruncated !== true || typeof r.NextToken !== 'string' || r.NextToken === '') return items;
    next = r.NextToken;
  }
  return items;
}

interface Choice {
  readonly id: string;
  readonly label: string;
  readonly name?: string;
}

/** The one given (by ID, or name), the only one, or the user's pick on a terminal. */
async function choose(what: string, flag: string, given: string | undefined, choices: readonly Choice[], io: SsoIo): Promise<Choice> {
  if (choices.length === 0) throw new SsoError(`No ${what} is assigned to you. Ask your administrator for an access assignment.`);
  const list = choices.map((c, i) => `  ${i + 1}. ${c.label}`).join('\n');
  if (given !== undefined) {
    const c = choices.find((x) => x.id === given) ?? choices.find((x) => x.name !== undefined && x.name === given);
    if (!c) throw new SsoError(`${flag} ${given} is not one of the ${what}s assigned to you:\n${list}`);
    return c;
  }
  const [only] = choices;
  if (choices.length === 1 && only) return only;
  if (!process.stdin.isTTY) throw new SsoError(`More than one ${what} is assigned to you; choose one with ${flag}:\n${list}`);
  io.out(`Choose the ${what}:\n${list}`);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    for (;;) {
      const answer = (await rl.question(`${what} [1-${choices.length}]: `)).trim();
      const n = Number(answer);
      const picked = Number.isInteger(n) ? choices[n - 1] : undefined;
      if (n >= 1 && picked) return picked;
      io.out(`Type a number from 1 to ${choices.length}.`);
    }
  } finally {
    rl.close();
  }
}

// --- the Alibaba CLI's configuration file ---------------------------------------------------

/** Where @alicloud/credentials' CLI-profile provider reads it (2.4.7: os.homedir(), no override). */
export function aliyunConfigPath(): string {
  return join(homedir(), '.aliyun', 'config.json');
}

interface AliyunConfig {
  current?: string;
  profiles: Record<string, unknown>[];
  meta_path?: string;
  [k: string]: unknown;
}

function readConfig(path: string, mustExist: boolean): AliyunConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !mustExist) return { current: '', profiles: [], meta_path: '' };
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new SsoError(`There is no ${path} yet. Run cloudsso sso login --portal URL first.`);
    throw new SsoError(`Cannot read ${path}: ${(err as Error).message}`);
  }
  let conf: unknown;
  try {
    conf = JSON.parse(text);
  } catch {
    throw new SsoError(`${path} is not valid JSON; fix or move it first (it is left as it is).`);
  }
  if (conf === null || typeof conf !== 'object' || Array.isArray(conf)) throw new SsoError(`${path} is not a JSON object; fix or move it first (it is left as it is).`);
  const c = conf as AliyunConfig;
  if (c.profiles === undefined || c.profiles === null) c.profiles = [];
  if (!Array.isArray(c.profiles)) throw new SsoError(`"profiles" in ${path} is not a list; fix or move it first (it is left as it is).`);
  return c;
}

/** Replaces the file in one rename: a reader sees the old or the new file, never half of one. Mode 0600. */
function writeConfig(path: string, conf: AliyunConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(conf, null, 4)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    chmodSync(tmp, 0o600);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw new SsoError(`Cannot write ${path}: ${(err as Error).message}`);
  }
}

interface StsCredential {
  readonly AccessKeyId: string;
  readonly AccessKeySecret: string;
  readonly SecurityToken: string;
  readonly Expiration: string;
}

function credentialOf(r: Record<string, unknown>, origin: string): StsCredential {
  const c = r.CloudCredential as Record<string, unknown> | undefined;
  if (!c || typeof c.AccessKeyId !== 'string' || typeof c.AccessKeySecret !== 'string' || typeof c.SecurityToken !== 'string' || typeof c.Expiration !== 'string') {
    throw new SsoError(`The portal at ${origin} answered /cloud-credentials without a CloudCredential.`);
  }
  return c as unknown as StsCredential;
}

/** The fields Alibaba's CLI keeps for a CloudSSO profile's cached STS credential (sts_expiration: Expiration − 5 s, in seconds). */
const stsFields = (c: StsCredential) => ({
  access_key_id: c.AccessKeyId,
  access_key_secret: c.AccessKeySecret,
  sts_token: c.SecurityToken,
  sts_expiration: Math.floor(Date.parse(c.Expiration) / 1000) - 5,
});

// --- login ----------------------------------------------------------------------------------

async function login(f: Flags, io: SsoIo): Promise<number> {
  const portal = str(f, 'portal');
  if (!portal) throw new ClientUsageError(`cloudsso sso login needs --portal URL (the user portal's sign-in URL).\n${SSO_USAGE}`);
  const origin = portalOrigin(portal);
  const profileName = str(f, 'profile') ?? 'default';
  const path = aliyunConfigPath();
  // Refuse a broken file before the user goes through the browser.
  readConfig(path, false);

  const client = clientId(io.env);
  const { verifier, challenge } = pkce();
  const started = await portalCall(origin, 'POST', '/device-authorization', {
    body: { PortalUrl: portal, ClientId: client, CodeChallenge: challenge, CodeChallengeMethod: 'S256' },
  }).catch(apiFailure('start the sign-in'));
  const { DeviceCode, UserCode, VerificationUri, VerificationUriComplete } = started;
  if (typeof DeviceCode !== 'string' || typeof UserCode !== 'string' || typeof VerificationUri !== 'string') {
    throw new SsoError(`The portal at ${origin} did not start a device authorization; is --portal the sign-in URL of a CloudSSO user portal?`);
  }
  const interval = Math.min(60, Math.max(1, Number.isInteger(started.Interval) ? (started.Interval as number) : 5));
  const lifetime = Math.min(1800, Math.max(60, Number.isInteger(started.ExpiresIn) ? (started.ExpiresIn as number) : 600));
  const complete = typeof VerificationUriComplete === 'string' ? VerificationUriComplete : VerificationUri;

  io.out(`To sign in, open ${VerificationUri} in a browser signed in to your user portal and approve the code ${UserCode}`);
  io.out(`(or open ${complete}).`);
  if (f['no-browser'] !== true) openBrowser(complete);
  io.out('Waiting for your approval...');

  const deadline = Date.now() + lifetime * 1000;
  let token: { AccessToken: string; ExpiresIn: number } | undefined;
  while (!token) {
    await sleep(interval * 1000);
    if (Date.now() > deadline) throw new SsoError(`The code ${UserCode} was not approved within ${lifetime} seconds. Run cloudsso sso login again.`);
    try {
      const r = await portalCall(origin, 'POST', '/token', { body: { ClientId: client, DeviceCode, CodeVerifier: verifier, GrantType: DEVICE_GRANT_TYPE } });
      if (typeof r.AccessToken !== 'string' || typeof r.ExpiresIn !== 'number') throw new SsoError(`The portal at ${origin} answered /token without an AccessToken.`);
      token = { AccessToken: r.AccessToken, ExpiresIn: r.ExpiresIn };
    } catch (err) {
      if (err instanceof PortalApiError && err.e.code === 'AuthorizationPending') continue;
      if (err instanceof PortalApiError && err.e.code === 'InvalidDeviceCodeError') throw new SsoError(`The code ${UserCode} expired before it was approved. Run cloudsso sso login again.`);
      if (err instanceof PortalApiError && err.e.code === 'AccessDenied') throw new SsoError(`The sign-in was denied (${err.e.message}).`);
      throw apiFailure('finish the sign-in')(err);
    }
  }
  const at = token.AccessToken;
  // As the Go CLI: the expiry less 10 seconds, in Unix seconds.
  const tokenExpire = Math.floor(Date.now() / 1000) + token.ExpiresIn - 10;
  io.out('Approved.');

  const accounts = (await pagesOf(origin, '/access-assignments/accounts', at, 'Accounts').catch(apiFailure('list your accounts'))).map((a) => ({
    id: String(a.AccountId),
    label: `${String(a.DisplayName ?? '')} (${String(a.AccountId)})`,
  }));
  const account = await choose('account', '--account-id', str(f, 'account-id'), accounts, io);
  const configs = (
    await pagesOf(origin, `/access-assignments/access-configurations?AccountId=${encodeURIComponent(account.id)}`, at, 'AccessConfigurationsForAccount').catch(
      apiFailure('list your access configurations'),
    )
  ).map((c) => ({ id: String(c.AccessConfigurationId), name: String(c.AccessConfigurationName), label: `${String(c.AccessConfigurationName)} (${String(c.AccessConfigurationId)})` }));
  const config = await choose('access configuration', '--access-configuration-id', str(f, 'access-configuration-id'), configs, io);

  // Credentials once now, as Alibaba's CLI does: proves the choice works and caches them in the profile.
  const cred = credentialOf(
    await portalCall(origin, 'POST', '/cloud-credentials', { token: at, body: { AccountId: account.id, AccessConfigurationId: config.id } }).catch(
      apiFailure('get credentials'),
    ),
    origin,
  );

  const conf = readConfig(path, false);
  const i = conf.profiles.findIndex((p) => p !== null && typeof p === 'object' && (p as { name?: unknown }).name === profileName);
  const old = conf.profiles[i] ?? {};
  const profile = {
    ...old,
    name: profileName,
    mode: 'CloudSSO',
    region_id: str(f, 'region') ?? (typeof old.region_id === 'string' && old.region_id ? old.region_id : 'cn-hangzhou'),
    output_format: typeof old.output_format === 'string' && old.output_format ? old.output_format : 'json',
    language: typeof old.language === 'string' && old.language ? old.language : 'en',
    cloud_sso_sign_in_url: portal,
    access_token: at,
    cloud_sso_access_token_expire: tokenExpire,
    cloud_sso_account_id: account.id,
    cloud_sso_access_config: config.id,
    ...stsFields(cred),
  };
  if (i >= 0) conf.profiles[i] = profile;
  else conf.profiles.push(profile);
  conf.current = profileName;
  if (conf.meta_path === undefined) conf.meta_path = '';
  writeConfig(path, conf);
  io.out(`Profile "${profileName}" written to ${path} (mode 0600): account ${account.label}, access configuration ${config.label}.`);
  io.out(`Its portal access token is valid until ${new Date(tokenExpire * 1000).toISOString()}; then run cloudsso sso login again.`);
  io.out(`Use it with ALIBABA_CLOUD_PROFILE=${profileName} (@alicloud/credentials, aliyun --profile ${profileName}) or: cloudsso sso credentials --profile ${profileName}`);
  return 0;
}

function apiFailure(doing: string): (err: unknown) => never {
  return (err: unknown) => {
    if (err instanceof PortalApiError) {
      if (err.e.code === 'InvalidToken') throw new SsoError(`Could not ${doing}: the portal access token is not valid or has expired (${err.e.message}). Run cloudsso sso login again.`);
      throw new SsoError(`Could not ${doing}: ${err.e.code}: ${err.e.message}`);
    }
    throw err;
  };
}

// --- credentials ----------------------------------------------------------------------------

async function credentials(f: Flags, io: SsoIo): Promise<number> {
  const format = str(f, 'format') ?? 'env';
  if (!['env', 'powershell', 'json'].includes(format)) throw new ClientUsageError(`--format must be env, powershell or json, not "${format}".`);
  const path = aliyunConfigPath();
  const conf = readConfig(path, true);
  const name = str(f, 'profile') ?? (io.env.ALIBABA_CLOUD_PROFILE || undefined) ?? (typeof conf.current === 'string' && conf.current ? conf.current : 'default');
  const i = conf.profiles.findIndex((p) => p !== null && typeof p === 'object' && (p as { name?: unknown }).name === name);
  const p = conf.profiles[i];
  if (!p) throw new SsoError(`There is no profile "${name}" in ${path}. Run cloudsso sso login --portal URL --profile ${name} first.`);
  if (p.mode !== 'CloudSSO') throw new SsoError(`Profile "${name}" in ${path} is in ${String(p.mode)} mode, not CloudSSO. Run cloudsso sso login --portal URL --profile ${name} to make it one.`);
  const url = typeof p.cloud_sso_sign_in_url === 'string' ? p.cloud_sso_sign_in_url : '';
  if (!url || typeof p.access_token !== 'string' || typeof p.cloud_sso_account_id !== 'string' || typeof p.cloud_sso_access_config !== 'string') {
    throw new SsoError(`Profile "${name}" in ${path} lacks the CloudSSO sign-in URL, token, account or access configuration. ${RELOGIN(name, url || 'URL')}`);
  }
  const nowS = Math.floor(Date.now() / 1000);
  let cred: StsCredential;
  const cached = typeof p.sts_expiration === 'number' && p.sts_expiration > nowS + 60 && typeof p.access_key_id === 'string' && typeof p.access_key_secret === 'string' && typeof p.sts_token === 'string';
  if (cached) {
    cred = {
      AccessKeyId: p.access_key_id as string,
      AccessKeySecret: p.access_key_secret as string,
      SecurityToken: p.sts_token as string,
      Expiration: new Date(((p.sts_expiration as number) + 5) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
  } else {
    const expire = typeof p.cloud_sso_access_token_expire === 'number' ? p.cloud_sso_access_token_expire : 0;
    if (expire <= nowS) {
      throw new SsoError(`The CloudSSO access token of profile "${name}" expired at ${new Date(expire * 1000).toISOString()}. ${RELOGIN(name, url)}`);
    }
    const origin = portalOrigin(url);
    const r = await portalCall(origin, 'POST', '/cloud-credentials', {
      token: p.access_token,
      body: { AccountId: p.cloud_sso_account_id, AccessConfigurationId: p.cloud_sso_access_config },
    }).catch((err: unknown) => {
      if (err instanceof PortalApiError && err.e.code === 'InvalidToken') {
        throw new SsoError(`The CloudSSO access token of profile "${name}" is no longer valid (${err.e.message}). ${RELOGIN(name, url)}`);
      }
      return apiFailure('get credentials')(err);
    });
    cred = credentialOf(r, origin);
    conf.profiles[i] = { ...p, ...stsFields(cred) };
    writeConfig(path, conf);
  }
  if (format === 'json') io.out(JSON.stringify(cred, null, 2));
  else {
    const vars: [string, string][] = [
      ['ALIBABA_CLOUD_ACCESS_KEY_ID', cred.AccessKeyId],
      ['ALIBABA_CLOUD_ACCESS_KEY_SECRET', cred.AccessKeySecret],
      ['ALIBABA_CLOUD_SECURITY_TOKEN', cred.SecurityToken],
    ];
    for (const [k, v] of vars) io.out(format === 'powershell' ? `$Env:${k}="${v}"` : `export ${k}=${v}`);
    io.err(`# expires ${cred.Expiration}`);
  }
  return 0;
}
