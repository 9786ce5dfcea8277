/**
 * Entra sends `active` as the strings "True" / "False" (scim-ecosystem.md §2 row 2: PATCH without
 * `aadOptscim062020`, and on POST/PUT); OneLogin's templates interpolate `"{$user.active}"` into a
 * string (row 40). So a boolean attribute or sub-attribute (`active`, `primary`) takes:
 * - true / false;
 * - "true" / "false" in any case, with surrounding white space;
 * - null, "" or a string of white space only: unassigned, as for every attribute (rows 8, 12, 40;
 *   docs/decisions/0035-string-booleans.md);
 * and anything else is `400 invalidValue`. POST, PUT and PATCH all read booleans through here.
 */
import { invalidValue } from '../scim-error.js';

/** The boolean `value` stands for, or undefined when it leaves the attribute unassigned. */
export function readBoolean(value: unknown, what: string): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (value === null || value === undefined) return undefined;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (s === '') return undefined;
    if (s === 'true' || s === 'false') return s === 'true';
  }
  throw invalidValue(`${what} must be a boolean (true or false), got ${JSON.stringify(value).slice(0, 80)}.`);
}
