/**
 * Rules on a user document that no single attribute definition can state (RFC 7643 §2.4, §4.3):
 * - `primary: true` appears at most once per multi-valued attribute ("MUST appear no more than
 *   once"). A POST, PUT or PATCH result with two is `400 invalidValue`; a stored document from
 *   before this rule keeps its first primary when rendered.
 * - A value repeated with the same `type` (`emails` twice `{work, a@x}`) is one value: the later
 *   copies are dropped (their `primary` carried over). Two `work` emails with different values
 *   stay (the Microsoft collection posts them, quirk 16).
 * - The enterprise `manager.$ref` is derived from `manager.value` on output and never stored, so
 *   a client's relative or stale `$ref` is not echoed (decision 0045).
 */
import type { AttributeDefinition } from './schemas/index.js';
import { ENTERPRISE_USER_SCHEMA_ID, USER_RESOURCE } from './schemas/index.js';
import { invalidValue } from './scim-error.js';

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

const MULTI_VALUED: readonly AttributeDefinition[] = USER_RESOURCE.schema.attributes.filter((a) => a.type === 'complex' && a.multiValued);

const key = (def: AttributeDefinition, e: Doc): string | undefined => {
  const value = e['value'];
  if (typeof value !== 'string') return undefined;
  const valueDef = def.subAttributes?.find((s) => s.name === 'value');
  const type = typeof e['type'] === 'string' ? e['type'].toLowerCase() : '';
  return JSON.stringify([type, valueDef?.caseExact ? value : value.toLowerCase()]);
};

/**
 * Dedupes and checks `primary` in place. `strict`: two primaries throw (client input); else the
 * first primary wins (rendering a stored document).
 */
export function settleMultiValued(doc: Doc, strict: boolean): void {
  for (const def of MULTI_VALUED) {
    const list = doc[def.name];
    if (!Array.isArray(list)) continue;
    const seen = new Map<string, Doc>();
    const kept: unknown[] = [];
    for (const e of list) {
      const k = isObject(e) ? key(def, e) : undefined;
      const first = k === undefined ? undefined : seen.get(k);
      if (first) {
        if ((e as Doc)['primary'] === true) first['primary'] = true;
        continue;
      }
      if (k !== undefined) seen.set(k, e as Doc);
      kept.push(e);
    }
    const primaries = kept.filter((e) => isObject(e) && e['primary'] === true) as Doc[];
    if (primaries.length > 1) {
      if (strict) {
        throw invalidValue(`"${def.name}" has ${primaries.length} values with "primary": true; RFC 7643 §2.4 allows at most one.`);
      }
      for (const e of primaries.slice(1)) e['primary'] = false;
    }
    doc[def.name] = kept;
  }
}

/** Removes the enterprise manager's derived `$ref` (and `displayName`) before a document is stored. */
export function withoutDerivedManagerFields(doc: Doc): void {
  const ext = doc[ENTERPRISE_USER_SCHEMA_ID];
  if (!isObject(ext) || !isObject(ext['manager'])) return;
  const { $ref: _r, displayName: _d, ...rest } = ext['manager'];
  if (Object.keys(rest).length > 0) ext['manager'] = rest;
  else delete ext['manager'];
}

/** The manager as output: `$ref` from the id (absolute, this server's), when the base URL is known. */
export function renderManager(doc: Doc, baseUrl: string | undefined): void {
  withoutDerivedManagerFields(doc);
  const ext = doc[ENTERPRISE_USER_SCHEMA_ID];
  if (baseUrl === undefined || !isObject(ext) || !isObject(ext['manager'])) return;
  const id = ext['manager']['value'];
  if (typeof id === 'string' && id !== '') ext['manager'] = { ...ext['manager'], $ref: `${baseUrl}/Users/${encodeURIComponent(id)}` };
}
