import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/** A database of its own for one suite (or one server), on the server of the globalSetup. */
export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

/** The globalSetup's server in a test run; CLOUDSSO_TEST_POSTGRES_URL outside one (bench/fuzz.ts). */
function adminUrl(): string {
  try {
    return inject('pgAdminUrl');
  } catch (err) {
    const url = process.env['CLOUDSSO_TEST_POSTGRES_URL'];
    if (url) return url;
    throw err;
  }
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl() });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `cloudsso_test_${randomBytes(8).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    // FORCE (PostgreSQL 13+): a pool some failed test left open must not keep the database alive.
    drop: () => admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** Every row of every table in the public schema, as PostgreSQL's text form of the row. */
export async function allTableText(url: string): Promise<Map<string, string>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ table_name: string }>(
      "select table_name from information_schema.tables where table_schema = 'public' and table_type = 'BASE TABLE' order by table_name",
    );
    const out = new Map<string, string>();
    for (const { table_name } of tables.rows) {
      const rows = await client.query<{ row: string }>(`select t::text as row from "${table_name}" t`);
      out.set(table_name, rows.rows.map((r) => r.row).join('\n'));
    }
    return out;
  } finally {
    await client.end();
  }
}
