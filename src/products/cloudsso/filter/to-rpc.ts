import type { Filter } from '../../../core/filter.js';
import { invalidParameter } from '../../../rpc/edge-errors.js';
import { parseManagementFilter, type FilterAttribute } from './parse.js';

/**
 * The `Filter` parameter as a core filter tree, or InvalidParameter.Filter saying what is wrong.
 * An empty `Filter=` (what a script sends for an unset variable) filters nothing.
 */
export function managementFilter(input: string | undefined, attribute: FilterAttribute): Filter | undefined {
  if (input === undefined || input.trim() === '') return undefined;
  const parsed = parseManagementFilter(input, attribute);
  if (!parsed.ok) throw invalidParameter('Filter', parsed.reason);
  return parsed.filter;
}
