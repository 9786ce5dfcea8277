import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/db.js';
import { runCli } from './support/cli-process.js';
import { startScimTarget, type ScimTarget } from './support/scim-harness.js';
import { startTestServer } from './support/server.js';

/** The operator's commands of the CLI, each in a process of its own beside a running server. */
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudsso-cli-ops-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('cloudsso call finds a server on another port', () => {
  it('with --port or --endpoint; without them the error names CLOUDSSO_PORT and CLOUDSSO_ENDPOINT', async () => {
    const node = await startTestServer('sqlite', { generateKeys: true });
    try {
      const env = { CLOUDSSO_DATA_DIR: node.dataDir };
      const byPort = await runCli(['call', '--port', String(node.port), 'ListDirectories'], env);
      expect(byPort.code, byPort.stderr).toBe(0);
      expect(JSON.parse(byPort.stdout)).toMatchObject({ TotalCounts: 0, Directories: [] });
      const byEndpoint = await runCli(['call', 'CreateDirectory', 'DirectoryName=by-endpoint', `--endpoint=${node.url}`], env);
      expect(byEndpoint.code, byEndpoint.stderr).toBe(0);
      expect(JSON.parse(byEndpoint.stdout).Directory.DirectoryName).toBe('by-endpoint');

      // A port nobody listens on.
      const closed = createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const free = (closed.address() as { port: number }).port;
      await new Promise((r) => closed.close(r));
      const lost = await runCli(['call', 'ListDirectories'], { ...env, CLOUDSSO_PORT: String(free) });
      expect(lost.code).toBe(1);
      expect(lost.stdout).toContain(`Cannot reach the server at http://127.0.0.1:${free} (ECONNREFUSED)`);
      expect(lost.stdout).toContain('pass --port PORT or --endpoint URL, or set CLOUDSSO_PORT or CLOUDSSO_ENDPOINT');
    } finally {
      await node.close();
    }
  }, 180_000);
});

describe('cloudsso backup and restore (SQLite)', () => {
  let t: ScimTarget | undefined;
  afterAll(() => t?.close());

  it('a backup taken under write load restores with every write acknowledged before it; restore refuses a database in use', async () => {
    const dataDir = tempDir();
    const masterKey = 'backup-test-master-key-0123456789';
    t = await startScimTarget('sqlite', { CLOUDSSO_DATA_DIR: dataDir, CLOUDSSO_MASTER_KEY: masterKey });
    const target = t;
    const acknowledged: string[] = [];
    let stop = false;
    const writer = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const userName = `load.${w}.${i}@example.com`;
        const res = await fetch(`${target.base}/Users`, {
          method: 'POST',
          headers: { authorization: `Bearer ${target.token}`, 'content-type': 'application/scim+json' },
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }),
        });
        await res.arrayBuffer();
        if (res.status === 201) acknowledged.push(userName);
      }
    };
    const writers = [0, 1, 2, 3].map(writer);
    try {
      await expect.poll(() => acknowledged.length, { timeout: 30_000 }).toBeGreaterThanOrEqual(50);
      const beforeBackup = [...acknowledged];
      const file = join(tempDir(), 'cloudsso-backup.db');
      const backup = await runCli(['backup', file], { CLOUDSSO_DATA_DIR: dataDir });
      expect(backup.code, backup.stderr).toBe(0);
      expect(backup.stdout).toContain(`Backed up ${join(dataDir, 'cloudsso.db')} to ${file}`);
      expect(backup.stdout).toContain('Keep the master key with it');
      expect((statSync(file).mode & 0o777).toString(8)).toBe('600');
      const duringBackup = acknowledged.length;
      expect(duringBackup).toBeGreaterThan(beforeBackup.length);

      // Restoring over the live database is refused; nothing is touched.
      const refused = await runCli(['restore', file], { CLOUDSSO_DATA_DIR: dataDir });
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('is in use (is the server running?)');

      stop = true;
      await Promise.all(writers);

      // Restore into a new data dir, and serve it.
      const restoredDir = tempDir();
      const restored = await runCli(['restore', file], { CLOUDSSO_DATA_DIR: restoredDir });
      expect(restored.code, restored.stderr).toBe(0);
      const dry = await runCli(['migrate', '--dry-run'], { CLOUDSSO_DATA_DIR: restoredDir });
      expect(dry.stdout.trim()).toBe('The database is up to date; nothing would run.');
      const db = openDatabase({ sqlitePath: join(restoredDir, 'cloudsso.db') });
      try {
        const rows = await sql<{ user_name: string }>`SELECT user_name FROM users`.execute(db.db);
        const names = new Set(rows.rows.map((r) => r.user_name));
        const missing = beforeBackup.filter((n) => !names.has(n));
        expect(missing).toEqual([]);
        // A snapshot of one moment: nothing that was never acknowledged.
        expect([...names].every((n) => acknowledged.includes(n))).toBe(true);
      } finally {
        await db.close();
      }
      const node = await startTestServer('sqlite', { dataDir: restoredDir, env: { CLOUDSSO_MASTER_KEY: masterKey } });
      try {
        const res = await fetch(`${node.url}/scim/v2/Users?filter=${encodeURIComponent(`userName eq "${beforeBackup[0]}"`)}`, {
          headers: { authorization: `Bearer ${target.token}` },
        });
        expect(((await res.json()) as { totalResults: number }).totalResults).toBe(1);
      } finally {
        await node.close();
      }
    } finally {
      stop = true;
      await Promise.all(writers);
    }
  }, 300_000);

  it('migrate --dry-run on a new data dir lists every migration and creates nothing', async () => {
    const dir = tempDir();
    const r = await runCli(['migrate', '--dry-run'], { CLOUDSSO_DATA_DIR: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/the first start would apply: 0001-initial, 0002-scim-keys, /);
    expect(existsSync(join(dir, 'cloudsso.db'))).toBe(false);
  }, 60_000);
});
