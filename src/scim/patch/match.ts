/**
 * In-memory evaluation of the filter inside a PATCH valuePath (`emails[type eq "work"]`,
 * `members[value eq "id"]`) against one element of a multi-valued attribute (RFC 7644 §3.5.2,
 * filter semantics of §3.4.2.2).
 *
 * Case: attribute names are case-insensitive (RFC 7643 §2.1). String comparisons are
 * case-insensitive too, because every string sub-attribute the RFC gives a multi-valued attribute
 * (`type`, `display`, emails' `value`...) has `caseExact: false`, except the names in
 * `caseExact`: `$ref` always (a URI), and `value` where it holds a resource id (`members`,
 * `manager`, `groups`; the engine passes that set), since ids differing only in case are
 * different resources.
 */
import type { AttributePath, CompareOperator, Filter, FilterValue } from '../../core/filter.js';
import { invalidFilter } from '../scim-error.js';
import { getIgnoreCase, isEmpty, isPlainObject, type Doc } from './values.js';

export interface MatchOptions {
  /** Lower-cased attribute names compared case-exactly. Default: `$ref`. */
  readonly caseExact?: ReadonlySet<string>;
}

const DEFAULT_CASE_EXACT: ReadonlySet<string> = new Set(['$ref']);

export function matchesFilter(element: Record<string, unknown>, filter: Filter, options: MatchOptions = {}): boolean {
  return evaluate(element, filter, options.caseExact ?? DEFAULT_CASE_EXACT);
}

function evaluate(el: Doc, f: Filter, caseExact: ReadonlySet<string>): boolean {
  switch (f.op) {
    case 'and':
      return f.filters.every((g) => evaluate(el, g, caseExact));
    case 'or':
      return f.filters.some((g) => evaluate(el, g, caseExact));
    case 'not':
      return !evaluate(el, f.filter, caseExact);
    case 'pr':
      return !isEmpty(resolve(el, f.attr));
    case 'has': {
      const v = resolve(el, f.attr);
      const items = Array.isArray(v) ? v : [v];
      return items.some((x) => isPlainObject(x) && evaluate(x, f.filter, caseExact));
    }
    default: {
      const exact = caseExact.has((f.attr.sub ?? f.attr.name).toLowerCase());
      const values = leaves(resolve(el, f.attr));
      // RFC 7644 §3.4.2.2: `eq null` / `ne null` test absence / presence.
      const expected = f.value;
      if (expected === null) {
        if (f.op === 'eq') return values.length === 0;
        if (f.op === 'ne') return values.length > 0;
        throw invalidFilter(`'${f.op}' cannot compare with null`);
      }
      if (f.op === 'ne') return !values.some((v) => compare('eq', v, expected, exact));
      const op = f.op;
      return values.some((v) => compare(op, v, expected, exact));
    }
  }
}

/** `attr` or `attr.sub` of the element; a complex value without `.sub` stands for its `value`. */
function resolve(el: Doc, attr: AttributePath): unknown {
  const v = getIgnoreCase(el, attr.name.toLowerCase());
  if (attr.sub === undefined) return v;
  const sub = attr.sub.toLowerCase();
  if (Array.isArray(v)) return v.map((x) => (isPlainObject(x) ? getIgnoreCase(x, sub) : undefined));
  return isPlainObject(v) ? getIgnoreCase(v, sub) : undefined;
}

type Leaf = string | number | boolean;

function leaves(v: unknown): Leaf[] {
  if (Array.isArray(v)) return v.flatMap(leaves);
  if (isPlainObject(v)) return leaves(getIgnoreCase(v, 'value'));
  if (typeof v === 'string') return v === '' ? [] : [v];
  if (typeof v === 'number' || typeof v === 'boolean') return [v];
  return [];
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T|$)/;

function compare(op: CompareOperator, actual: Leaf, expected: Exclude<FilterValue, null>, exact: boolean): boolean {
  // A boolean compared with "true"/"false" (Entra writes `primary eq "True"` style values).
  if (typeof actual === 'boolean' || typeof expected === 'boolean') {
    if (op !== 'eq') throw invalidFilter(`'${op}' is not defined for booleans (RFC 7644 §3.4.2.2)`);
    return String(actual).toLowerCase() === String(expected).toLowerCase();
  }
  if (typeof actual === 'number' || typeof expected === 'number') {
    const a = Number(actual);
    const b = Number(expected);
    if (Number.isNaN(a) || Number.isNaN(b)) return false;
    return order(op, a === b ? 0 : a < b ? -1 : 1);
  }
  const a = exact ? actual : actual.toLowerCase();
  const b = exact ? expected : expected.toLowerCase();
  switch (op) {
    case 'co':
      return a.includes(b);
    case 'sw':
      return a.startsWith(b);
    case 'ew':
      return a.endsWith(b);
    default: {
      if (op !== 'eq' && ISO_DATE.test(actual) && ISO_DATE.test(expected)) {
        const ta = Date.parse(actual);
        const tb = Date.parse(expected);
        if (!Number.isNaN(ta) && !Number.isNaN(tb)) return order(op, ta === tb ? 0 : ta < tb ? -1 : 1);
      }
      return order(op, a === b ? 0 : a < b ? -1 : 1);
    }
  }
}

function order(op: CompareOperator, cmp: number): boolean {
  switch (op) {
    case 'eq':
      return cmp === 0;
    case 'gt':
      return cmp > 0;
    case 'ge':
      return cmp >= 0;
    case 'lt':
      return cmp < 0;
    case 'le':
      return cmp <= 0;
    default:
      return false; // co / sw / ew on numbers (ne is handled by the caller)
  }
}
