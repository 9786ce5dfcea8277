/**
 * In-process micro-benchmark of the store work every signed call does besides its action: the
 * nonce claim, the AccessKey resolution (row read + secret open) and the throttle's failure counts.
 * Single caller, then 16 concurrent callers; wall-clock and this process's CPU µs per operation
 * (the CPU figure is steadier on a loaded machine), best of three rounds.
 *
 *   node --import tsx bench/signed-call-store.ts [sqlite|postgres] [operations per round] [concurrency,...] [operation,...]
 *
 * Operations: nonce (a claim), key (resolveAccessKey), throttle (blockedFor), auth (the key and
 * the throttle's counts as authenticate reads them). Defaults: 5000, 1,16, all four.
 * PostgreSQL needs CLOUDSSO_TEST_POSTGRES_URL (a scratch database is created and dropped).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import * as accessKeys from '../src/core/access-keys.js';
import { authThrottle } from '../src/core/auth-throttle.js';
import type { CoreContext } from '../src/core/context.js';
import { createSecretBox } from '../src/core/secret-box.js';
import { migrateToLatest, openDatabase } from '../src/store/db.js';
import { createStore } from '../src/store/kysely-store.js';

const dialect = (process.argv[2] ?? 'sqlite') as 'sqlite' | 'postgres';
const perRound = Number(process.argv[3] ?? 5000);
const concurrencies = (process.argv[4] ?? '1,16').split(',').map(Number);
const only = process.argv[5]?.split(',');

async function target(): Promise<{ url: { sqlitePath: string } | { postgresUrl: string }; cleanup: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'signed-call-bench-'));
    return { url: { sqlitePath: join(dir, 'db.sqlite') }, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const base = process.env.CLOUDSSO_TEST_POSTGRES_URL;
  if (!base) throw new Error('CLOUDSSO_TEST_POSTGRES_URL is not set.');
  const name = `bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return {
    url: { postgresUrl: u.toString() },
    cleanup: async () => {
      await admin.query(`drop database ${name}`);
      await admin.end();
    },
  };
}

async function measure(label: string, concurrency: number, op: (i: number) => Promise<unknown>): Promise<void> {
  const rounds: number[] = [];
  const cpu: number[] = [];
  let n = 0;
  for (let round = 0; round < 3; round++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < perRound) {
          next++;
          await op(n++);
        }
      }),
    );
    rounds.push(((performance.now() - start) * 1000) / perRound);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / perRound);
  }
  const best = (xs: number[]) => Math.min(...xs).toFixed(1).padStart(6);
  console.log(`${dialect.padEnd(8)} ${label.padEnd(20)} c=${String(concurrency).padStart(2)}  wall ${best(rounds)} µs/op  cpu ${best(cpu)} µs/op`);
}

const { url, cleanup } = await target();
const handle = openDatabase(url);
try {
  await migrateToLatest(handle.db);
  const store = createStore(handle.db, handle.dialect);
  const secretBox = createSecretBox('bench-master-key-0123456789');
  await store.accessKeys.insert({ id: 'LTAIbench', principalType: 'root', ramUserId: null, status: 'Enabled', createTime: 0 }, secretBox.seal('s'.repeat(30)));
  const core = { store, secretBox, clock: { now: () => Date.now() } } as unknown as CoreContext;
  const throttle = authThrottle(core);
  const run = `${process.pid}-${Date.now()}`;
  // Absent from a tree older than the fold (to measure before and after with this script).
  const folded = (accessKeys as Partial<typeof accessKeys>).resolveAccessKeyThrottled;
  const operations: Record<string, (c: number) => (i: number) => Promise<unknown>> = {
    nonce: (c) => (i) => store.nonces.claim(`LTAIbench:${run}-${c}-${i}`, Date.now() + 1_800_000, Date.now()),
    key: () => () => accessKeys.resolveAccessKey(core, 'LTAIbench'),
    // What authenticate does: the key and the throttle's counts (folded where the code has it).
    auth: () => () =>
      folded
        ? folded(core, 'LTAIbench', throttle.check({ ip: '127.0.0.1', accessKeyId: 'LTAIbench' }))
        : Promise.all([accessKeys.resolveAccessKey(core, 'LTAIbench'), throttle.blockedFor({ ip: '127.0.0.1', accessKeyId: 'LTAIbench' })]),
    throttle: () => () => throttle.blockedFor({ ip: '127.0.0.1', accessKeyId: 'LTAIbench' }),
  };
  const labels: Record<string, string> = { nonce: 'nonce claim', key: 'resolveAccessKey', throttle: 'throttle blockedFor', auth: 'key + throttle' };
  for (const c of concurrencies) {
    for (const [name, op] of Object.entries(operations)) if (!only || only.includes(name)) await measure(labels[name] ?? name, c, op(c));
  }
} finally {
  await handle.close();
  await cleanup();
}
