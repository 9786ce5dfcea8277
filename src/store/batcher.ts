/**
 * Items handed in during one turn of the event loop are handled together: the first schedules a
 * run on the next turn (`setImmediate`, no timer), every item handed in until then joins it, and
 * items that arrive while a batch runs form the next batch as soon as it ends. One batch runs at a
 * time, of at most `max` items. `run` settles each item of its batch itself (the items carry their
 * callers' promises) and must not throw. The store's group commit (group-commit.ts) and the nonce
 * claims (repos/nonces.ts) are batched so.
 */
export function batcher<T>(max: number, run: (batch: T[]) => Promise<void>): (item: T) => void {
  const queue: T[] = [];
  let state: 'idle' | 'scheduled' | 'running' = 'idle';
  const drain = async (): Promise<void> => {
    state = 'running';
    try {
      while (queue.length > 0) await run(queue.splice(0, max));
    } finally {
      state = 'idle';
    }
  };
  return (item) => {
    queue.push(item);
    if (state === 'idle') {
      state = 'scheduled';
      setImmediate(() => void drain());
    }
  };
}
