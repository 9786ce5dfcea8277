/**
 * In-process micro-benchmark of the store work of one SCIM GET /Users/{id}: the bearer guard
 * (token lookup and failure-throttle check) and the user read, against a database of its own on
 * a PostgreSQL server (or a SQLite file), with no HTTP in the way. Prints µs per call for one
 * caller and for 16 concurrent callers, per step and for the whole request.
 *
 *   CLOUDSSO_TEST_POSTGRES_URL=postgres://… node --import tsx bench/store-round-trips.ts
 *   MICRO_DIALECT=sqlite node --import tsx bench/store-round-trips.ts
 *
 * Environment: MICRO_DIALECT (postgres or sqlite, default postgres), MICRO_USERS (default 10,000),
 * MICRO_CALLS (calls per measurement, default 5,000), CLOUDSSO_DATABASE_POOL_SIZE (PostgreSQL
 * connections, as for the server), MICRO_PG_DATA (the data directory of a PostgreSQL server on this
 * machine: its processes' CPU time per call is reported too, from /proc). The PostgreSQL server's user must be allowed to CREATE DATABASE;
 * the database is dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyRequest } from 'fastify';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { authThrottle } from '../src/core/auth-throttle.js';
import type { CoreContext } from '../src/core/context.js';
import { DEFAULT_QUOTAS } from '../src/core/context.js';
import { hashCredentialSecret } from '../src/core/scim-credentials.js';
import { createSecretBox } from '../src/core/secret-box.js';
import { systemClock } from '../src/core/time.js';
import { guard } from '../src/scim/guard.js';
import { migrateToLatest, openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/kysely-store.js';
import { seedUsers, userId } from './seed.js';

const int = (name: string, fallback: number) => {
  const v = process.env[name];
  return v === undefined || v === '' ? fallback : Number.parseInt(v.replace(/_/g, ''), 10);
};
const DIALECT = process.env['MICRO_DIALECT'] ?? 'postgres';
const USERS = int('MICRO_USERS', 10_000);
const CALLS = int('MICRO_CALLS', 5_000);
const PG_DATA = process.env['MICRO_PG_DATA'];
const DIRECTORY = 'd-micro0000000000';
const TOKEN = 'micro-bench-scim-token';

async function main() {
  const masterKey = randomBytes(32).toString('base64');
  const config = loadConfig({ ...process.env, CLOUDSSO_MASTER_KEY: masterKey });
  let target: { sqlitePath: string } | { postgresUrl: string };
  let cleanup: () => Promise<void>;
  if (DIALECT === 'postgres') {
    const admin = process.env['CLOUDSSO_TEST_POSTGRES_URL'];
    if (!admin) throw new Error('Set CLOUDSSO_TEST_POSTGRES_URL to a PostgreSQL server whose user may CREATE DATABASE.');
    const name = `cloudsso_micro_${randomBytes(6).toString('hex')}`;
    const adminQuery = async (text: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(text);
      } finally {
        await c.end();
      }
    };
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = new URL(admin);
    url.pathname = `/${name}`;
    target = { postgresUrl: url.toString() };
    cleanup = () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'cloudsso-micro-'));
    target = { sqlitePath: join(dir, 'db.sqlite') };
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const handle = openDatabase(target, { poolSize: config.databasePoolSize });
  try {
    await migrateToLatest(handle.db);
    const now = Date.now();
    await handle.db
      .insertInto('directories')
      .values({ id: DIRECTORY, name: 'micro', region: 'cn-shanghai', scim_sync_enabled: 1, create_time: now, update_time: now })
      .execute();
    await handle.db
      .insertInto('scim_credentials')
      .values({
        id: 'scimcred-micro',
        directory_id: DIRECTORY,
        secret_hash: hashCredentialSecret(TOKEN),
        status: 'Enabled',
        create_time: now,
        expire_time: now + 86_400_000,
        last_used_time: now,
      })
      .execute();
    await seedUsers(handle.db, DIRECTORY, USERS);
    const core: CoreContext = {
      store: createStore(handle.db, handle.dialect),
      clock: systemClock,
      settings: { regionId: 'cn-shanghai', accountId: '1', quotas: DEFAULT_QUOTAS },
      secretBox: createSecretBox(masterKey),
    };
    const throttle = authThrottle(core);
    const request = { ip: '10.0.0.1', headers: { authorization: `Bearer ${TOKEN}` } } as unknown as FastifyRequest;
    let n = 0;
    const nextUser = () => userId(n++ % USERS);
    const steps: Array<[string, () => Promise<unknown>]> = [
      ['guard', () => guard(core, request, throttle)],
      ['user by id', () => core.store.users.get(DIRECTORY, nextUser())],
      [
        'guard + user by id',
        async () => {
          await guard(core, request, throttle);
          return core.store.users.get(DIRECTORY, nextUser());
        },
      ],
    ];
    process.stdout.write(
      `${DIALECT}, ${USERS.toLocaleString('en')} users, ${CALLS.toLocaleString('en')} calls per figure` +
        (DIALECT === 'postgres' ? `, pool of ${config.databasePoolSize}` : '') +
        '\n\n| step | 1 caller: wall µs/call | node CPU | server CPU | 16 callers: wall µs/call | node CPU | server CPU |\n|---|---|---|---|---|---|---|\n',
    );
    for (const [label, step] of steps) {
      for (let i = 0; i < 500; i++) await step(); // warm up: connections open, statements prepared
      const single = await measure(step, 1);
      const concurrent = await measure(step, 16);
      const f = (m: { wall: number; cpu: number; server: number | undefined }) =>
        `${m.wall.toFixed(0)} | ${m.cpu.toFixed(0)} | ${m.server === undefined ? '-' : m.server.toFixed(0)}`;
      process.stdout.write(`| ${label} | ${f(single)} | ${f(concurrent)} |\n`);
    }
  } finally {
    await handle.close();
    await cleanup();
  }
}

/**
 * µs per call, wall clock and this process's CPU time (user + system), with `callers` loops calling
 * `step` until CALLS calls are done. On a loaded machine the CPU figure is the steadier one.
 */
async function measure(step: () => Promise<unknown>, callers: number): Promise<{ wall: number; cpu: number; server: number | undefined }> {
  let left = CALLS;
  const server = serverCpuMicros();
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (left-- > 0) await step();
    }),
  );
  const used = process.cpuUsage(cpu);
  const serverAfter = serverCpuMicros();
  return {
    wall: Number(process.hrtime.bigint() - started) / 1000 / CALLS,
    cpu: (used.user + used.system) / CALLS,
    server: server === undefined || serverAfter === undefined ? undefined : (serverAfter - server) / CALLS,
  };
}

/** CPU time (µs, user + system) of the PostgreSQL server's processes (MICRO_PG_DATA), from /proc. */
function serverCpuMicros(): number | undefined {
  if (!PG_DATA) return undefined;
  const postmaster = Number(readFileSync(join(PG_DATA, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const ticksPerSecond = 100; // USER_HZ on Linux
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // Fields after the command's closing parenthesis: state ppid ... utime(14) stime(15) cutime(16) cstime(17).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(entry) === postmaster) {
      // Its own time and that of its exited children (a backend that ended during the measurement).
      ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
    } else if (Number(fields[1]) === postmaster) {
      ticks += Number(fields[11]) + Number(fields[12]);
    }
  }
  return (ticks / ticksPerSecond) * 1e6;
}

await main();
