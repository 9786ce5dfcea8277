/**
 * The long fuzz run (issue 9, item 5): the generators of test/support/fuzz.ts against a fresh
 * server on SQLite and, when CLOUDSSO_TEST_POSTGRES_URL is set, PostgreSQL. Prints the requests
 * tried and the 5xx seen per edge and database; exits 1 if any request got a 5xx.
 *
 *   BENCH_FUZZ_RUNS=20000 BENCH_FUZZ_SEED=7 node --import tsx bench/fuzz.ts
 */
import { fuzzRpc, fuzzScim, type FuzzStats } from '../test/support/fuzz.js';
import { createScimGroup, createScimUser, startScimTarget } from '../test/support/scim-harness.js';

const runs = Number(process.env['BENCH_FUZZ_RUNS'] ?? '5000');
const seed = Number(process.env['BENCH_FUZZ_SEED'] ?? Date.now() % 2 ** 31);
const dialects = process.env['CLOUDSSO_TEST_POSTGRES_URL'] ? (['sqlite', 'postgres'] as const) : (['sqlite'] as const);

let failed = false;
for (const dialect of dialects) {
  const t = await startScimTarget(dialect, { CLOUDSSO_MAX_DIRECTORIES: '3', CLOUDSSO_USER_QUOTA: '100000', CLOUDSSO_GROUP_QUOTA: '100000' });
  try {
    const users = await Promise.all(['fz-a', 'fz-b', 'fz-c'].map((n) => createScimUser(t, n)));
    const ids = [...users.map((u) => u.id), (await createScimGroup(t, 'fz-g', [users[0].id])).id];
    for (const [edge, run] of [
      ['SCIM', (s: FuzzStats) => fuzzScim(t, () => ids, { numRuns: runs, seed }, s)],
      ['RPC', (s: FuzzStats) => fuzzRpc(t.node.url, t.node.rootKey, () => [t.directoryId, ...ids], { numRuns: runs, seed }, s)],
    ] as const) {
      const stats: FuzzStats = { tried: 0, failures: [] };
      const started = Date.now();
      await run(stats);
      const seconds = (Date.now() - started) / 1000;
      console.log(`${dialect.padEnd(8)} ${edge.padEnd(4)} seed ${seed}: ${stats.tried} requests in ${seconds.toFixed(1)} s, ${stats.failures.length} 5xx or malformed errors`);
      for (const f of stats.failures.slice(0, 10)) console.log(`  ${f.status} ${JSON.stringify(f.request).slice(0, 400)}\n    ${f.text}`);
      if (stats.failures.length > 0) failed = true;
    }
  } finally {
    await t.close();
  }
}
process.exit(failed ? 1 : 0);
