/**
 * Peer for the benchmark (issue 16): better-auth 1.7.5 with its SCIM plugin (@better-auth/scim),
 * on better-auth's own Kysely adapter over an in-memory better-sqlite3 database (`:memory:`),
 * served by better-auth's node handler on a bare node:http server.
 *
 * Why not the memory adapter that performance.md measured: the plugin requires an adapter with
 * transactions, and the memory adapter's transaction snapshots the whole database and merges it
 * back on every write, so each of the seeding POSTs costs time in proportion to the users
 * already there; the directory could not be seeded to a useful size. The SQLite adapter gives
 * every user the same rows the plugin itself writes (user, scimUser, scimSubject, hashed keys).
 *
 * Seeded in-process at start through the plugin's own `POST /scim/v2/Users` (its keys are hashes
 * derived inside the plugin, so rows written around it would not be found), BENCH_PEER_USERS users
 * shaped like bench/seed.ts's (same userNames: the runner's probe filters by userName and reads
 * the generated id from the answer). This takes tens of milliseconds a user.
 *
 * Auth: `Authorization: Bearer <BENCH_PEER_TOKEN>`, a static bearer credential of the plugin's one
 * connection. Prints `READY <SCIM base URL>` (http://127.0.0.1:<port>/api/auth/scim/v2) on stdout.
 */
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { scim } from '@better-auth/scim';
import Database from 'better-sqlite3';
import { betterAuth } from 'better-auth';
import { getMigrations } from 'better-auth/db/migration';
import { toNodeHandler } from 'better-auth/node';
import { userDocument } from '../seed.js';

const USERS = Number.parseInt(process.env['BENCH_PEER_USERS'] ?? '10000', 10);
const TOKEN = process.env['BENCH_PEER_TOKEN'];
if (!TOKEN) throw new Error('BENCH_PEER_TOKEN is required.');

const server = createServer();
await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

const auth = betterAuth({
  baseURL: origin,
  secret: randomBytes(32).toString('base64url'),
  database: new Database(':memory:'),
  telemetry: { enabled: false },
  // The benchmark's 16 connections come from one address: the limiter would answer 429.
  rateLimit: { enabled: false },
  plugins: [scim({ connections: [{ id: 'bench', credentials: [{ type: 'bearer', id: 'bench', token: TOKEN }] }] })],
});
await (await getMigrations(auth.options)).runMigrations();

const base = `${origin}/api/auth/scim/v2`;
const started = Date.now();
for (let i = 0; i < USERS; i++) {
  const response = await auth.handler(
    new Request(`${base}/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], ...userDocument(i) }),
    }),
  );
  if (response.status !== 201) throw new Error(`Seeding user ${i} answered ${response.status}: ${await response.text()}`);
  if ((i + 1) % 5000 === 0) process.stderr.write(`  better-auth: ${(i + 1).toLocaleString('en')} users (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}
process.stderr.write(`  better-auth: ${USERS.toLocaleString('en')} users seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

server.on('request', toNodeHandler(auth));
process.stdout.write(`READY ${base}\n`);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
