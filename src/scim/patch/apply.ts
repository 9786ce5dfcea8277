/**
 * Applies validated PATCH operations to a SCIM document (RFC 7644 §3.5.2). Pure: the input is
 * cloned, operations run in order on the clone, and any failure throws a ScimError before the
 * caller stores anything, so a PATCH is all or nothing ("the operations ... SHALL be applied
 * atomically", §3.5.2).
 *
 * Each operation goes through the same steps:
 *   1. path-less add/replace: each member of the value is an operation of its own, its key read
 *      as a path (Entra with `aadOptscim062020` sends `"name.givenName"` and URN-prefixed keys,
 *      quirk 9);
 *   2. resolve the path to a core attribute, an extension attribute or an extension object;
 *   3. guards on core attributes: `meta` and `schemas` are ignored, `external` ones become
 *      MemberChange values, `readOnly` ones may only be "changed" to what they are;
 *   4. write or remove.
 */
import { parsePatchPath } from '../filter/path.js';
import { IGNORED_IN_PATCH, isUnassigned } from '../quirks/index.js';
import { invalidPath, invalidValue, mutability } from '../scim-error.js';
import { memberChanges } from './members.js';
import { spellPath } from './names.js';
import { removeAttribute } from './remove.js';
import { resolveTarget, type AttributeTarget, type Target } from './target.js';
import type { MemberChange, ParsedOperation, ParsedPath, PatchResult, ResourceSchemaInfo } from './types.js';
import { deepEqual, findKey, isPlainObject, sameValue, type Doc } from './values.js';
import { atOperation } from './where.js';
import { writeAttribute } from './write.js';

type Op = 'add' | 'replace' | 'remove';

interface Run {
  readonly info: ResourceSchemaInfo;
  readonly doc: Doc;
  readonly changes: MemberChange[];
}

export function applyPatch(resource: Record<string, unknown>, ops: readonly ParsedOperation[], info: ResourceSchemaInfo): PatchResult {
  const run: Run = { info, doc: structuredClone(resource), changes: [] };
  for (const op of ops) {
    atOperation(op.index, () => {
      if (op.path) apply(run, op.op, resolveTarget(op.path, info, run.doc), op.value, 'value' in op);
      else applyPathless(run, op.op as 'add' | 'replace', op.value);
    });
  }
  syncSchemas(resource, run.doc);
  return { resource: run.doc, memberChanges: run.changes, changed: !deepEqual(resource, run.doc) };
}

function applyPathless(run: Run, op: 'add' | 'replace', value: unknown): void {
  if (!isPlainObject(value)) throw invalidValue(`"${op}" without "path" needs an object "value"`);
  for (const [key, v] of Object.entries(value)) {
    if (key.toLowerCase() === run.info.coreSchema) {
      applyPathless(run, op, v);
      continue;
    }
    apply(run, op, resolveTarget(keyAsPath(key), run.info, run.doc), v, true);
  }
}

function keyAsPath(key: string): ParsedPath {
  try {
    const parsed = parsePatchPath(key);
    return { text: key, parsed, spelling: spellPath(key, parsed) };
  } catch {
    throw invalidPath(`value member ${JSON.stringify(key)} is not an attribute name or path`);
  }
}

function apply(run: Run, op: Op, target: Target, value: unknown, hasValue: boolean): void {
  const { doc, info } = run;
  switch (target.kind) {
    case 'root':
      if (op === 'remove') throw invalidPath('the resource itself cannot be removed');
      return applyPathless(run, op, value);
    case 'extension': {
      const { key } = target.scope;
      if (op === 'remove' || isUnassigned(value)) {
        delete doc[key];
        return;
      }
      if (!isPlainObject(value)) throw invalidValue(`"${key}" needs an object value`);
      const container = extensionObject(doc, key);
      for (const [k, v] of Object.entries(value)) {
        const t: AttributeTarget = { kind: 'attribute', scope: target.scope, name: k.toLowerCase(), spelling: k };
        writeAttribute(container, t, op, v, info);
      }
      return settleExtension(doc, key, container);
    }
    case 'attribute':
      break;
  }
  if (target.scope.kind === 'core') {
    if (IGNORED_IN_PATCH.has(target.name)) return; // server-managed (scim/quirks/server-managed-attributes.ts)
    if (info.external?.has(target.name)) {
      const sub = target.sub ?? target.subAttr;
      const t = { name: target.spelling, ...(target.filter ? { filter: target.filter } : {}), ...(sub ? { sub: sub.spelling } : {}) };
      run.changes.push(...memberChanges(op, t, value, hasValue));
      return;
    }
    if (info.readOnly.has(target.name)) return guardReadOnly(doc, op, target, value, hasValue, info);
    return change(doc, op, target, value, hasValue, info);
  }
  const { key } = target.scope;
  const container = extensionObject(doc, key);
  change(container, op, target, value, hasValue, info);
  settleExtension(doc, key, container);
}

function change(container: Doc, op: Op, t: AttributeTarget, value: unknown, hasValue: boolean, info: ResourceSchemaInfo): void {
  if (op === 'remove') removeAttribute(container, t, value, hasValue, info);
  else writeAttribute(container, t, op, value, info);
}

/**
 * RFC 7644 §3.5.2: "a client MUST NOT modify an attribute that has mutability "readOnly"". The
 * operation runs on a scratch copy; if the attribute comes out as it was (Okta's rename sends the
 * group's own `id`, Okta's create sends `groups: []`) it is a no-op, otherwise `mutability`.
 */
function guardReadOnly(doc: Doc, op: Op, t: AttributeTarget, value: unknown, hasValue: boolean, info: ResourceSchemaInfo): void {
  const key = findKey(doc, t.name);
  const before = key === undefined ? undefined : doc[key];
  const scratch: Doc = key === undefined ? {} : { [key]: structuredClone(before) };
  change(scratch, op, t, value, hasValue, info);
  const afterKey = findKey(scratch, t.name);
  if (!sameValue(before, afterKey === undefined ? undefined : scratch[afterKey])) {
    throw mutability(`"${t.spelling}" is read-only and cannot be changed`);
  }
}

function extensionObject(doc: Doc, key: string): Doc {
  const v = doc[key];
  return isPlainObject(v) ? v : {};
}

function settleExtension(doc: Doc, key: string, container: Doc): void {
  if (Object.keys(container).length === 0) delete doc[key];
  else doc[key] = container;
}

/**
 * Keeps `schemas` (when the document has one) in step with the extension objects: an extension
 * object created by the patch gets its URN listed, one removed by it gets its URN dropped
 * (RFC 7643 §3: "schemas" lists the schemas "supported" by the resource).
 */
function syncSchemas(before: Doc, doc: Doc): void {
  const key = findKey(doc, 'schemas');
  const schemas = key === undefined ? undefined : doc[key];
  if (key === undefined || !Array.isArray(schemas)) return;
  const extensionIn = (d: Doc, urn: string) => {
    const k = findKey(d, urn.toLowerCase());
    return k !== undefined && k.toLowerCase().startsWith('urn:') && isPlainObject(d[k]);
  };
  const dropped = (s: unknown) => typeof s === 'string' && extensionIn(before, s) && !extensionIn(doc, s);
  const next = schemas.filter((s) => !dropped(s));
  const listed = (urn: string) => next.some((s) => typeof s === 'string' && s.toLowerCase() === urn.toLowerCase());
  for (const k of Object.keys(doc)) if (extensionIn(doc, k) && !listed(k)) next.push(k);
  if (next.length !== schemas.length || next.some((s, i) => s !== schemas[i])) doc[key] = next;
}
