/** CloudSSO's wire time format: ISO-8601 UTC with second precision, `2021-10-26T03:03:42Z`. */
export function toCloudSSOTime(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
