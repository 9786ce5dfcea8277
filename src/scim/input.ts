/**
 * A POST or PUT body (or a PATCHed document) -> the resource as this server keeps it
 * (RFC 7643 §2, §3.1, §7): attribute names in the schema's spelling, values of the schema's type,
 * unassigned values left out. The IdP behaviours it absorbs (scim-ecosystem.md §2; the ones PATCH
 * shares are in scim/quirks/):
 * - attribute and sub-attribute names in any case (`"Primary"`, `"Department"`, `"Manager": {"Value"}`);
 * - booleans as strings, `"True"`/`"False"` (Entra, rows 2 and 40);
 * - `null` and `""` mean unassigned (Entra rows 8 and 12, OneLogin row 40);
 * - client-sent `id`, `meta`, `schemas` and read-only attributes (`groups`) are ignored (rows 12, 25, 40);
 * - the enterprise `manager` as a bare id string or `{value}` (row 7), stored as `{value}`;
 * - URN-prefixed attribute keys (`"urn:...:enterprise:2.0:User:department"`, row 9);
 * - attributes in no schema this server serves are ignored (the Microsoft collection's `adreses`);
 *   attributes of the schemas that CloudSSO's user model lacks (`title`, `addresses`, enterprise
 *   attributes...) are kept and returned (docs/decisions/0012-scim-resource-mapping.md).
 */
import { asValueObject, IGNORED_ON_INPUT, isBareValue, isUnassigned, memberDisplay, readBoolean } from './quirks/index.js';
import { findIn, extensionFor, type AttributeDefinition, type ResourceType } from './schemas/index.js';
import { invalidSyntax, invalidValue } from './scim-error.js';

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface MemberInput {
  readonly values: string[];
  readonly displays: Record<string, string>;
}

export interface ResourceInput {
  /** Core attributes at the top level, each extension's under its URN; no id/meta/schemas/externalId/password/members. */
  readonly doc: Doc;
  readonly externalId: string | null;
  /** `password` (writeOnly): present only when the client sent one. */
  readonly password?: string;
  /** Groups' `members` when the body has the attribute (an empty list clears). */
  readonly members?: MemberInput;
}

/** Bounds that keep one stored document reasonable; IdPs send far less. */
const MAX_STRING = 16_384;
const MAX_VALUES = 1_000;

export function normalizeResource(rt: ResourceType, body: unknown): ResourceInput {
  if (!isObject(body)) throw invalidSyntax(`The request body must be a JSON object (a ${rt.name} resource).`);
  const doc: Doc = {};
  const out: { externalId: string | null; password?: string; members?: MemberInput } = { externalId: null };
  const coreUrn = rt.schema.id.toLowerCase();

  const putCore = (key: string, value: unknown) => {
    const lower = key.toLowerCase();
    if (IGNORED_ON_INPUT.has(lower)) return;
    if (lower === 'externalid') {
      out.externalId = scalarString(value, 'externalId') ?? null;
      return;
    }
    const def = findIn(rt.schema.attributes, lower);
    if (!def) return; // in no schema: ignored
    if (def.mutability === 'readOnly') return;
    if (def.mutability === 'writeOnly') {
      // A secret (the password): never echoed back in an error, whatever its type.
      if (typeof value === 'object' && value !== null) throw invalidValue(`"${def.name}" must be a string.`);
      const p = scalarString(value, def.name);
      if (p !== undefined) out.password = p;
      return;
    }
    if (rt.id === 'Group' && def.name === 'members') {
      out.members = memberInput(value);
      return;
    }
    const v = normalizeValue(def, value, def.name);
    if (v !== undefined) doc[def.name] = v;
  };

  const putExtension = (urn: string, key: string, value: unknown) => {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- urn was taken from the resource type's own extensions
    const schema = extensionFor(rt, urn.toLowerCase())!;
    const def = findIn(schema.attributes, key.toLowerCase());
    if (!def || def.mutability === 'readOnly') return;
    const v = normalizeValue(def, value, `${schema.id}:${def.name}`);
    if (v === undefined) return;
    const ext = (doc[schema.id] ?? {}) as Doc;
    ext[def.name] = v;
    doc[schema.id] = ext;
  };

  for (const [key, value] of Object.entries(body)) {
    const lower = key.toLowerCase();
    if (lower === coreUrn) {
      // The core schema's attributes nested under its URN: some clients write them so.
      if (isObject(value)) for (const [k, v] of Object.entries(value)) putCore(k, v);
      continue;
    }
    const ext = extensionFor(rt, lower);
    if (ext) {
      if (isUnassigned(value)) continue;
      if (!isObject(value)) throw invalidValue(`"${key}" must be an object of ${ext.name} attributes.`);
      for (const [k, v] of Object.entries(value)) putExtension(ext.id, k, v);
      continue;
    }
    const colon = key.lastIndexOf(':');
    if (colon > 0) {
      // "urn:...:User:department" (Entra with aadOptscim062020): a URN-qualified attribute.
      const urn = key.slice(0, colon).toLowerCase();
      const name = key.slice(colon + 1);
      if (urn === coreUrn) putCore(name, value);
      else if (extensionFor(rt, urn)) putExtension(urn, name, value);
      continue; // an unknown schema: ignored (Entra's legacy ADSCIM URN, row 13)
    }
    putCore(key, value);
  }

  const required = rt.schema.attributes.filter((a) => a.required);
  for (const a of required) {
    if (doc[a.name] === undefined) throw invalidValue(`"${a.name}" is required (RFC 7643 §${rt.id === 'User' ? '4.1.1' : '4.2'}) and was missing or empty.`);
  }
  return { doc, ...out };
}

function scalarString(value: unknown, name: string): string | undefined {
  if (value === undefined || isUnassigned(value)) return undefined;
  if (typeof value === 'string') return checkLength(value, name);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw invalidValue(`"${name}" must be a string, got ${JSON.stringify(value).slice(0, 80)}.`);
}

function checkLength(s: string, name: string): string {
  if (s.length > MAX_STRING) throw invalidValue(`"${name}" is longer than ${MAX_STRING} characters.`);
  return s;
}

/** Normalizes `value` for attribute `def`; undefined when unassigned. */
export function normalizeValue(def: AttributeDefinition, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  if (def.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    if (items.length > MAX_VALUES) throw invalidValue(`"${where}" has more than ${MAX_VALUES} values.`);
    const out = items.map((v, i) => single(def, v, `${where}[${i}]`)).filter((v) => v !== undefined);
    return out.length > 0 ? out : undefined;
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return undefined;
    if (value.length === 1) return single(def, value[0], where); // `[{"value": "id"}]` for manager (Entra's older doc)
    throw invalidValue(`"${where}" is single-valued: send one value, not an array.`);
  }
  return single(def, value, where);
}

function single(def: AttributeDefinition, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return undefined;
  switch (def.type) {
    case 'complex': {
      if (!isObject(value)) {
        // Entra sends the enterprise manager as a bare id; Microsoft's collection adds members as strings.
        if (findIn(def.subAttributes, 'value') && isBareValue(value)) return isUnassigned(value) ? undefined : asValueObject(String(value));
        throw invalidValue(`"${where}" must be an object.`);
      }
      const out: Doc = {};
      for (const [k, v] of Object.entries(value)) {
        const sub = findIn(def.subAttributes, k.toLowerCase());
        if (!sub || sub.mutability === 'readOnly') continue;
        const nv = single(sub, v, `${where}.${sub.name}`);
        if (nv !== undefined) out[sub.name] = nv;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    case 'boolean':
      return readBoolean(value, `"${where}"`);
    case 'decimal':
    case 'integer': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isFinite(n) || (def.type === 'integer' && !Number.isInteger(n))) {
        throw invalidValue(`"${where}" must be ${def.type === 'integer' ? 'an integer' : 'a number'}.`);
      }
      return n;
    }
    case 'dateTime': {
      if (typeof value !== 'string' || Number.isNaN(Date.parse(value))) throw invalidValue(`"${where}" must be an xsd:dateTime.`);
      return value;
    }
    default: {
      if (typeof value === 'string') return isUnassigned(value) ? undefined : checkLength(value, where);
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw invalidValue(`"${where}" must be a string, got ${JSON.stringify(value).slice(0, 80)}.`);
    }
  }
}

/** Groups' `members` from a POST/PUT body: ids with the `display` (or `displayName`, Microsoft) the IdP gave. */
function memberInput(value: unknown): MemberInput {
  const items = value === undefined || isUnassigned(value) ? [] : Array.isArray(value) ? value : [value];
  const values: string[] = [];
  const displays: Record<string, string> = {};
  for (const [i, item] of items.entries()) {
    if (item === null || item === undefined) continue;
    if (typeof item === 'string') {
      if (!isUnassigned(item)) values.push(item);
      continue;
    }
    if (!isObject(item)) throw invalidValue(`"members[${i}]" must be an object with a "value".`);
    const v = Object.entries(item).find(([k]) => k.toLowerCase() === 'value')?.[1];
    if (v === undefined || isUnassigned(v)) continue;
    if (typeof v !== 'string') throw invalidValue(`"members[${i}].value" must be a string (a user id).`);
    values.push(v);
    const d = memberDisplay(item);
    if (d !== undefined) displays[v] = d;
  }
  return { values, displays };
}
