/**
 * SCIM benchmark (issue 3, "Scale"): a directory with BENCH_USERS users (default 1,000,000) and a
 * group with BENCH_MEMBERS members (default 100,000), next to an empty directory, on SQLite and on
 * PostgreSQL, with a bare node:http server's requests/s measured in the same run as the ceiling.
 *
 *   npm run bench                                   # full size (a few minutes of seeding)
 *   BENCH_USERS=50000 BENCH_MEMBERS=10000 BENCH_DURATION=3 npm run bench   # quick
 *
 * The server measured is the built one (`bin/cloudsso.js serve`, from `dist/`): `npm run bench`
 * builds first; run `npm run build` before starting this file any other way.
 *
 * Environment: BENCH_USERS, BENCH_MEMBERS, BENCH_PATCH_REQUESTS (distinct members added by the
 * group PATCH scenario, and users updated by the user PATCH scenario, default 20,000),
 * BENCH_POST_REQUESTS (users created by the POST scenario, default 10,000), BENCH_DURATION
 * (seconds per GET scenario, default 10),
 * BENCH_SIGNED_REQUESTS (signed management calls per closed-loop scenario, default 20,000),
 * BENCH_OPEN_RATE (requests/s offered, evenly spaced, by the open-loop signed scenario, default 500),
 * BENCH_OPEN_TRACE (a file: every open-loop request is appended to it as a tab-separated line of
 * the server, the ms after the first request it was due, its latency and how late it was sent),
 * BENCH_CONNECTIONS (default 16), BENCH_DIALECTS (default "sqlite,postgres"), BENCH_PG_URL (a
 * PostgreSQL server whose user may CREATE DATABASE; default: a throwaway cluster started with
 * scripts/pg-throwaway.sh), BENCH_ONLY (a regular expression: run only the scenarios whose request
 * matches it), BENCH_PG_FSYNC (on: the throwaway PostgreSQL keeps its durable defaults instead of
 * running with fsync off; ignored with BENCH_PG_URL), BENCH_PROFILE_DIR (write a V8 CPU profile of each server process there, to open in
 * Chrome's DevTools), BENCH_SERVER_FLAGS (Node.js options for our server's process alone, space-separated),
 * BENCH_PATCH_DISPLAY=1 (the group PATCH sends each member with a `display`, as Okta does), BENCH_PEERS=1 (issue 16: after our stores, the same filter, GET-by-id and
 * POST scenarios against two peer SCIM servers in memory, bench/peers/: scimmy 1.3.5 + express 4,
 * and better-auth 1.7.5's SCIM plugin, each beside a bare-server ceiling of the same run),
 * BENCH_PEER_USERS (users seeded in each peer, default 10,000; better-auth is seeded through its
 * own POST at tens of milliseconds a user).
 * BENCH_WORK_CURVE (default "10,25,50,100,200"; empty: not measured): the machine's curve, measured
 * once before the stores: the bare server busy for each of these many µs of CPU before every
 * answer (bare-server.ts). Its table shows what share of the bare server a server doing that much
 * work of its own can reach on this machine, and each row of ours gets its "bare-equivalent work":
 * the work at which the bare server would answer at our rate (interpolated on the curve).
 *
 * The load generator is autocannon (HdrHistogram latencies, keep-alive connections), run in this
 * process; each server runs in a child process of its own. Signed calls are signed before a
 * scenario starts (each has its own nonce, so none is replayed), and the generator's own CPU time
 * is reported beside each figure: a generator near a whole core is the ceiling, not the server.
 * So is the server process's own CPU time per request (from /proc, Linux only), with the bare
 * server's as a ratio: on a machine shared with other work, requests/s swing with the load while
 * CPU time per request barely moves. On PostgreSQL it leaves out the database's own processes.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createDirectory, setScimSynchronization } from '../src/core/directories.js';
import { createGroup } from '../src/core/groups.js';
import { SYSTEM } from '../src/core/provenance.js';
import { createRamAccessKey } from '../src/core/ram/access-keys.js';
import { inAccount } from '../src/core/ram/common.js';
import { attachPolicy } from '../src/core/ram/policies.js';
import { createRamRole } from '../src/core/ram/roles.js';
import { createRamUser } from '../src/core/ram/users.js';
import { createSCIMServerCredential } from '../src/core/scim-credentials.js';
import { mintRoleSession } from '../src/core/sts.js';
import { CLOUDSSO } from '../src/products/cloudsso/index.js';
import { signAcs3 } from '../src/rpc/signature/sign.js';
import { openRuntime } from '../src/runtime.js';
import { openLoop, type OpenLoopRequest } from './open-loop.js';
import { seedMembers, seedUsers, userId, userName } from './seed.js';
import { type CurvePoint, equivalentWork } from './work-curve.js';

const require = createRequire(import.meta.url);
const autocannon = require('autocannon') as (opts: Record<string, unknown>) => Promise<AutocannonResult> & {
  on(event: 'response', listener: () => void): void;
};

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}

const int = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number.parseInt(v.replace(/_/g, ''), 10);
};
const USERS = int('BENCH_USERS', 1_000_000);
const MEMBERS = int('BENCH_MEMBERS', 100_000);
const PATCHES = int('BENCH_PATCH_REQUESTS', 20_000);
const POSTS = int('BENCH_POST_REQUESTS', 10_000);
const DURATION = int('BENCH_DURATION', 10);
const CONNECTIONS = int('BENCH_CONNECTIONS', 16);
const SIGNED = int('BENCH_SIGNED_REQUESTS', 20_000);
const OPEN_RATE = int('BENCH_OPEN_RATE', 500);
const OPEN_TRACE = process.env['BENCH_OPEN_TRACE'];
const DIALECTS = (process.env['BENCH_DIALECTS'] ?? 'sqlite,postgres').split(',').map((d) => d.trim()) as Array<'sqlite' | 'postgres'>;
const ONLY = process.env['BENCH_ONLY'] ? new RegExp(process.env['BENCH_ONLY'], 'i') : undefined;
const PROFILE_DIR = process.env['BENCH_PROFILE_DIR'];
/** BENCH_SERVER_FLAGS: Node.js options for our server's process only (not the generator's), e.g. `--max-semi-space-size=32`. */
const SERVER_FLAGS = (process.env['BENCH_SERVER_FLAGS'] ?? '').split(' ').filter((f) => f !== '');
/** BENCH_PATCH_DISPLAY=1: the group PATCH sends each member with a `display`, as Okta does. */
const PATCH_DISPLAY = process.env['BENCH_PATCH_DISPLAY'] === '1';
/** BENCH_PG_FSYNC=on: the throwaway cluster keeps PostgreSQL's durable defaults (fsync, synchronous_commit). */
const PG_FSYNC = process.env['BENCH_PG_FSYNC'] === 'on';
const PEERS = process.env['BENCH_PEERS'] === '1';
const PEER_USERS = int('BENCH_PEER_USERS', 10_000);
const WORK_CURVE = (process.env['BENCH_WORK_CURVE'] ?? '10,25,50,100,200')
  .split(',')
  .map((w) => w.trim())
  .filter((w) => w !== '')
  .map(Number);
const ROOT = resolve(import.meta.dirname, '..');

if (WORK_CURVE.some((w) => !(w > 0))) throw new Error(`BENCH_WORK_CURVE (${process.env['BENCH_WORK_CURVE']}) must list microseconds above 0, comma-separated.`);
if (PEERS && !(PEER_USERS >= 1)) throw new Error(`BENCH_PEER_USERS (${process.env['BENCH_PEER_USERS']}) must be a whole number of at least 1.`);
if (USERS < MEMBERS + PATCHES) throw new Error(`BENCH_USERS (${USERS}) must be at least BENCH_MEMBERS + BENCH_PATCH_REQUESTS (${MEMBERS + PATCHES}).`);

interface Target {
  readonly label: string;
  readonly users: number;
  readonly members: number;
  readonly env: Record<string, string>;
  token: string;
  groupId: string;
  directoryId: string;
  /** A second SCIM credential, for the signed write scenario to switch on and off. */
  spareCredentialId: string;
  /** The AccessKey of a RAM user allowed CloudSSO's reads, as a tool would call with. */
  ramKey: SigningKey;
  /** STS credentials of a role that may read CloudSSO, as an access configuration's role session has them. */
  stsKey: SigningKey;
}

interface Row {
  store: string;
  directory: string;
  request: string;
  rps: number;
  p50: number;
  p99: number;
  ceiling: Ceiling;
  failures: number;
  /** The load generator's CPU time over the scenario's wall time (1 = one whole core). */
  generatorCpu: number;
  /** The server's CPU time per request (µs). */
  serverCpuUs: number | undefined;
  /** The server process's peak resident memory, from its start to the end of this row (MiB). */
  serverPeakMiB: number | undefined;
  /** Open loop: the generator's lateness in sending (ms, p99); its p99 is compared with the bare server's. */
  sendLagP99?: number;
}

function baseEnv(dataDir: string, databaseUrl?: string): Record<string, string> {
  return {
    CLOUDSSO_HOST: '127.0.0.1',
    CLOUDSSO_PORT: '0',
    CLOUDSSO_DATA_DIR: dataDir,
    CLOUDSSO_LOG_LEVEL: 'silent',
    CLOUDSSO_MASTER_KEY: randomBytes(24).toString('base64url'),
    CLOUDSSO_ROOT_ACCESS_KEY_ID: `LTAI${randomBytes(10).toString('hex')}`,
    CLOUDSSO_ROOT_ACCESS_KEY_SECRET: randomBytes(15).toString('hex'),
    CLOUDSSO_USER_QUOTA: '10000000',
    CLOUDSSO_GROUP_QUOTA: '100000',
    ...(databaseUrl ? { CLOUDSSO_DATABASE_URL: databaseUrl } : {}),
  };
}

/** Directory, SCIM credential and group through the core; users and members in bulk. */
async function prepare(t: Target): Promise<void> {
  const started = Date.now();
  process.stderr.write(`seeding ${t.label}: ${t.users.toLocaleString('en')} users, a group of ${t.members.toLocaleString('en')}\n`);
  const runtime = await openRuntime(loadConfig(t.env));
  try {
    const core = runtime.core;
    const d = await createDirectory(core, { name: 'bench' });
    await setScimSynchronization(core, d.id, true);
    t.token = (await createSCIMServerCredential(core, d.id)).secret;
    const g = await createGroup(core, d.id, { name: 'Bench Group' }, { via: 'scim', actor: { type: 'system', id: 'bench' } });
    t.groupId = g.id;
    t.directoryId = d.id;
    t.spareCredentialId = (await createSCIMServerCredential(core, d.id)).credential.id;
    const account = inAccount(core, core.settings.accountId);
    await createRamUser(account, { name: 'bench-reader' }, SYSTEM);
    await attachPolicy(account, 'System', 'AliyunCloudSSOReadOnlyAccess', { type: 'user', name: 'bench-reader' }, SYSTEM);
    const { key, secret } = await createRamAccessKey(account, 'bench-reader', SYSTEM);
    t.ramKey = { id: key.id, secret };
    const role = await createRamRole(
      account,
      {
        name: 'bench-role',
        trustPolicy: JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${core.settings.accountId}:root`] } }] }),
      },
      SYSTEM,
    );
    await attachPolicy(account, 'System', 'AliyunCloudSSOReadOnlyAccess', { type: 'role', name: 'bench-role' }, SYSTEM);
    const session = await mintRoleSession(core, role, { sessionName: 'bench', durationSeconds: role.maxSessionDuration, policy: null, caller: 'bench' }, SYSTEM, 'sts:AssumeRole');
    t.stsKey = { id: session.credential.id, secret: session.secret, token: session.securityToken };
    await seedUsers(runtime.db.db, d.id, t.users);
    await seedMembers(runtime.db.db, d.id, g.id, t.members);
    // Planner statistics, as a production database would have them.
    await sql`analyze`.execute(runtime.db.db);
  } finally {
    await runtime.close();
  }
  process.stderr.write(`  seeded in ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

/** A helper process of the bench (TypeScript, through tsx): the bare server or a peer; it prints `READY <url>`. */
const startChild = (script: string, env: Record<string, string>) =>
  spawnChild(script, ['--import', 'tsx', resolve(ROOT, script)], env, /^READY (\S+)/);

/**
 * Our server as `npm start` runs it: the compiled CLI (`dist/`, which `npm run bench` builds
 * first), not the TypeScript sources through a loader, whose transform adds work to every call
 * (esbuild's `keepNames` names each function when it is created).
 */
const startOurServer = (env: Record<string, string>) =>
  spawnChild('cloudsso serve', [...SERVER_FLAGS, ...(PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${resolve(PROFILE_DIR)}`] : []), resolve(ROOT, 'bin/cloudsso.js'), 'serve'], env, /listening on (http\S+)/);

/**
 * The servers this run has started and not yet seen exit. Should the run itself die before its
 * `finally` blocks (an exception thrown from a timer ends the process at once), they are sent
 * SIGTERM on the way out: left running, they would hold the output pipe of `npm run bench | …`
 * open and keep their ports and databases.
 */
const children = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of children) child.kill('SIGTERM');
});

async function spawnChild(what: string, args: string[], env: Record<string, string>, ready: RegExp): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((ok, fail) => {
    child.once('exit', (code) => fail(new Error(`${what} exited with ${code}`)));
    lines.on('line', (line) => {
      const m = ready.exec(line);
      if (m) ok(m[1]!);
    });
  });
  return { child, url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  await new Promise<void>((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
}

/**
 * Runs autocannon and times it from the start to the last response: autocannon ends a run with a
 * fixed `amount` only on its next one-second tick, so its own duration (and wall time around it)
 * would round every write scenario up to whole seconds.
 */
async function load(opts: Record<string, unknown>): Promise<Measured> {
  const t0 = performance.now();
  const cpuOf = cpuAccount();
  let last = t0;
  const run = autocannon({ connections: CONNECTIONS, ...opts });
  run.on('response', () => {
    last = performance.now();
  });
  const r = await run;
  const seconds = (last - t0) / 1000;
  return { ...r, seconds, ...cpuOf(r.requests.total, seconds) };
}

/**
 * Starts counting the load generator's CPU time (this process) and the server's (`serverPid`);
 * the returned function gives, for a run of `requests` in `seconds`, the generator's share of a
 * core and the server's CPU µs per request.
 */
function cpuAccount(): (requests: number, seconds: number) => { generatorCpu: number; serverCpuUs: number | undefined; serverPeakMiB: number | undefined } {
  const cpu0 = process.cpuUsage();
  const server0 = serverPid === undefined ? undefined : cpuSeconds(serverPid);
  return (requests, seconds) => {
    const cpu = process.cpuUsage(cpu0);
    const server1 = serverPid === undefined ? undefined : cpuSeconds(serverPid);
    const serverCpuUs = server0 === undefined || server1 === undefined || requests === 0 ? undefined : ((server1 - server0) * 1e6) / requests;
    const serverPeakMiB = serverPid === undefined ? undefined : peakResidentMiB(serverPid);
    return { generatorCpu: (cpu.user + cpu.system) / 1e6 / Math.max(seconds, 1e-3), serverCpuUs, serverPeakMiB };
  };
}

type Measured = AutocannonResult & { seconds: number; generatorCpu: number; serverCpuUs: number | undefined; serverPeakMiB: number | undefined };

/** What a row needs of a run: autocannon's result, or the open-loop generator's (open-loop.ts). */
interface Outcome {
  readonly requests: { readonly total: number };
  readonly latency: { readonly p50: number; readonly p99: number };
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly seconds: number;
  readonly generatorCpu: number;
  readonly serverCpuUs: number | undefined;
  /** The server process's peak resident memory so far (MiB). */
  readonly serverPeakMiB: number | undefined;
  /** Open loop: the generator's own lateness in sending (ms, p99). */
  readonly sendLagP99?: number;
}

/**
 * BENCH_OPEN_RATE requests a second for DURATION seconds, evenly spaced (open-loop.ts), with the
 * same CPU accounting as `load`.
 */
async function evenLoad(base: string, requestAt: (i: number) => OpenLoopRequest, label: string): Promise<Outcome> {
  const cpuOf = cpuAccount();
  const r = await openLoop(base, OPEN_RATE, DURATION, requestAt, CONNECTIONS);
  if (OPEN_TRACE) appendFileSync(OPEN_TRACE, r.requests.map(([due, latency, lag]) => `${label}\t${due.toFixed(1)}\t${latency.toFixed(2)}\t${lag.toFixed(2)}\n`).join(''), { mode: 0o600 });
  return {
    requests: { total: r.answered },
    latency: r.latency,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: 0,
    seconds: r.seconds,
    ...cpuOf(r.answered, r.seconds),
    sendLagP99: r.sendLagP99,
  };
}

/** The server process under load, whose CPU time `load` reads. */
let serverPid: number | undefined;

/**
 * A process's CPU time (user + system) in seconds, from /proc (Linux; undefined elsewhere). CPU
 * time per request does not depend on what else the machine is doing as much as requests/s does.
 */
function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
/**
 * A process's peak resident memory since it started (VmHWM, from /proc; Linux only), in MiB: the
 * memory goal of issue 16 (under 300 MB at 1,000,000 users) read from the server under load.
 */
function peakResidentMiB(pid: number): number | undefined {
  try {
    const m = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;

/**
 * `count` management calls signed in advance with `key`, the root key unless given
 * (ACS3-HMAC-SHA256, each with its own nonce), handed out one a request: signing stays out of the
 * measured time.
 */
/** An AccessKey pair, or STS credentials with their SecurityToken. */
interface SigningKey {
  readonly id: string;
  readonly secret: string;
  readonly token?: string;
}

function presigned(
  url: string,
  env: Record<string, string>,
  count: number,
  action: string,
  params: (n: number) => Record<string, string>,
  key: SigningKey = { id: env['CLOUDSSO_ROOT_ACCESS_KEY_ID']!, secret: env['CLOUDSSO_ROOT_ACCESS_KEY_SECRET']! },
) {
  const signed = Array.from({ length: count }, (_, n) =>
    signAcs3({
      endpoint: url,
      action,
      version: CLOUDSSO.version,
      params: params(n),
      accessKeyId: key.id,
      accessKeySecret: key.secret,
      ...(key.token !== undefined ? { securityToken: key.token } : {}),
    }),
  );
  // The path and query of each call, parsed here rather than by the generator while it measures.
  const calls: OpenLoopRequest[] = signed.map((call) => {
    const parsed = new URL(call.url);
    return { method: 'POST', path: parsed.pathname + parsed.search, headers: call.headers };
  });
  let next = 0;
  return {
    calls,
    url: signed[0]!.url,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => {
          const call = calls[next++ % calls.length]!;
          return { ...req, path: call.path, headers: call.headers };
        },
      },
    ],
  };
}

async function measure(url: string, opts: Record<string, unknown>): Promise<Measured> {
  await load({ url, ...opts, duration: 1 }); // warm-up: JIT, connection pools, page cache
  return load({ url, duration: DURATION, ...opts });
}

interface Ceiling {
  readonly rps: number;
  /** The bare server's CPU time per request (µs). */
  readonly cpuUs: number | undefined;
  /** The bare server's latency at BENCH_OPEN_RATE, evenly spaced (ms): the floor of the open-loop row. */
  readonly openLoop: { readonly p50: number; readonly p99: number };
}

/**
 * The machine's curve (BENCH_WORK_CURVE): the bare server as it is, then busy for each amount of
 * work before every answer. On this kind of machine the kernel's and node:http's share of a
 * request grows as the server slows (each answer wakes a client that has gone idle, and fewer
 * events share a wake-up), so a server doing even 10 µs of work of its own runs well under the
 * bare server's figure; the curve measures by how much.
 */
async function machineCurve(): Promise<CurvePoint[]> {
  if (WORK_CURVE.length === 0) return [];
  const points: CurvePoint[] = [];
  for (const workUs of [0, ...WORK_CURVE]) {
    const r = await withBareServer({ BENCH_BARE_WORK_US: String(workUs) }, (url) => measure(url, {}));
    points.push({ workUs, rps: r.requests.total / r.seconds, cpuUs: r.serverCpuUs });
    process.stderr.write(`  bare node:http busy ${workUs} µs a request: ${Math.round(points.at(-1)!.rps)} req/s\n`);
  }
  return points;
}

/**
 * A server started, measured by `run` (its process is the one `serverPid` counts), and stopped,
 * whatever `run` does.
 */
async function whileServing<T>(started: Promise<{ child: ChildProcess; url: string }>, run: (url: string) => Promise<T>): Promise<T> {
  const { child, url } = await started;
  serverPid = child.pid;
  try {
    return await run(url);
  } finally {
    serverPid = undefined;
    await stopChild(child);
  }
}

const withBareServer = <T>(env: Record<string, string>, run: (url: string) => Promise<T>) => whileServing(startChild('bench/bare-server.ts', env), run);

const bare = (): Promise<Ceiling> =>
  withBareServer({}, async (url) => {
    const r = await measure(url, {});
    const even = await evenLoad(url, () => ({ method: 'GET', path: '/' }), 'bare node:http');
    return { rps: r.requests.total / r.seconds, cpuUs: r.serverCpuUs, openLoop: even.latency };
  });

const toRow = (store: string, directory: string, request: string, r: Outcome, ceiling: Ceiling): Row => ({
  store,
  directory,
  request,
  // Completed requests over the wall time (the per-second average is coarse for short runs).
  rps: r.requests.total / r.seconds,
  p50: r.latency.p50,
  p99: r.latency.p99,
  ceiling,
  failures: r.non2xx + r.errors + r.timeouts,
  generatorCpu: r.generatorCpu,
  serverCpuUs: r.serverCpuUs,
  serverPeakMiB: r.serverPeakMiB,
  ...(r.sendLagP99 !== undefined ? { sendLagP99: r.sendLagP99 } : {}),
});

type Scenario = [request: string, run: () => Promise<Outcome>];

const POST_BODY = (n: number) =>
  JSON.stringify({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
    userName: `bench.post.${n}@example.com`,
    externalId: `post-${n}`,
    name: { givenName: 'Bench', familyName: `Post${n}` },
    emails: [{ value: `bench.post.${n}@example.com`, type: 'work', primary: true }],
    active: true,
  });

/** One request, its JSON answer checked with `ok`: a scenario must not measure 401s or 404s. */
async function expectAnswer(what: string, url: string, init: RequestInit, status: number, ok: (body: any) => boolean): Promise<any> {
  const response = await fetch(url, init);
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  if (response.status !== status || !ok(body)) {
    throw new Error(`${what}: expected ${status} with the right body before measuring, got ${response.status}: ${text.slice(0, 500)}`);
  }
  return body;
}

/**
 * The scenarios every SCIM server here serves, ours and the peers alike: filter by userName, get
 * by id, create a user. Each is first checked with one request (right status, right user in the
 * body); the probe's id is read from the filter's answer unless it is known (`expectedId`).
 */
async function comparable(base: string, headers: Record<string, string>, probe: number, expectedId?: string): Promise<[Scenario, Scenario, Scenario]> {
  const name = userName(probe);
  const filterUrl = `${base}/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`;
  const found = await expectAnswer(
    `GET ${filterUrl}`,
    filterUrl,
    { headers },
    200,
    (b) => b?.totalResults === 1 && b.Resources?.[0]?.userName === name && (expectedId === undefined || b.Resources[0].id === expectedId),
  );
  const id: string = found.Resources[0].id;
  await expectAnswer(`GET ${base}/Users/${id}`, `${base}/Users/${id}`, { headers }, 200, (b) => b?.id === id && b.userName === name);
  // The check's user takes the first POST number, so the scenario creates only new userNames.
  let created = 0;
  const checkBody = POST_BODY(created++);
  const checkName = JSON.parse(checkBody).userName;
  await expectAnswer(`POST ${base}/Users`, `${base}/Users`, { method: 'POST', headers, body: checkBody }, 201, (b) => b?.userName === checkName && typeof b.id === 'string' && b.id !== '');
  // Durable creates, each a new userName (performance.md: at least twice scimmy's in-memory 2.1k/s).
  const post = () =>
    load({
      url: `${base}/Users`,
      amount: POSTS,
      requests: [{ method: 'POST', headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: POST_BODY(created++) }) }],
    });
  return [
    ['GET /Users?filter=userName eq "..."', () => measure(filterUrl, { headers })],
    ['GET /Users/{id}', () => measure(`${base}/Users/${id}`, { headers })],
    ['POST /Users', post],
  ];
}

/** The peer SCIM servers of issue 16 (BENCH_PEERS=1): label, child process, where it keeps users. */
const PEER_SERVERS: ReadonlyArray<[store: string, script: string, storage: string]> = [
  ['scimmy+express', 'bench/peers/scimmy.ts', 'in a Map'],
  ['better-auth', 'bench/peers/better-auth.ts', 'SQLite :memory:'],
];

/** The comparable scenarios against one peer, seeded with PEER_USERS users in its own process. */
async function peerScenarios(store: string, script: string, storage: string, ceiling: Ceiling): Promise<Row[]> {
  const token = randomBytes(24).toString('base64url');
  process.stderr.write(`seeding and measuring ${store}: ${PEER_USERS.toLocaleString('en')} users (bare node:http: ${Math.round(ceiling.rps)} req/s)\n`);
  const headers = { authorization: `Bearer ${token}`, accept: 'application/scim+json', 'content-type': 'application/scim+json' };
  return whileServing(startChild(script, { BENCH_PEER_USERS: String(PEER_USERS), BENCH_PEER_TOKEN: token }), async (base) => {
    const rows: Row[] = [];
    for (const [request, run] of await comparable(base, headers, Math.floor(PEER_USERS / 2))) {
      if (ONLY && !ONLY.test(request)) continue;
      rows.push(toRow(store, `peer (${PEER_USERS.toLocaleString('en')} users ${storage}; BENCH_PEER_USERS)`, request, await run(), ceiling));
    }
    return rows;
  });
}

async function scenarios(store: string, t: Target, ceiling: Ceiling): Promise<Row[]> {
  return whileServing(startOurServer(t.env), async (url) => {
    const base = `${url}/scim/v2`;
    const headers = { authorization: `Bearer ${t.token}`, accept: 'application/scim+json', 'content-type': 'application/scim+json' };
    const probe = Math.floor(t.users / 2);
    const row = (request: string, r: Outcome) => toRow(store, t.label, request, r, ceiling);
    // Each PATCH adds a different user (one that is not a member yet): a real insert every time.
    let next = t.members;
    const patch = () =>
      load({
        url: `${base}/Groups/${t.groupId}`,
        amount: PATCHES,
        requests: [
          {
            method: 'PATCH',
            headers,
            setupRequest: (req: Record<string, unknown>) => ({
              ...req,
              body: JSON.stringify({
                schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
                Operations: [{ op: 'add', path: 'members', value: [PATCH_DISPLAY ? { value: userId(next), display: `user ${next++}` } : { value: userId(next++) }] }],
              }),
            }),
          },
        ],
      });
    // Entra ID's usual update: one attribute replaced on a user, a different user each time (as a
    // sync cycle goes through the directory), with the If-Match-free PATCH the IdPs send.
    let patched = 0;
    const patchUser = () =>
      load({
        url: base,
        amount: PATCHES,
        requests: [
          {
            method: 'PATCH',
            headers,
            setupRequest: (req: Record<string, unknown>) => {
              const n = patched++;
              return {
                ...req,
                path: `${new URL(base).pathname}/Users/${userId(n % t.users)}`,
                body: JSON.stringify({
                  schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
                  Operations: [{ op: 'Replace', path: 'displayName', value: `Renamed ${n}` }],
                }),
              };
            },
          },
        ],
      });
    // Signed management calls (issue 16): a read and a write at CONNECTIONS connections, then the
    // read at a fixed offered rate, whose p99 is the figure that matters for a caller.
    const getDirectory = (count: number, key?: SigningKey) =>
      presigned(url, t.env, count, 'GetDirectory', () => ({ DirectoryId: t.directoryId }), key);
    const warm = Math.min(500, SIGNED);
    // The read signed with the root key, or with a RAM user's, as Terraform or a CLI profile
    // calls: the key's user, the policies attached to it and its last login are then the caller's
    // on every call. Or with a role session's STS credentials, as a CloudSSO user's CLI calls
    // with the credentials its access configuration gives: the session, its role and the role's
    // policies are the caller's.
    const signedRead = (key?: SigningKey) => async () => {
      await load({ ...getDirectory(warm, key), amount: warm }); // warm-up
      return load({ ...getDirectory(SIGNED, key), amount: SIGNED });
    };
    const signedWrite = () => {
      const status = presigned(url, t.env, SIGNED, 'UpdateSCIMServerCredentialStatus', (n) => ({
        DirectoryId: t.directoryId,
        CredentialId: t.spareCredentialId,
        NewStatus: n % 2 === 0 ? 'Disabled' : 'Enabled',
      }));
      return load({ ...status, amount: SIGNED });
    };
    const signedOpenLoop = async () => {
      // As many calls as the closed-loop row makes: run alone (BENCH_ONLY), the row would
      // otherwise measure a server still compiling its hot code, at twice the CPU a request in
      // its first seconds.
      await load({ ...getDirectory(SIGNED), amount: SIGNED }); // warm-up
      const { calls } = getDirectory(Math.round(OPEN_RATE * DURATION) + 1);
      return evenLoad(url, (i) => calls[i]!, `${store} ${t.label}`);
    };
    const [byFilter, byId, post] = await comparable(base, headers, probe, userId(probe));
    const all: Array<[string, () => Promise<Outcome>]> = [
      // The floor under every SCIM request: Fastify, the SCIM edge's hooks and a JSON body, with no
      // credential and no store (issue 16: how much of the gap to the bare server is the framework).
      ['GET /ServiceProviderConfig (no credential, no store)', () => measure(`${base}/ServiceProviderConfig`, {})],
      byFilter,
      byId,
      ['GET /Groups/{id}?excludedAttributes=members', () => measure(`${base}/Groups/${t.groupId}?excludedAttributes=members`, { headers })],
      [PATCH_DISPLAY ? 'PATCH /Groups/{id} add one member with display' : 'PATCH /Groups/{id} add one member', patch],
      ['PATCH /Users/{id} replace displayName', patchUser],
      post,
      ['signed GetDirectory (ACS3)', signedRead()],
      ['signed GetDirectory by a RAM user', signedRead(t.ramKey)],
      ['signed GetDirectory with STS credentials', signedRead(t.stsKey)],
      ['signed UpdateSCIMServerCredentialStatus', signedWrite],
      [`signed GetDirectory at ${OPEN_RATE} req/s offered`, signedOpenLoop],
    ];
    const rows: Row[] = [];
    for (const [request, run] of all) if (!ONLY || ONLY.test(request)) rows.push(row(request, await run()));
    return rows;
  });
}

const fmt = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Prints a Markdown table: a header line, then one line per row of cells. */
function printMarkdown(header: string[], body: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  process.stdout.write(`\n${line(header)}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|\n${body.map(line).join('\n')}\n`);
}

/** The machine's curve: what share of the bare server a server doing that much work can reach here. */
function printCurve(curve: readonly CurvePoint[]): void {
  if (curve.length === 0) return;
  const bareRps = curve[0]!.rps;
  printMarkdown(
    ['bare node:http, busy before each answer', 'req/s', '% of bare node:http', 'server CPU µs/req', 'CPU beyond the work µs/req'],
    curve.map((p) => [
      p.workUs === 0 ? 'not busy (the bare server)' : `${fmt(p.workUs)} µs`,
      fmt(p.rps),
      `${fmt((100 * p.rps) / bareRps, 1)} %`,
      p.cpuUs === undefined ? '' : fmt(p.cpuUs, 1),
      p.cpuUs === undefined ? '' : fmt(p.cpuUs - p.workUs, 1),
    ]),
  );
}

function printTable(rows: Row[], curve: readonly CurvePoint[]): void {
  const header = ['store', 'directory', 'request', 'req/s', 'p50 ms', 'p99 ms', '% of bare node:http', 'server CPU µs/req', '% of bare by CPU', 'bare-equivalent work µs', 'server peak RSS MiB', 'full / empty', 'failed', 'generator CPU'];
  const body = rows.map((r) => {
    const empty = rows.find((x) => x.store === r.store && x.request === r.request && x.directory.startsWith('empty'));
    return [
      r.store,
      r.directory,
      r.request,
      fmt(r.rps),
      fmt(r.p50, 1),
      fmt(r.p99, 1),
      r.sendLagP99 !== undefined ? `bare p50/p99 ${fmt(r.ceiling.openLoop.p50, 1)}/${fmt(r.ceiling.openLoop.p99, 1)} ms` : `${fmt((100 * r.rps) / r.ceiling.rps, 1)} % of ${fmt(r.ceiling.rps)}`,
      r.serverCpuUs === undefined ? '' : fmt(r.serverCpuUs),
      r.serverCpuUs === undefined || r.ceiling.cpuUs === undefined ? '' : `${fmt((100 * r.ceiling.cpuUs) / r.serverCpuUs, 1)} % of ${fmt(r.ceiling.cpuUs, 1)} µs`,
      equivalent(curve, r),
      r.serverPeakMiB === undefined ? '' : fmt(r.serverPeakMiB),
      empty && empty !== r ? fmt(r.rps / empty.rps, 2) : '',
      String(r.failures),
      `${fmt(100 * r.generatorCpu)} %${r.sendLagP99 !== undefined ? `, sent ≤ ${fmt(r.sendLagP99, 1)} ms late (p99)` : ''}`,
    ];
  });
  printMarkdown(header, body);
}

/** A closed-loop row's place on the machine's curve; open-loop rows run at a fixed rate, so none. */
function equivalent(curve: readonly CurvePoint[], r: Row): string {
  if (r.sendLagP99 !== undefined) return '';
  const w = equivalentWork(curve, r.rps);
  if (!w) return '';
  return `${w.beyond ? '≈ ' : ''}${fmt(w.us)}`;
}

async function withPostgres<T>(fn: (adminUrl: string) => Promise<T>): Promise<T> {
  const given = process.env['BENCH_PG_URL'];
  if (given) return fn(given);
  const state = mkdtempSync(join(tmpdir(), 'cloudsso-bench-pg-'));
  const durable = { ...process.env, PG_THROWAWAY_DURABLE: PG_FSYNC ? '1' : '' };
  const started = spawnSync('bash', [resolve(ROOT, 'scripts/pg-throwaway.sh'), 'start', state], { encoding: 'utf8', env: durable });
  if (started.status !== 0) throw new Error(`Could not start PostgreSQL: ${started.stderr}`);
  try {
    return await fn(started.stdout.trim().split('\n').pop()!);
  } finally {
    spawnSync('bash', [resolve(ROOT, 'scripts/pg-throwaway.sh'), 'stop', state]);
    rmSync(state, { recursive: true, force: true });
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`drop database if exists ${name} with (force)`);
    await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function main(): Promise<void> {
  process.stderr.write(
    `SCIM benchmark: ${USERS.toLocaleString('en')} users, ${MEMBERS.toLocaleString('en')} members, ${DURATION} s per GET scenario, ` +
      `${PATCHES.toLocaleString('en')} PATCH requests, ${CONNECTIONS} connections, stores: ${DIALECTS.join(', ')}\n`,
  );
  const curve = await machineCurve();
  const rows: Row[] = [];
  const dirs: string[] = [];
  const emptyUsers = PATCHES + 10; // the PATCH scenario needs users to add; nothing else is there
  const run = async (store: string, databaseUrl: (label: string) => Promise<string | undefined>) => {
    const targets: Target[] = [];
    for (const [label, users, members] of [
      [`empty (${emptyUsers.toLocaleString('en')} users to add, group of 10)`, emptyUsers, 10],
      [`full (${USERS.toLocaleString('en')} users, group of ${MEMBERS.toLocaleString('en')})`, USERS, MEMBERS],
    ] as const) {
      const dataDir = mkdtempSync(join(tmpdir(), 'cloudsso-bench-'));
      dirs.push(dataDir);
      const t: Target = { label, users, members, env: baseEnv(dataDir, await databaseUrl(label.split(' ')[0]!)), token: '', groupId: '', directoryId: '', spareCredentialId: '', ramKey: { id: '', secret: '' }, stsKey: { id: '', secret: '' } };
      await prepare(t);
      targets.push(t);
    }
    for (const t of targets) {
      const ceiling = await bare();
      process.stderr.write(`measuring ${store} ${t.label} (bare node:http: ${Math.round(ceiling.rps)} req/s, ${ceiling.cpuUs?.toFixed(1) ?? '?'} µs CPU a request)\n`);
      rows.push(...(await scenarios(store, t, ceiling)));
    }
  };
  try {
    for (const store of DIALECTS) {
      if (store === 'sqlite') await run('sqlite', async () => undefined);
      else await withPostgres((admin) => run(PG_FSYNC ? 'postgres (fsync on)' : 'postgres', (label) => createDatabase(admin, `cloudsso_bench_${label}`)));
    }
    if (PEERS) for (const [store, script, storage] of PEER_SERVERS) rows.push(...(await peerScenarios(store, script, storage, await bare())));
  } finally {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
  printCurve(curve);
  printTable(rows, curve);
}

await main();
