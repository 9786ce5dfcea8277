import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { migrateToLatest, openDatabase, type DbHandle } from '../../src/store/db.js';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import type { DialectName } from './server.js';

/**
 * A migrated database of the given dialect for the suite (a SQLite file in a temp dir, or a fresh
 * PostgreSQL database), opened before its tests and dropped after them.
 */
export function useStoreDatabase(dialect: DialectName): () => DbHandle {
  let handle: DbHandle | undefined;
  let pgDb: TestDatabase | undefined;
  const dir = mkdtempSync(join(tmpdir(), 'cloudsso-store-'));
  beforeAll(async () => {
    if (dialect === 'postgres') pgDb = await createTestDatabase();
    handle = pgDb ? openDatabase({ postgresUrl: pgDb.url }) : openDatabase({ sqlitePath: join(dir, 'db.sqlite') });
    await migrateToLatest(handle.db);
  });
  afterAll(async () => {
    await handle?.close();
    await pgDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });
  return () => handle!;
}
