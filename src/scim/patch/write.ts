/**
 * `add` and `replace` on one attribute (RFC 7644 §3.5.2.1, §3.5.2.3). The two differ only on a
 * multi-valued attribute without a filter: `add` appends, `replace` swaps the whole list. On a
 * single-valued attribute `add` replaces (RFC 7644 §3.5.2.1; Entra deactivates with `Add active`,
 * quirk 3); on a complex one both merge the given sub-attributes and leave the others (§3.5.2.3:
 * "Sub-attributes that are not specified in the value parameter are left unchanged").
 * `null` and `""` unassign (quirk 8).
 */
import { isUnassigned, readBoolean } from '../quirks/index.js';
import { invalidPath, invalidValue, noTarget } from '../scim-error.js';
import {
  appendNew,
  chooseTarget,
  demoteOthers,
  elementsOf,
  isHollow,
  matcherFor,
  normalizeElement,
  seedFromFilter,
  single,
  subValue,
} from './elements.js';
import { isManager, writeManager } from './manager.js';
import { keyFor } from './names.js';
import type { AttributeTarget } from './target.js';
import type { ResourceSchemaInfo } from './types.js';
import { deepEqual, isEmpty, isPlainObject, type Doc } from './values.js';

export function writeAttribute(container: Doc, t: AttributeTarget, op: 'add' | 'replace', value: unknown, info: ResourceSchemaInfo): void {
  const key = keyFor(container, t.name, t.spelling);
  if (isManager(t)) return writeManager(container, key, t, value);
  const existing = container[key];
  const multi = Array.isArray(existing) || (t.scope.kind === 'core' && info.multiValued.has(t.name));
  if (t.filter) {
    if (!multi) throw invalidPath(`"${t.spelling}" is not multi-valued: a filter cannot select one of its values`);
    return writeFiltered(container, key, t, op, value, info);
  }
  if (t.sub) {
    if (multi) return writeFiltered(container, key, { ...t, subAttr: t.sub }, op, value, info);
    return writeSub(container, key, t, value, info);
  }
  if (multi) return writeList(container, key, t, op, value, info);
  if (isBoolean(info, t)) {
    // Entra's "True"/"False" (scim/quirks/string-booleans.ts); unassigned values clear.
    const b = readBoolean(value, t.spelling);
    if (b === undefined) delete container[key];
    else container[key] = b;
  } else if (isUnassigned(value)) {
    delete container[key];
  } else if (isPlainObject(value) && (existing === undefined || isPlainObject(existing))) {
    const obj: Doc = isPlainObject(existing) ? existing : {};
    for (const [k, v] of Object.entries(value)) setSub(obj, k.toLowerCase(), k, v, info, t);
    settle(container, key, obj);
  } else {
    container[key] = structuredClone(value);
  }
}

const isBoolean = (info: ResourceSchemaInfo, t: AttributeTarget, sub?: string): boolean =>
  t.scope.kind === 'core' && info.booleans.has(sub === undefined ? t.name : `${t.name}.${sub}`);

/** Writes or clears one sub-attribute of `obj` (a complex value or an element). */
function setSub(obj: Doc, lower: string, spelling: string, v: unknown, info: ResourceSchemaInfo, t: AttributeTarget): void {
  const k = keyFor(obj, lower, spelling);
  const stored = isUnassigned(v) ? undefined : subValue(lower, v, isBoolean(info, t, lower), `${t.spelling}.${spelling}`);
  if (stored === undefined) delete obj[k];
  else obj[k] = stored;
}

/** Stores `v` under `key`, or removes the key when `v` is unassigned (RFC 7643 §2.5). */
export function settle(container: Doc, key: string, v: unknown): void {
  if (isEmpty(v)) delete container[key];
  else container[key] = v;
}

/** `name.givenName`: merges into the complex value, creating it. */
function writeSub(container: Doc, key: string, t: AttributeTarget, value: unknown, info: ResourceSchemaInfo): void {
  const existing = container[key];
  if (existing !== undefined && existing !== null && !isPlainObject(existing)) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- writeSub is called only for a target with a sub-attribute
    throw invalidPath(`"${t.spelling}" is not complex: it has no sub-attribute "${t.sub!.spelling}"`);
  }
  const obj: Doc = isPlainObject(existing) ? existing : {};
  // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- writeSub is called only for a target with a sub-attribute
  setSub(obj, t.sub!.name, t.sub!.spelling, value, info, t);
  settle(container, key, obj);
}

/** No filter: `add` appends new elements, `replace` sets the list (RFC 7644 §3.5.2.3). */
function writeList(container: Doc, key: string, t: AttributeTarget, op: 'add' | 'replace', value: unknown, info: ResourceSchemaInfo): void {
  const list = elementsOf(container[key]);
  if (isUnassigned(value)) {
    if (op === 'replace') delete container[key];
    return; // `add` of nothing adds nothing
  }
  const complex = info.multiValued.has(t.name) || list.some(isPlainObject);
  const incoming = elementsOf(value)
    .map((v) => normalizeElement(v, complex, t.spelling))
    .filter((v) => v !== null);
  if (op === 'replace') {
    const next: unknown[] = [];
    appendNew(next, incoming);
    return settle(container, key, next);
  }
  appendNew(list, incoming);
  settle(container, key, list);
}

/**
 * `emails[type eq "work"].value`, `addresses[type eq "work"]`, and `emails.value` (every element
 * matches). Acts on the primary match, else the first (quirk 16). With no match the element is
 * created from the filter's equalities (Entra sends these for elements that do not exist yet,
 * quirk 6); a filter that describes no single element fails with `noTarget` (RFC 7644 §3.5.2.3).
 */
function writeFiltered(container: Doc, key: string, t: AttributeTarget, op: 'add' | 'replace', value: unknown, info: ResourceSchemaInfo): void {
  const list = elementsOf(container[key]);
  const matches = matcherFor(t.name);
  const matched = list.flatMap((el, i) => (!t.filter || matches(el, t.filter) ? [i] : []));
  const sub = t.subAttr;
  const seed = t.filter ? seedFromFilter(t.filter) : {};
  if (matched.length === 0) {
    if (isUnassigned(value)) return; // nothing to clear
    if (seed === null) throw noTarget(`no value of "${t.spelling}" matches the filter, and it does not describe a new one`);
    const el: Doc = structuredClone(seed);
    if (sub) setSub(el, sub.name, sub.spelling, value, info, t);
    else Object.assign(el, elementValue(value, t));
    demoteOthers(list, el);
    list.push(el);
    return settle(container, key, list);
  }
  const i = chooseTarget(list, matched);
  if (isUnassigned(value) && !sub) {
    for (const j of [...matched].reverse()) list.splice(j, 1);
    return settle(container, key, list);
  }
  let el: Doc;
  if (sub) {
    el = isPlainObject(list[i]) ? { ...(list[i] as Doc) } : { value: list[i] };
    setSub(el, sub.name, sub.spelling, value, info, t);
  } else if (op === 'add') {
    el = isPlainObject(list[i]) ? { ...(list[i] as Doc) } : { value: list[i] };
    for (const [k, v] of Object.entries(elementValue(value, t))) el[keyFor(el, k.toLowerCase(), k)] = v;
  } else {
    // The filter's equalities stay true of the element: `replace emails[type eq "work"]` with
    // `{value}` keeps `type: "work"` (RFC 7644 §3.5.2.3 replaces the matched value).
    el = { ...structuredClone(seed ?? {}), ...elementValue(value, t) };
  }
  // An element cleared down to its type, or now equal to another one, goes.
  if ((isUnassigned(value) && isHollow(el)) || list.some((x, j) => j !== i && deepEqual(x, el))) {
    list.splice(i, 1);
  } else {
    list[i] = el;
    demoteOthers(list, el);
  }
  settle(container, key, list);
}

function elementValue(value: unknown, t: AttributeTarget): Doc {
  const v = normalizeElement(single(value, t.spelling), true, t.spelling);
  if (!isPlainObject(v)) throw invalidValue(`"${t.spelling}" with a filter needs an object value`);
  return v;
}
