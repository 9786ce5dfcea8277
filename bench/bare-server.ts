/**
 * The ceiling of this machine: a bare node:http server answering a fixed 643-byte JSON body
 * (the size of a typical SCIM user), measured in the same run as the real server.
 *
 * BENCH_BARE_WORK_US (default 0): busy for that many microseconds of CPU before each answer. The
 * bench measures the bare server at several such amounts (the machine's curve, run.ts): how fast
 * a server that does that much work of its own per request can go here, kernel and node:http
 * included.
 */
import { createServer } from 'node:http';

const body = JSON.stringify({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: 'u-0000000000benchmark',
  userName: 'bench-user-000000@example.com',
  name: { givenName: 'Bench', familyName: 'User' },
  displayName: 'Bench User',
  active: true,
  emails: [{ value: 'bench-user-000000@example.com', type: 'work', primary: true }],
  meta: {
    resourceType: 'User',
    created: '2026-01-01T00:00:00.000Z',
    lastModified: '2026-01-01T00:00:00.000Z',
    location: 'http://127.0.0.1/scim/v2/Users/u-0000000000benchmark',
    version: 'W/"1"',
  },
}).padEnd(643, ' ');
const work = Number(process.env['BENCH_BARE_WORK_US'] ?? 0);
if (!(work >= 0)) throw new Error(`BENCH_BARE_WORK_US (${process.env['BENCH_BARE_WORK_US']}) must be a number of microseconds, 0 or more.`);
const workNs = BigInt(Math.round(work * 1000));

const server = createServer((_req, res) => {
  if (workNs > 0n) {
    const until = process.hrtime.bigint() + workNs;
    while (process.hrtime.bigint() < until);
  }
  res.writeHead(200, { 'content-type': 'application/scim+json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
server.listen(0, '127.0.0.1', () => {
  const a = server.address();
  process.stdout.write(`READY http://127.0.0.1:${typeof a === 'object' && a ? a.port : 0}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
