/**
 * Peer for the benchmark (issue 16): scimmy 1.3.5 behind express 4, users in a Map, the way
 * scimmy's documentation wires a resource (`egress` returns the users, the request's filter is
 * applied with scimmy's own `Filter.match`, so a filter scans every user; `ingress` creates one).
 * Seeded in-process at start with BENCH_PEER_USERS users shaped like bench/seed.ts's (same ids
 * and userNames, so the runner's probe finds the same user).
 *
 * Auth: `Authorization: Bearer <BENCH_PEER_TOKEN>` (compared in constant time); anything else 401.
 * Prints `READY <SCIM base URL>` (http://127.0.0.1:<port>/scim/v2) on stdout.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import SCIMMY from 'scimmy';
import { userDocument, userId } from '../seed.js';

const USERS = Number.parseInt(process.env['BENCH_PEER_USERS'] ?? '10000', 10);
const TOKEN = Buffer.from(`Bearer ${process.env['BENCH_PEER_TOKEN'] ?? ''}`);
if (!process.env['BENCH_PEER_TOKEN']) throw new Error('BENCH_PEER_TOKEN is required.');

interface StoredUser {
  id: string;
  userName: string;
  externalId?: string;
  name?: { givenName?: string; familyName?: string };
  displayName?: string;
  active?: boolean;
  emails?: Array<{ value: string; type?: string; primary?: boolean }>;
  meta: { created: Date; lastModified: Date };
}

const users = new Map<string, StoredUser>();
/** Lower-cased userName to id: userName is unique (case-insensitive) in SCIM. */
const byUserName = new Map<string, string>();

function store(u: StoredUser): StoredUser {
  users.set(u.id, u);
  byUserName.set(u.userName.toLowerCase(), u.id);
  return u;
}

const started = Date.now();
const now = new Date();
for (let i = 0; i < USERS; i++) {
  store({ id: userId(i), ...userDocument(i), meta: { created: now, lastModified: now } });
}
process.stderr.write(`  scimmy: ${USERS.toLocaleString('en')} users seeded in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);

/** No scimType: what scimmy itself passes for a plain 404 or 501 (its typings say string). */
const NO_SCIM_TYPE = null as unknown as string;

SCIMMY.Resources.declare(SCIMMY.Resources.User)
  .egress((resource) => {
    if (resource.id) {
      const u = users.get(resource.id);
      if (!u) throw new SCIMMY.Types.Error(404, NO_SCIM_TYPE, `Resource ${resource.id} not found`);
      return u;
    }
    const all = [...users.values()];
    return resource.filter ? resource.filter.match(all) : all;
  })
  .ingress((resource, instance) => {
    if (resource.id) throw new SCIMMY.Types.Error(501, NO_SCIM_TYPE, 'Only POST is served by this peer');
    const data = instance as unknown as Omit<StoredUser, 'id' | 'meta'>;
    if (byUserName.has(data.userName.toLowerCase())) throw new SCIMMY.Types.Error(409, 'uniqueness', 'userName is already taken');
    const at = new Date();
    return store({ ...data, id: randomUUID(), meta: { created: at, lastModified: at } });
  });

const app = express();
app.disable('x-powered-by');
app.disable('etag');
app.use((req: Request, res: Response, next: NextFunction) => {
  const given = Buffer.from(req.headers.authorization ?? '');
  if (given.length === TOKEN.length && timingSafeEqual(given, TOKEN)) return next();
  res.status(401).type('application/scim+json').send(new SCIMMY.Messages.Error({ status: 401, detail: 'Bearer token required' }));
});
app.use(express.json({ type: ['application/scim+json', 'application/json'], limit: '64kb' }));

const send = (res: Response, status: number, body: unknown) => res.status(status).type('application/scim+json').send(JSON.stringify(body));
const fail = (res: Response, e: unknown) => {
  if (e instanceof SCIMMY.Types.Error) return send(res, e.status, new SCIMMY.Messages.Error(e));
  send(res, 500, new SCIMMY.Messages.Error({ status: 500, detail: e instanceof Error ? e.message : String(e) }));
};
const query = (req: Request) => req.query as Record<string, string>;

app.get('/scim/v2/Users', async (req, res) => {
  try {
    send(res, 200, await new SCIMMY.Resources.User(undefined, query(req)).read());
  } catch (e) {
    fail(res, e);
  }
});
app.get('/scim/v2/Users/:id', async (req, res) => {
  try {
    send(res, 200, await new SCIMMY.Resources.User(req.params.id, query(req)).read());
  } catch (e) {
    fail(res, e);
  }
});
app.post('/scim/v2/Users', async (req, res) => {
  try {
    send(res, 201, await new SCIMMY.Resources.User(undefined, query(req)).write(req.body));
  } catch (e) {
    fail(res, e);
  }
});

const server = app.listen(0, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scim/v2`;
  SCIMMY.Resources.User.basepath(base);
  process.stdout.write(`READY ${base}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
