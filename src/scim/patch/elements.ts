/**
 * Values of multi-valued attributes (RFC 7643 §2.4): normalizing what a client sends, choosing
 * which element a valuePath acts on, and keeping at most one `primary`.
 */
import type { Filter } from '../../core/filter.js';
import { idReferenceAttributes } from '../../scim-model/index.js';
import { asValueObject, isUnassigned, readBoolean } from '../quirks/index.js';
import { invalidValue } from '../scim-error.js';
import { matchesFilter } from './match.js';
import { keyFor } from './names.js';
import { deepEqual, getIgnoreCase, findKey, isPlainObject, type Doc } from './values.js';

/** Attributes whose `value` is a resource id (`members`, `groups`, `manager`): compared case-exactly (see match.ts). */
const ID_REFERENCES = idReferenceAttributes();
const ID_CASE_EXACT: ReadonlySet<string> = new Set(['value', '$ref']);

export const matcherFor = (attribute: string) => (el: unknown, filter: Filter): boolean =>
  matchesFilter(isPlainObject(el) ? el : { value: el }, filter, ID_REFERENCES.has(attribute) ? { caseExact: ID_CASE_EXACT } : {});

/** The current elements as a fresh array (a lone value counts as one element). */
export function elementsOf(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.slice();
  return v === undefined || v === null ? [] : [v];
}

/**
 * A sub-attribute value as stored: `primary` (RFC 7643 §2.4) and configured booleans read as
 * booleans (scim/quirks/string-booleans.ts); undefined when that leaves it unassigned.
 */
export function subValue(lowerSub: string, v: unknown, isBoolean: boolean, what: string): unknown {
  return lowerSub === 'primary' || isBoolean ? readBoolean(v, what) : structuredClone(v);
}

/**
 * One element as sent -> as stored, or null when it carries nothing. Keys take their RFC spelling
 * (`"Primary"` -> `primary`), unassigned sub-attributes are dropped (`"$ref": null` from Entra),
 * and a bare string becomes `{value}` for a complex attribute (`"value": "string id 1"`).
 */
export function normalizeElement(v: unknown, complex: boolean, what: string): unknown {
  if (isUnassigned(v)) return null;
  if (Array.isArray(v)) throw invalidValue(`${what}: an element cannot be an array`);
  if (!isPlainObject(v)) return complex ? asValueObject(v) : v;
  const out: Doc = {};
  for (const [k, x] of Object.entries(v)) {
    if (isUnassigned(x)) continue;
    const lower = k.toLowerCase();
    const stored = subValue(lower, x, false, `${what}.${k}`);
    if (stored !== undefined) out[keyFor(out, lower, k)] = stored;
  }
  return Object.keys(out).length === 0 ? null : out;
}

/** A one-element array stands for its element where a single value is expected. */
export function single(v: unknown, what: string): unknown {
  if (!Array.isArray(v)) return v;
  if (v.length === 1) return v[0];
  throw invalidValue(`${what}: expected one value, got an array of ${v.length}`);
}

export const isPrimary = (el: unknown): boolean => isPlainObject(el) && getIgnoreCase(el, 'primary') === true;

/**
 * Of the elements matched by a valuePath, the one `add`/`replace` acts on: the primary, else the
 * first. Types are meant to be unique, but Microsoft's collection posts two "work" emails (quirk 16).
 */
export const chooseTarget = (list: readonly unknown[], matched: readonly number[]): number =>
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- a valuePath target is chosen only among matches (matched is not empty)
  matched.find((i) => isPrimary(list[i])) ?? matched[0]!;

/** RFC 7643 §2.4: "The primary attribute value "true" MUST appear no more than once". */
export function demoteOthers(list: unknown[], keep: unknown): void {
  if (!isPrimary(keep)) return;
  for (let i = 0; i < list.length; i++) {
    const el = list[i];
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- isPrimary(el) found its `primary` key
    if (el !== keep && isPrimary(el) && isPlainObject(el)) list[i] = { ...el, [findKey(el, 'primary')!]: false };
  }
}

/** Appends what is not already there (RFC 7644 §3.5.2.1: "no changes SHOULD be made"). */
export function appendNew(list: unknown[], incoming: readonly unknown[]): void {
  for (const el of incoming) {
    if (list.some((x) => deepEqual(x, el))) continue;
    demoteOthers(list, el);
    list.push(el);
  }
}

const DESCRIPTIVE = new Set(['type', 'primary', 'display']);

/** An element left with only `type` / `primary` / `display` carries no value any more. */
export const isHollow = (el: unknown): boolean =>
  isPlainObject(el) && Object.keys(el).every((k) => DESCRIPTIVE.has(k.toLowerCase()));

/**
 * The element a valuePath filter describes, when it can be built from it: `type eq "work"`, or an
 * `and` of such equalities. Anything else (`or`, `co`, `not`...) describes no single element.
 */
export function seedFromFilter(f: Filter): Doc | null {
  if (f.op === 'eq' && f.attr.schema === undefined && f.attr.sub === undefined && f.value !== null) {
    const out: Doc = {};
    out[keyFor(out, f.attr.name, f.attr.name)] = f.value;
    return out;
  }
  if (f.op !== 'and') return null;
  const out: Doc = {};
  for (const g of f.filters) {
    const part = seedFromFilter(g);
    if (part === null) return null;
    for (const [k, v] of Object.entries(part)) {
      if (Object.hasOwn(out, k) && out[k] !== v) return null;
      out[k] = v;
    }
  }
  return out;
}
