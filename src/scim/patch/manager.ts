/**
 * The enterprise `manager` (RFC 7643 §4.3), stored as `{value: "<user id>"}`. Entra sends it as a
 * bare id string, as `{value}`, as `[{$ref, value}]` (tutorial Example 5), clears it with `""` or
 * `null` (SCIM_Update_Manager_Test), and may remove it with `manager[value eq "id"]` (quirks 7, 8).
 * `displayName` and `$ref` are derived by the server from the id, so writes to them are ignored.
 */
import { isUnassigned } from '../quirks/index.js';
import { invalidPath, invalidValue } from '../scim-error.js';
import { matcherFor, single } from './elements.js';
import { ENTERPRISE_USER, type AttributeTarget } from './target.js';
import { getIgnoreCase, isPlainObject, type Doc } from './values.js';

export const isManager = (t: AttributeTarget): boolean =>
  t.scope.kind === 'extension' && t.scope.urn === ENTERPRISE_USER && t.name === 'manager';

/** The stored form of a manager value, or null to clear it. */
function normalize(v: unknown, what: string): { value: string } | null {
  if (Array.isArray(v) && v.length === 0) return null;
  const one = single(v, what);
  const id = isPlainObject(one) ? getIgnoreCase(one, 'value') : one;
  if (id === undefined && isPlainObject(one)) throw invalidValue(`${what} needs a "value" (the manager's user id)`);
  if (isUnassigned(id) || id === undefined) return null;
  if (typeof id !== 'string') throw invalidValue(`${what} must be a user id string, got ${JSON.stringify(id)}`);
  return { value: id };
}

const currentId = (v: unknown): unknown => (isPlainObject(v) ? getIgnoreCase(v, 'value') : v);

export function writeManager(container: Doc, key: string, t: AttributeTarget, value: unknown): void {
  if (t.filter) throw invalidPath(`"${t.spelling}" is single-valued: a filter cannot select one of its values`);
  if (t.sub && t.sub.name !== 'value') return; // derived: displayName, $ref
  const next = normalize(value, t.spelling);
  if (next === null) delete container[key];
  else container[key] = next;
}

/** Clears the manager; with a filter or a value, only when it names the current manager. */
export function removeManager(container: Doc, key: string, t: AttributeTarget, value: unknown, hasValue: boolean): void {
  const id = currentId(container[key]);
  if (t.filter) {
    if (typeof id === 'string' && matcherFor('manager')({ value: id }, t.filter)) delete container[key];
    return;
  }
  if (t.sub && t.sub.name !== 'value') return;
  if (hasValue && !isUnassigned(value)) {
    const given = normalize(value, t.spelling);
    if (given !== null && given.value !== id) return;
  }
  delete container[key];
}
