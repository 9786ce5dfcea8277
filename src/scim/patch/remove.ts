/**
 * `remove` on one attribute (RFC 7644 §3.5.2.2). Removing what is not there succeeds and changes
 * nothing: the RFC defines `noTarget` for a path-less remove and for a `replace` filter without a
 * match, not for a remove filter without a match, and IdPs retry removals (Entra re-sends a member
 * removal after a timeout), so a remove is idempotent.
 */
import { isUnassigned } from '../quirks/index.js';
import { invalidPath } from '../scim-error.js';
import { elementsOf, isHollow, matcherFor, normalizeElement } from './elements.js';
import { isManager, removeManager } from './manager.js';
import type { AttributeTarget } from './target.js';
import type { ResourceSchemaInfo } from './types.js';
import { settle } from './write.js';
import { deepEqual, findKey, getIgnoreCase, isPlainObject, type Doc } from './values.js';

export function removeAttribute(container: Doc, t: AttributeTarget, value: unknown, hasValue: boolean, info: ResourceSchemaInfo): void {
  const key = findKey(container, t.name);
  if (key === undefined) return;
  if (isManager(t)) return removeManager(container, key, t, value, hasValue);
  const existing = container[key];
  const sub = t.subAttr ?? t.sub;
  if (!Array.isArray(existing) && !isPlainObject(existing) && (t.filter || sub)) {
    if (existing === null) return;
    throw invalidPath(`"${t.spelling}" is neither multi-valued nor complex`);
  }
  if (t.filter || sub) {
    // A complex single value is filtered like a one-element list (`manager[value eq "id"]`).
    const list = elementsOf(existing);
    const matches = matcherFor(t.name);
    const kept: unknown[] = [];
    for (const el of list) {
      if (t.filter && !matches(el, t.filter)) kept.push(el);
      else if (sub && !isPlainObject(el)) kept.push(el);
      else if (sub && isPlainObject(el)) {
        const rest = { ...el };
        const k = findKey(rest, sub.name);
        if (k !== undefined) delete rest[k];
        if (Object.keys(rest).length > 0 && !(Array.isArray(existing) && isHollow(rest))) kept.push(rest);
      }
    }
    return settle(container, key, Array.isArray(existing) ? kept : kept[0]);
  }
  // Entra without `aadOptscim062020` removes by value (quirk 4): only the given values go.
  if (hasValue && !isUnassigned(value)) {
    if (!Array.isArray(existing)) {
      if (deepEqual(existing, value)) delete container[key];
      return;
    }
    const complex = info.multiValued.has(t.name) || existing.some(isPlainObject);
    const given = elementsOf(value)
      .map((v) => normalizeElement(v, complex, t.spelling))
      .filter((v) => v !== null);
    const kept = existing.filter((el) => !given.some((g) => sameElement(el, g, t.name)));
    return settle(container, key, kept);
  }
  delete container[key];
}

/** A given element names a stored one by its `value` when it has one, else by all it carries. */
function sameElement(stored: unknown, given: unknown, attribute: string): boolean {
  const gv = isPlainObject(given) ? getIgnoreCase(given, 'value') : given;
  if (typeof gv !== 'string' && typeof gv !== 'number' && typeof gv !== 'boolean') return deepEqual(stored, given);
  const sv = isPlainObject(stored) ? getIgnoreCase(stored, 'value') : stored;
  return matcherFor(attribute)({ value: sv }, { op: 'eq', attr: { name: 'value' }, value: gv });
}
