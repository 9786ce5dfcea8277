import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultDatabasePoolSize, loadConfig } from '../../src/config.js';
import { openConfiguredDatabase } from '../../src/runtime.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

/** CLOUDSSO_DATABASE_POOL_SIZE bounds the PostgreSQL connections a node opens. */
describe('the PostgreSQL pool size', () => {
  let pgDb: TestDatabase | undefined;
  beforeAll(async () => {
    pgDb = await createTestDatabase();
  });
  afterAll(async () => {
    await pgDb?.drop();
  });

  it.each([
    [{}, defaultDatabasePoolSize()],
    [{ CLOUDSSO_DATABASE_POOL_SIZE: '3' }, 3],
    [{ CLOUDSSO_DATABASE_POOL_SIZE: '11' }, 11],
  ])('with %j, 16 concurrent queries share at most %i connections', async (env, size) => {
    const handle = openConfiguredDatabase(loadConfig({ CLOUDSSO_DATABASE_URL: pgDb!.url, ...env }));
    try {
      const pids = await Promise.all(
        Array.from({ length: 16 }, async () => (await sql<{ pid: number }>`select pg_backend_pid() as pid, pg_sleep(0.2)`.execute(handle.db)).rows[0]?.pid),
      );
      expect(new Set(pids).size).toBe(size);
      expect(handle.poolStats?.().total).toBe(size);
    } finally {
      await handle.close();
    }
  });
});
