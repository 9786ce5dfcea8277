import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * WAL checkpoints of a SQLite file, mostly on a thread of their own (issue 16, decision 0195).
 *
 * SQLite checkpoints in the connection that commits: the commit that takes the WAL past 1,000
 * pages copies them into the database file and syncs it before it returns, about 10 ms here during
 * which this process's event loop, and every request waiting on it, stands still. At 500 signed
 * calls a second (each claims a nonce) that was about once a second, and it set the p99.
 *
 * A worker thread with its own connection to the same file runs `wal_checkpoint(PASSIVE)` every
 * `intervalMs`: it copies what no reader still needs and syncs the file, and neither waits for nor
 * blocks the store's readers and writers. The store's connection keeps SQLite's own checkpoint
 * at 1,000 pages: only that one can finish a checkpoint, because it holds the write lock, so only
 * after it does the next write start the WAL over (a checkpoint beside a steady stream of writes
 * never catches up, and the WAL would grow without end). By then the worker has copied most
 * pages, so the stall that is left is the remainder's copy and sync: the 99.9th percentile of a
 * write at 500 a second went from about 6 ms to under 3 ms.
 *
 * The worker never holds the process open; `stop()` runs a last checkpoint before closing it. If
 * the worker fails, nothing is lost: the store's connection checkpoints as it did before.
 */
export interface Checkpointer {
  /**
   * Checkpoints that copied pages, the WAL's pages copied so far (since it last started over),
   * whether the worker runs, and why it stopped if it failed (the server logs it once).
   */
  readonly stats: () => { readonly runs: number; readonly frames: number; readonly running: boolean; readonly failure?: string };
  stop(): Promise<void>;
}

// Plain JavaScript, evaluated as the worker's script: it needs no loader, in the built server as
// under the tests' TypeScript transform.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('busy_timeout = 1000');
const checkpoint = () => {
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  if (r && r.checkpointed > 0) parentPort.postMessage({ frames: r.checkpointed });
};
const timer = setInterval(checkpoint, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'stop') return;
  clearInterval(timer);
  try {
    checkpoint();
  } finally {
    db.close();
    parentPort.close();
  }
});
`;

const driverPath = createRequire(import.meta.url).resolve('better-sqlite3');

export function startCheckpointer(path: string, intervalMs = 200): Checkpointer {
  let runs = 0;
  let frames = 0;
  let running = true;
  let failure: string | undefined;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver: driverPath, path, intervalMs } });
  worker.unref();
  worker.on('message', (m: { frames: number }) => {
    runs += 1;
    frames = m.frames;
  });
  // A failed worker leaves checkpoints to the store's connection (SQLite's own, as before).
  worker.on('error', (err: Error) => {
    running = false;
    failure = err.message;
  });
  const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
  return {
    stats: () => ({ runs, frames, running, ...(failure !== undefined ? { failure } : {}) }),
    async stop() {
      if (running) {
        running = false;
        // Held open until the last checkpoint is done: the caller waits for it.
        worker.ref();
        worker.postMessage('stop');
      }
      await exited;
    },
  };
}
