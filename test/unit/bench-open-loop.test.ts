import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openLoop } from '../../bench/open-loop.js';

/**
 * The benchmark's open-loop generator (bench/open-loop.ts): requests leave on their schedule
 * whatever the answers, and a latency counts from when its request was due, so a server that
 * stalls shows in the figure. Only bounds the schedule guarantees are asserted, not timings a
 * busy machine could move.
 */
describe('open-loop load', () => {
  let server: http.Server | undefined;
  afterEach(async () => {
    await new Promise<void>((done) => (server ? server.close(() => done()) : done()));
    server = undefined;
  });
  const serve = async (handle: (n: number, res: http.ServerResponse) => void) => {
    let n = 0;
    server = http.createServer((req, res) => {
      req.resume();
      handle(n++, res);
    });
    await new Promise<void>((ok) => server!.listen(0, '127.0.0.1', ok));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('sends every request of the schedule and cannot finish before it ends', async () => {
    const paths: string[] = [];
    const base = await serve((n, res) => res.end(String(n)));
    const r = await openLoop(base, 200, 0.5, (i) => (paths.push(`/r${i}`), { method: 'GET', path: `/r${i}` }), 4);
    expect(r).toMatchObject({ answered: 100, non2xx: 0, errors: 0 });
    expect(paths).toHaveLength(100);
    // The last request is due at 99 / 200 s.
    expect(r.seconds).toBeGreaterThanOrEqual(0.49);
  });

  it('counts a stall of the server in the latency of every request due during it (no coordinated omission)', async () => {
    const base = await serve((n, res) => {
      if (n === 20) {
        // The server stops answering for 150 ms: requests due meanwhile wait for it.
        const until = Date.now() + 150;
        setTimeout(() => {
          while (Date.now() < until);
          res.end('late');
        }, 0);
        return;
      }
      res.end('ok');
    });
    const r = await openLoop(base, 200, 1, () => ({ method: 'GET', path: '/' }), 4);
    expect(r.answered).toBe(200);
    expect(r.latency.max).toBeGreaterThanOrEqual(140);
    // About 30 requests were due during the stall (200/s for 150 ms): the 99th percentile is among them.
    expect(r.latency.p99).toBeGreaterThanOrEqual(50);
  });

  it('reports answers that are not 2xx and connections that fail', async () => {
    const base = await serve((n, res) => {
      res.statusCode = n % 2 === 0 ? 200 : 503;
      res.end();
    });
    const r = await openLoop(base, 100, 0.2, () => ({ method: 'GET', path: '/' }), 2);
    expect(r.answered).toBe(20);
    expect(r.non2xx).toBe(10);
    const refused = await openLoop('http://127.0.0.1:1', 100, 0.1, () => ({ method: 'GET', path: '/' }), 2);
    expect(refused).toMatchObject({ answered: 0, errors: 10 });
    expect(refused.seconds).toBeGreaterThanOrEqual(0.09);
  });
});
