/**
 * Runs a bounded delete until a run deletes fewer rows than the bound, yielding to the event loop
 * between runs so the requests' own writes go in between; returns the rows deleted in all.
 */
export async function pruneInBatches(deleteSome: () => Promise<{ numDeletedRows: bigint }>, bound: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = Number((await deleteSome()).numDeletedRows);
    total += deleted;
    if (deleted < bound) return total;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
