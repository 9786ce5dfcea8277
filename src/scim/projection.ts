/**
 * `attributes` and `excludedAttributes` (RFC 7644 §3.4.2.5, §3.9) applied to a rendered resource,
 * with each attribute's `returned` characteristic (RFC 7643 §7): `always` ones (id, schemas) stay,
 * `never` ones (password) are never rendered, `request` ones (users' `groups`) only when asked for.
 */
import type { AttributePath } from '../core/filter.js';
import { parseAttributeList } from './filter/index.js';
import type { ProjectionQuery } from './route-schemas.js';
import { resolvePath, type ResourceType } from './schemas/index.js';

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface Projection {
  readonly attributes?: readonly AttributePath[];
  readonly excluded?: readonly AttributePath[];
}

export function parseProjection(query: ProjectionQuery): Projection {
  const read = (name: keyof ProjectionQuery) => {
    const v = query[name];
    const s = typeof v === 'string' ? v : v?.join(',');
    if (s === undefined) return undefined;
    const list = parseAttributeList(s);
    return list.length > 0 ? list : undefined;
  };
  const attributes = read('attributes');
  const excluded = read('excludedAttributes');
  return { ...(attributes ? { attributes } : {}), ...(excluded ? { excluded } : {}) };
}

/** Whether the projection asks for `name` (a lower-cased core attribute) explicitly. */
export function requests(p: Projection, lowerName: string): boolean {
  return p.attributes?.some((a) => a.name === lowerName && (a.schema === undefined || !a.schema.includes('extension'))) ?? false;
}

/** Whether `name` (lower-cased core attribute) is part of the output at all. */
export function includes(p: Projection, lowerName: string, returnedByDefault: boolean): boolean {
  if (p.attributes) return requests(p, lowerName);
  if (p.excluded?.some((a) => a.name === lowerName && a.sub === undefined)) return false;
  return returnedByDefault;
}

/** Where a path lives in the rendered document: [top-level key, key inside it?]. */
function locate(rt: ResourceType, path: AttributePath): { keys: string[]; sub?: string } | undefined {
  const r = resolvePath(rt, path);
  if (!r) return undefined;
  if (r.kind === 'common') return { keys: [r.name], ...(r.sub ? { sub: r.sub } : {}) };
  const base = r.schema.id === rt.schema.id ? [r.attribute.name] : [r.schema.id, r.attribute.name];
  return { keys: base, ...(r.sub ? { sub: r.sub.name } : {}) };
}

const findKey = (o: Doc, key: string) => Object.keys(o).find((k) => k.toLowerCase() === key.toLowerCase());

export function project(rt: ResourceType, resource: Doc, p: Projection): Doc {
  if (p.attributes) {
    const out: Doc = { schemas: resource['schemas'], id: resource['id'] };
    for (const path of p.attributes) {
      const loc = locate(rt, path);
      if (loc) copy(resource, out, loc.keys, loc.sub);
    }
    return out;
  }
  if (p.excluded) {
    const out = structuredClone(resource);
    for (const path of p.excluded) {
      const loc = locate(rt, path);
      if (!loc || loc.keys[0] === 'id' || loc.keys[0] === 'schemas') continue;
      remove(out, loc.keys, loc.sub);
    }
    return out;
  }
  return resource;
}

function copy(from: Doc, to: Doc, keys: readonly string[], sub: string | undefined): void {
  const [head = '', ...tail] = keys;
  const k = findKey(from, head);
  if (k === undefined) return;
  const v = from[k];
  if (tail.length > 0) {
    if (!isObject(v)) return;
    const target = isObject(to[k]) ? (to[k] as Doc) : (to[k] = {});
    copy(v, target, tail, sub);
    return;
  }
  if (sub === undefined) {
    to[k] = v;
    return;
  }
  const pick = (o: unknown) => {
    if (!isObject(o)) return undefined;
    const sk = findKey(o, sub);
    return sk === undefined ? undefined : { [sk]: o[sk] };
  };
  if (Array.isArray(v)) {
    const items = v.map(pick).filter((x) => x !== undefined);
    if (items.length > 0) to[k] = items;
  } else {
    const picked = pick(v);
    if (picked) to[k] = { ...(isObject(to[k]) ? (to[k] as Doc) : {}), ...picked };
  }
}

function remove(doc: Doc, keys: readonly string[], sub: string | undefined): void {
  const [head = '', ...tail] = keys;
  const k = findKey(doc, head);
  if (k === undefined) return;
  if (tail.length > 0) {
    if (isObject(doc[k])) remove(doc[k] as Doc, tail, sub);
    return;
  }
  if (sub === undefined) {
    delete doc[k];
    return;
  }
  const strip = (o: unknown) => {
    if (!isObject(o)) return;
    const sk = findKey(o, sub);
    if (sk !== undefined) delete o[sk];
  };
  const v = doc[k];
  if (Array.isArray(v)) v.forEach(strip);
  else strip(v);
}
