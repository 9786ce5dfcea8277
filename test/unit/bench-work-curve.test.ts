import { describe, expect, it } from 'vitest';
import { type CurvePoint, equivalentWork } from '../../bench/work-curve.js';

// A curve as this machine draws it: the time per request grows with the work, and faster than it.
const curve: CurvePoint[] = [
  { workUs: 0, rps: 80_000, cpuUs: 11 },
  { workUs: 10, rps: 40_000, cpuUs: 24 },
  { workUs: 50, rps: 12_500, cpuUs: 86 },
  { workUs: 100, rps: 6_250, cpuUs: 145 },
];

describe('the bare-equivalent work of a rate (bench/work-curve.ts)', () => {
  it('is each measured point at its own rate', () => {
    for (const p of curve) expect(equivalentWork(curve, p.rps)).toEqual({ us: p.workUs, beyond: false });
  });

  it('interpolates on the time per request, not on the rate', () => {
    // Halfway in time between 25 µs (40,000/s) and 80 µs (12,500/s) a request: 52.5 µs, i.e. 19,048/s.
    const w = equivalentWork(curve, 1e6 / 52.5);
    expect(w?.beyond).toBe(false);
    expect(w?.us).toBeCloseTo(30, 6);
  });

  it('is 0 at or above the bare server, and extrapolated (marked) below the last point', () => {
    expect(equivalentWork(curve, 120_000)).toEqual({ us: 0, beyond: false });
    // The last segment: 50 µs of work for 80 µs a request more; 240 µs a request is 100 + 50 × 80 / 80.
    const far = equivalentWork(curve, 1e6 / 240);
    expect(far?.beyond).toBe(true);
    expect(far?.us).toBeCloseTo(150, 6);
  });

  it('gives nothing without two points, a rate, or a last segment that slows down', () => {
    expect(equivalentWork(curve.slice(0, 1), 1000)).toBeUndefined();
    expect(equivalentWork(curve, 0)).toBeUndefined();
    expect(equivalentWork(curve, Number.NaN)).toBeUndefined();
    const noisy: CurvePoint[] = [curve[0]!, { workUs: 50, rps: 10_000, cpuUs: 100 }, { workUs: 100, rps: 11_000, cpuUs: 150 }];
    expect(equivalentWork(noisy, 9_000)).toBeUndefined();
    // Inside a noisy curve, the first segment that holds the rate answers.
    expect(equivalentWork(noisy, 10_500)?.beyond).toBe(false);
  });
});
