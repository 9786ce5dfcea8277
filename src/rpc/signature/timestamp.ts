/**
 * Both schemes send `YYYY-MM-DDThh:mm:ssZ` (alibaba-sdk-protocol.md §3); fractional seconds are
 * accepted for hand-written clients. Nothing else (no offsets, no lower-case `z`): the value is
 * signed, so being strict costs no real client anything.
 */
const FORMAT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/;

/** Epoch ms of a timestamp, or undefined if it is not the format above or not a real instant. */
export function parseTimestamp(raw: string): number | undefined {
  const m = FORMAT.exec(raw);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, ms);
  // Date silently rolls 2026-02-30 over to March; reading the fields back rejects that.
  const same =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === mo - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  return same ? date.getTime() : undefined;
}

/**
 * The replay window of §5.5: |now − timestamp| ≤ maxSkew (inclusive), in both directions, since a
 * client clock running ahead is as much a replay risk as one running behind.
 */
export function checkTimestamp(raw: string, nowMs: number, maxSkewMs: number): 'ok' | 'format' | 'expired' {
  const t = parseTimestamp(raw);
  if (t === undefined) return 'format';
  return Math.abs(nowMs - t) <= maxSkewMs ? 'ok' : 'expired';
}
