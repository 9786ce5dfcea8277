import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';

/**
 * Vitest globalSetup: one PostgreSQL server for the whole run. CLOUDSSO_TEST_POSTGRES_URL (CI sets
 * it) names a server whose user may CREATE DATABASE; without it a throwaway cluster is started with
 * the installed binaries (scripts/pg-throwaway.sh, shared with .ci/run) and stopped at the end.
 * Each suite then creates its own database (test/support/postgres.ts). No PostgreSQL means a failed
 * run with a message saying what to do, never silently skipped tests.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the test server's maintenance database, for CREATE/DROP DATABASE. */
    pgAdminUrl: string;
  }
}

const SCRIPT = resolve(import.meta.dirname, '../../scripts/pg-throwaway.sh');

const HOW_TO =
  'The tests need PostgreSQL: set CLOUDSSO_TEST_POSTGRES_URL=postgres://user:pass@host:port/db (a user allowed to CREATE DATABASE), ' +
  'or install the PostgreSQL server binaries (initdb and pg_ctl on PATH or under /usr/lib/postgresql/*/bin; Debian: apt-get install postgresql) ' +
  'so that the tests can start a throwaway cluster.';

async function checkReachable(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(`Cannot connect to PostgreSQL at ${redact(url)}: ${(err as Error).message}\n${HOW_TO}`);
  } finally {
    await client.end().catch(() => {});
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, '//$1:***@');
}

export default async function setup(project: TestProject): Promise<(() => void) | undefined> {
  const given = process.env['CLOUDSSO_TEST_POSTGRES_URL'];
  if (given) {
    await checkReachable(given);
    project.provide('pgAdminUrl', given);
    return undefined;
  }
  const state = mkdtempSync(join(tmpdir(), 'cloudsso-test-pg-'));
  const started = spawnSync('bash', [SCRIPT, 'start', state], { encoding: 'utf8', env: { ...process.env, NODE: process.execPath } });
  if (started.status !== 0) {
    spawnSync('bash', [SCRIPT, 'stop', state]);
    rmSync(state, { recursive: true, force: true });
    throw new Error(`Could not start a throwaway PostgreSQL cluster: ${(started.stderr || started.error?.message || '').trim()}\n${HOW_TO}`);
  }
  const url = started.stdout.trim().split('\n').pop()!;
  await checkReachable(url);
  project.provide('pgAdminUrl', url);
  return () => {
    spawnSync('bash', [SCRIPT, 'stop', state]);
    rmSync(state, { recursive: true, force: true });
  };
}
