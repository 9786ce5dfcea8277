/**
 * Operations on an attribute kept outside the document (a Group's `members`): turned into
 * MemberChange values for the store, which owns the membership rows.
 *
 * Shapes accepted (RFC 7644 §3.5.2 plus the IdP quirks 4, 5, 32, 42 and the Microsoft collection):
 * - add / replace `members` with `[{value, display?, $ref?}]`, one such object, or bare id strings
 *   (`"value": "string id 1"`); a `null` `$ref` is ignored.
 * - remove `members[value eq "id"]`, also `value eq "a" or value eq "b"`.
 * - remove `members` with a value (Entra without `aadOptscim062020`, JumpCloud): removes those ids,
 *   never all members, even when the list is empty.
 * - remove `members` without a value: remove all (RFC 7644 §3.5.2.2).
 * - replace `members` with `null` or `""`: remove all; replace `members[value eq "old"]`: the
 *   matched ids leave and the value's ids join (RFC 7644 §3.5.2.3 "matching records are replaced").
 */
import type { Filter } from '../../core/filter.js';
import { isUnassigned, memberDisplay } from '../quirks/index.js';
import { invalidFilter, invalidPath, invalidValue } from '../scim-error.js';
import type { MemberChange } from './types.js';
import { getIgnoreCase, isPlainObject } from './values.js';

export interface MemberTarget {
  readonly name: string;
  readonly filter?: Filter;
  /** `members.value` or `members[...].display`: not addressable here. */
  readonly sub?: string;
}

export function memberChanges(op: 'add' | 'replace' | 'remove', target: MemberTarget, value: unknown, hasValue: boolean): MemberChange[] {
  if (target.sub !== undefined) {
    throw invalidPath(`"${target.name}.${target.sub}" cannot be patched; patch "${target.name}" with {value} objects`);
  }
  if (op === 'remove') {
    if (target.filter) return [{ kind: 'remove', values: idsFromFilter(target.filter, target.name) }];
    if (!hasValue) return [{ kind: 'removeAll' }];
    const { values } = idsFromValue(value, target.name);
    return values.length > 0 ? [{ kind: 'remove', values }] : [];
  }
  if (op === 'add') {
    if (target.filter) throw invalidPath(`"add" cannot take a filter on "${target.name}"; add {value} objects to "${target.name}"`);
    const added = idsFromValue(value, target.name);
    return added.values.length > 0 ? [{ kind: 'add', ...added }] : [];
  }
  if (isUnassigned(value)) {
    return target.filter ? [{ kind: 'remove', values: idsFromFilter(target.filter, target.name) }] : [{ kind: 'removeAll' }];
  }
  const next = idsFromValue(value, target.name);
  if (!target.filter) return [{ kind: 'replace', ...next }];
  const removed: MemberChange = { kind: 'remove', values: idsFromFilter(target.filter, target.name) };
  return next.values.length > 0 ? [removed, { kind: 'add', ...next }] : [removed];
}

interface Ids {
  values: string[];
  displays?: Record<string, string>;
}

function idsFromValue(value: unknown, name: string): Ids {
  const items = Array.isArray(value) ? value : [value];
  const values: string[] = [];
  const displays: Record<string, string> = {};
  for (const item of items) {
    if (isUnassigned(item)) continue;
    let id: unknown = item;
    if (isPlainObject(item)) {
      id = getIgnoreCase(item, 'value');
      const display = memberDisplay(item);
      if (typeof id === 'string' && display !== undefined) displays[id] = display;
    }
    if (typeof id === 'number') id = String(id);
    if (typeof id !== 'string' || id === '') {
      throw invalidValue(`each "${name}" value needs a non-empty string "value" (the member id), got ${JSON.stringify(item)}`);
    }
    if (!values.includes(id)) values.push(id);
  }
  return Object.keys(displays).length > 0 ? { values, displays } : { values };
}

/** `value eq "id"`, or an `or` of such: the only member filters a store can apply without loading members. */
function idsFromFilter(f: Filter, name: string): string[] {
  if (f.op === 'or') return [...new Set(f.filters.flatMap((g) => idsFromFilter(g, name)))];
  if (f.op === 'eq' && f.attr.name === 'value' && f.attr.sub === undefined && (typeof f.value === 'string' || typeof f.value === 'number')) {
    return [String(f.value)];
  }
  throw invalidFilter(`"${name}" paths support only value eq "<id>" filters, combined with "or"`);
}
