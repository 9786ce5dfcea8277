import { invalidParameter } from '../../../rpc/edge-errors.js';

/**
 * ListTasks' `Filter`: the one form CloudSSO documents, `StartTime ge YYYY-MM-DDThh:mm:ssZ`
 * (keywords case-insensitive; reference cloudsso-access.md §3.8). The value may be quoted like the
 * other filters' values. An empty `Filter` filters nothing (the last 24 hours). The 7-day bound
 * is the core's (core/tasks.ts listTasks).
 */
const FORM = /^\s*starttime\s+ge\s+(["']?)(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)\1\s*$/i;

export function taskStartTimeFilter(input: string | undefined): number | undefined {
  if (input === undefined || input.trim() === '') return undefined;
  const m = FORM.exec(input);
  const ms = m ? Date.parse((m[2] ?? '').toUpperCase()) : NaN;
  if (Number.isNaN(ms)) throw invalidParameter('Filter', 'it must be StartTime ge YYYY-MM-DDThh:mm:ssZ, a UTC time within the last 7 days');
  return ms;
}
