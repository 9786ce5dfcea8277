import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One PostgreSQL server for the run: CLOUDSSO_TEST_POSTGRES_URL, else a throwaway cluster.
    globalSetup: ['test/support/pg-global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Store and end-to-end tests each open their own databases; two cores, so keep it modest.
    maxWorkers: 2,
  },
});
