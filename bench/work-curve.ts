/**
 * The machine's curve (run.ts, BENCH_WORK_CURVE): the bare node:http server measured as it is and
 * busy for several amounts of work before each answer, and where a server of ours falls on it.
 */

/** The bare server busy for `workUs` µs before each answer, at the bench's connections. */
export interface CurvePoint {
  readonly workUs: number;
  readonly rps: number;
  readonly cpuUs: number | undefined;
}

/**
 * The work (µs a request) at which the bare server of `curve` would answer at `rps`: interpolated
 * on the time per request (1 / rps), which grows with the work; at or above the bare server's own
 * rate, 0; past the curve's last point, extrapolated from its last segment (`beyond`). Undefined
 * without two points, or when the last segment does not slow down (a noisy curve).
 */
export function equivalentWork(curve: readonly CurvePoint[], rps: number): { us: number; beyond: boolean } | undefined {
  if (curve.length < 2 || !(rps > 0)) return undefined;
  const t = 1 / rps;
  const at = (i: number) => 1 / curve[i]!.rps;
  if (t <= at(0)) return { us: 0, beyond: false };
  for (let i = 0; i + 1 < curve.length; i++) {
    const [lo, hi] = [at(i), at(i + 1)];
    if (hi !== lo && t >= Math.min(lo, hi) && t <= Math.max(lo, hi)) {
      return { us: curve[i]!.workUs + ((t - lo) / (hi - lo)) * (curve[i + 1]!.workUs - curve[i]!.workUs), beyond: false };
    }
  }
  const [a, b] = [curve.length - 2, curve.length - 1];
  const slope = (curve[b]!.workUs - curve[a]!.workUs) / (at(b) - at(a));
  if (!(slope > 0) || t < at(b)) return undefined;
  return { us: curve[b]!.workUs + (t - at(b)) * slope, beyond: true };
}
