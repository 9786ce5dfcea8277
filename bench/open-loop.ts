import http from 'node:http';

/** One request of an open-loop run. */
export interface OpenLoopRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers?: Record<string, string>;
}

export interface OpenLoopResult {
  /** Requests answered (any status). */
  readonly answered: number;
  /** Answers that were not 2xx. */
  readonly non2xx: number;
  /** Requests that failed without an answer (connection errors). */
  readonly errors: number;
  /** Latency from the moment each request was due, in ms. */
  readonly latency: { readonly p50: number; readonly p99: number; readonly max: number };
  /** How late the generator itself sent requests after they were due (ms, 99th percentile). */
  readonly sendLagP99: number;
  /** From the first request due to the last answer or failure (s). */
  readonly seconds: number;
  /**
   * Every answered request in the order answered: when it was due (ms after the first), its
   * latency and how late the generator sent it (ms). Where in the run a tail sits tells a
   * warming server, a stall of the machine and a steady cost apart.
   */
  readonly requests: ReadonlyArray<readonly [due: number, latency: number, sendLag: number]>;
}

const percentile = (sorted: readonly number[], p: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!);

/**
 * An open-loop load with evenly spaced arrivals (issue 16: "p99 at a fixed offered load"): request
 * i is due at t0 + i / rate, whatever the answers before it, and is sent on a free keep-alive
 * connection of at most `connections` (or waits for one). Its latency counts from when it was due,
 * not from when it left, so a server or a generator that falls behind shows in the figure instead
 * of hiding it (no coordinated omission). autocannon's `overallRate` gives each connection its
 * share of the rate on its own timer: the connections fire together, and a burst of
 * `connections` requests every `connections / rate` seconds measures queueing inside the burst.
 * The generator's own lateness is reported beside the latencies (`sendLagP99`).
 */
export async function openLoop(
  base: string,
  rate: number,
  seconds: number,
  requestAt: (i: number) => OpenLoopRequest,
  connections: number,
): Promise<OpenLoopResult> {
  const url = new URL(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const total = Math.max(1, Math.round(rate * seconds));
  const lags: number[] = [];
  const answered: Array<readonly [number, number, number]> = [];
  let non2xx = 0;
  let errors = 0;
  let last = 0;
  const inFlight: Array<Promise<void>> = [];
  const fire = (i: number, due: number) => {
    const r = requestAt(i);
    // Read here, not inside the promise below, where a missing request would become a rejection
    // nobody awaits yet instead of an error of the run.
    const options = { host: url.hostname, port: url.port, method: r.method, path: r.path, headers: r.headers, agent };
    const lag = performance.now() - due;
    lags.push(lag);
    inFlight.push(
      new Promise<void>((done) => {
        const req = http.request(options, (res) => {
          res.resume();
          res.on('end', () => {
            last = performance.now();
            answered.push([due - t0, last - due, lag]);
            if (res.statusCode === undefined || res.statusCode < 200 || res.statusCode > 299) non2xx++;
            done();
          });
        });
        req.on('error', () => {
          last = performance.now();
          errors++;
          done();
        });
        req.end();
      }),
    );
  };
  const t0 = performance.now();
  const dueAt = (i: number) => t0 + (i * 1000) / rate;
  await new Promise<void>((finished, failed) => {
    let i = 0;
    const tick = () => {
      try {
        const now = performance.now();
        for (; i < total && dueAt(i) <= now; i++) fire(i, dueAt(i));
        if (i < total) setTimeout(tick, Math.max(0, dueAt(i) - performance.now()));
        else finished();
      } catch (err) {
        // A request that cannot be made (`requestAt` past its list, say) fails the run where the
        // caller awaits it, so its `finally` still stops the server, instead of ending the
        // process from inside a timer.
        failed(err);
      }
    };
    tick();
  });
  await Promise.all(inFlight);
  agent.destroy();
  const latencies = answered.map(([, latency]) => latency).sort((a, b) => a - b);
  lags.sort((a, b) => a - b);
  return {
    answered: latencies.length,
    non2xx,
    errors,
    latency: { p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), max: latencies.at(-1) ?? 0 },
    sendLagP99: percentile(lags, 0.99),
    seconds: (last - t0) / 1000,
    requests: answered,
  };
}
