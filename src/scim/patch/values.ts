/**
 * JSON value helpers shared by the engine: shape tests, "unassigned", equality with
 * case-insensitive keys. (The IdP tolerances, string booleans and `""` as unassigned among them,
 * are in scim/quirks/.)
 */
import { invalidValue } from '../scim-error.js';

export type Doc = Record<string, unknown>;

export const isPlainObject = (v: unknown): v is Doc =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Absent, null, "", [] and {} are all "unassigned" (RFC 7643 §2.5). */
export function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (isPlainObject(v)) return Object.values(v).every(isEmpty);
  return false;
}

/** The key of `obj` equal to `lowerName` ignoring case, if any. */
export function findKey(obj: Doc, lowerName: string): string | undefined {
  if (Object.hasOwn(obj, lowerName)) return lowerName;
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lowerName) return k;
  return undefined;
}

/** The value under `lowerName` ignoring case. */
export const getIgnoreCase = (obj: Doc, lowerName: string): unknown => {
  const k = findKey(obj, lowerName);
  return k === undefined ? undefined : obj[k];
};

/**
 * Structural equality, keys compared without case, unassigned members ignored (`{a: 1, b: null}`
 * equals `{a: 1}`).
 */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const norm = (o: Doc) => {
      const m = new Map<string, unknown>();
      for (const [k, v] of Object.entries(o)) if (!isEmpty(v)) m.set(k.toLowerCase(), v);
      return m;
    };
    const ma = norm(a);
    const mb = norm(b);
    if (ma.size !== mb.size) return false;
    for (const [k, v] of ma) if (!mb.has(k) || !deepEqual(v, mb.get(k))) return false;
    return true;
  }
  return false;
}

/** Like deepEqual, with every unassigned value equal to every other (absent, null, "", [], {}). */
export const sameValue = (a: unknown, b: unknown): boolean => (isEmpty(a) && isEmpty(b)) || deepEqual(a, b);

/** Refuses the one key that would set a prototype when assigned (`__proto__`). */
export function safeKey(key: string): string {
  if (key === '__proto__') throw invalidValue('Attribute name "__proto__" is not allowed');
  return key;
}
