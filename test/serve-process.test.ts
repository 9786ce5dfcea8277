import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { newAccessKeyPair } from '../src/core/access-keys.js';
import { randomBase62 } from '../src/core/ids.js';
import { openDatabase } from '../src/store/db.js';
import { spawnCli, runCli, type CliProcess } from './support/cli-process.js';
import { makeClient } from './support/clients.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { DIALECTS } from './support/server.js';

/**
 * `cloudsso serve` as a supervisor runs it: its own process, standard output a pipe (a journal, a
 * container log), stopped with SIGTERM.
 */
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudsso-serve-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const portOf = (p: CliProcess) => Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(p.stdout())![1]);

/**
 * A POST whose headers are sent now and whose body is sent by `finish()`: a request in flight.
 * It resolves once the server answered `100 Continue`, i.e. once the server has the request.
 */
function halfSentRequest(port: number, path: string, token: string, body: string): Promise<{ socket: Socket; finish(): Promise<string> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${token}\r\n` +
          `Content-Type: application/scim+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
      );
      let response = '';
      let continued = false;
      const ended = new Promise<string>((res) => socket.on('close', () => res(response)));
      socket.on('data', (d) => {
        response += d.toString();
        if (!continued && response.startsWith('HTTP/1.1 100 Continue\r\n\r\n')) {
          continued = true;
          response = response.slice('HTTP/1.1 100 Continue\r\n\r\n'.length);
          socket.write(body.slice(0, 10));
          resolve({
            socket,
            finish() {
              socket.write(body.slice(10));
              return ended;
            },
          });
        }
      });
    });
    socket.on('error', reject);
  });
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, '127.0.0.1', () => {
      s.destroy();
      resolve(false);
    });
    s.on('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

describe.each(DIALECTS)('cloudsso serve on %s, stopped with SIGTERM', (dialect) => {
  let database: TestDatabase | undefined;
  afterAll(() => database?.drop());

  it('stops accepting, finishes the request in flight (its write is kept), closes the store and exits 0', async () => {
    const dataDir = tempDir();
    if (dialect === 'postgres') database = await createTestDatabase();
    const root = newAccessKeyPair();
    const env: Record<string, string> = {
      CLOUDSSO_PORT: '0',
      CLOUDSSO_DATA_DIR: dataDir,
      CLOUDSSO_LOG_LEVEL: 'silent',
      CLOUDSSO_MASTER_KEY: randomBase62(32),
      CLOUDSSO_ROOT_ACCESS_KEY_ID: root.id,
      CLOUDSSO_ROOT_ACCESS_KEY_SECRET: root.secret,
      ...(database ? { CLOUDSSO_DATABASE_URL: database.url } : {}),
    };
    const server = spawnCli(['serve'], env);
    try {
      await server.waitFor('SCIM 2.0 endpoint');
      const port = portOf(server);
      const api = makeClient('openapi-client ACS3', { endpoint: `127.0.0.1:${port}`, key: root });
      const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: 'shutdown' })).Directory.DirectoryId;
      const token = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret;
      await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });

      const body = JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'in.flight@example.com' });
      const inFlight = await halfSentRequest(port, '/scim/v2/Users', token, body);
      server.child.kill('SIGTERM');
      await server.waitFor('shutting down');
      // No new connections once the signal is handled (the listener closes within moments)...
      await expect.poll(() => connectionRefused(port), { timeout: 5_000, interval: 50 }).toBe(true);
      // ...but the request already received completes, and is answered.
      const response = await inFlight.finish();
      expect(response).toMatch(/^HTTP\/1\.1 201 /);
      expect(response).toContain('in.flight@example.com');
      expect(await server.exited, server.stderr()).toEqual({ code: 0, signal: null });
      expect(server.stdout()).toContain('Shut down cleanly.');
    } finally {
      if (server.child.exitCode === null) server.child.kill('SIGKILL');
    }
    const db = openDatabase(database ? { postgresUrl: database.url } : { sqlitePath: join(dataDir, 'cloudsso.db') });
    try {
      const rows = await sql<{ user_name: string }>`SELECT user_name FROM users WHERE user_name = ${'in.flight@example.com'}`.execute(db.db);
      expect(rows.rows).toHaveLength(1);
    } finally {
      await db.close();
    }
  }, 240_000);
});

describe('cloudsso serve: the first start, and start-up failures', () => {
  it('with standard output a pipe: says where the root key is but never prints its secret; the database files are 0600', async () => {
    const dataDir = tempDir();
    const server = spawnCli(['serve'], { CLOUDSSO_PORT: '0', CLOUDSSO_DATA_DIR: dataDir, CLOUDSSO_LOG_LEVEL: 'silent' });
    try {
      await server.waitFor('SCIM 2.0 endpoint');
      const key = JSON.parse(readFileSync(join(dataDir, 'root-access-key.json'), 'utf8')) as { AccessKeyId: string; AccessKeySecret: string };
      const out = server.stdout() + server.stderr();
      expect(out).toContain(`Generated the root AccessKey ${key.AccessKeyId}; its secret is in ${join(dataDir, 'root-access-key.json')}`);
      expect(out).not.toContain(key.AccessKeySecret);
      // A write, so that SQLite has its -wal and -shm files.
      const api = makeClient('pop-core POST', { endpoint: `127.0.0.1:${portOf(server)}`, key: { id: key.AccessKeyId, secret: key.AccessKeySecret } });
      await api.call('CreateDirectory', { DirectoryName: 'modes' });
      for (const file of ['cloudsso.db', 'cloudsso.db-wal', 'cloudsso.db-shm', 'root-access-key.json', 'master.key']) {
        expect((statSync(join(dataDir, file)).mode & 0o777).toString(8), file).toBe('600');
      }
      expect((statSync(dataDir).mode & 0o777).toString(8)).toBe('700');
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  }, 240_000);

  it('on a port in use: fails with a clear message before generating a key', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as { port: number }).port;
    const dataDir = tempDir();
    try {
      const r = await runCli(['serve', '--port', String(port)], { CLOUDSSO_DATA_DIR: dataDir, CLOUDSSO_LOG_LEVEL: 'silent' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`Cannot listen on 127.0.0.1:${port}: the port is already in use.`);
      expect(r.stderr).toContain('CLOUDSSO_PORT');
      expect(r.stderr).not.toMatch(/EADDRINUSE|\n\s+at /);
      expect(r.stdout).not.toContain('Generated');
      expect(existsSync(join(dataDir, 'root-access-key.json'))).toBe(false);
    } finally {
      blocker.close();
    }
  }, 240_000);

  it('with a database URL nobody answers: names the setting, not the password, and no stack trace', async () => {
    const r = await runCli(['serve', '--database-url', 'postgres://admin:hunter2-secret@127.0.0.1:1/cloudsso'], {
      CLOUDSSO_DATA_DIR: tempDir(),
      CLOUDSSO_LOG_LEVEL: 'silent',
    });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe('Cannot use PostgreSQL at 127.0.0.1:1/cloudsso (CLOUDSSO_DATABASE_URL): connection refused: is PostgreSQL running and listening there? [ECONNREFUSED].');
    expect(r.stdout + r.stderr).not.toContain('hunter2');
  }, 240_000);
});
