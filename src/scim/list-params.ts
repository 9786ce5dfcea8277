/**
 * Query parameters of a list (RFC 7644 §3.4.2): `filter`, `startIndex`, `count`, `sortBy`,
 * `sortOrder`. The filter is parsed into the core tree and every attribute it names is checked
 * against the resource type's schema (the allow-list), so an unknown attribute or `password` is
 * `400 invalidFilter` before any SQL is built.
 */
import type { AttributePath, Filter } from '../core/filter.js';
import type { SortKey } from '../core/ports/directory-entities.js';
import { parseFilter } from './filter/index.js';
import { findIn, RESOURCE_TYPES, resolvePath, sortKeysByPath, storageOf, type AttributeDefinition, type ResourceType } from './schemas/index.js';
import type { ListQuery } from './route-schemas.js';
import { invalidFilter, invalidSyntax, invalidValue } from './scim-error.js';

/** ServiceProviderConfig filter.maxResults, and CloudSSO's page size. */
export const MAX_RESULTS = 100;

export interface ListParams {
  readonly filter?: Filter;
  readonly startIndex: number;
  readonly count: number;
  readonly sortBy?: SortKey;
  readonly descending: boolean;
}

const one = (v: string | readonly string[] | undefined): string | undefined => (typeof v === 'string' ? v : v?.[0]);

/**
 * The largest startIndex served as asked: beyond it the page is empty anyway (no directory holds
 * 2^31 resources), and bigger values overflow the databases' 64-bit OFFSET (a 500 before).
 */
export const MAX_START_INDEX = 2_147_483_647;

function integer(v: string | undefined, fallback: number): number {
  if (v === undefined || v.trim() === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n)) throw invalidValue(`Expected an integer, got ${JSON.stringify(v.slice(0, 40))}.`);
  return Math.trunc(n);
}

/** sortBy paths (lower-cased) per resource type, from the catalogue's storage description (Maps: `sortBy=__proto__` finds nothing). */
const SORT_KEYS = new Map(RESOURCE_TYPES.map((rt) => [rt.id, sortKeysByPath(storageOf(rt))]));
const SORTABLE = new Map(RESOURCE_TYPES.map((rt) => [rt.id, storageOf(rt).fields.filter((f) => f.sortKey).map((f) => f.path).join(', ')]));

/**
 * The parameters of a query object already parsed: the guard parses a GET's query to see whether
 * it is a unique-name lookup (guard.ts, `lookupBeforeGuard`), then the handler parses the same
 * object again. Only parameters that parsed are kept; a query in error throws on every call.
 */
const parsedQueries = new WeakMap<ListQuery, { readonly rt: ResourceType; readonly params: ListParams }>();

export function parseListParams(rt: ResourceType, query: ListQuery): ListParams {
  const known = parsedQueries.get(query);
  if (known?.rt === rt) return known.params;
  const params = parseQuery(rt, query);
  parsedQueries.set(query, { rt, params });
  return params;
}

function parseQuery(rt: ResourceType, query: ListQuery): ListParams {
  // RFC 7644 §3.4.2.4: startIndex < 1 is 1; a negative count is 0; more than maxResults is capped.
  const startIndex = Math.min(MAX_START_INDEX, Math.max(1, integer(one(query.startIndex), 1)));
  const count = Math.min(MAX_RESULTS, Math.max(0, integer(one(query.count), MAX_RESULTS)));
  const filterText = one(query.filter);
  const filter = filterText === undefined ? undefined : parseFilter(filterText);
  if (filter) checkFilter(rt, filter);
  const sortByText = one(query.sortBy);
  let sortBy: SortKey | undefined;
  if (sortByText !== undefined && sortByText.trim() !== '') {
    const key = sortByText.trim().toLowerCase().replace(/^urn:ietf:params:scim:schemas:core:2\.0:(user|group):/, '');
    sortBy = SORT_KEYS.get(rt.id)?.get(key);
    if (!sortBy) throw invalidValue(`sortBy ${JSON.stringify(sortByText.slice(0, 80))} is not supported; use one of ${SORTABLE.get(rt.id)}.`);
  }
  const order = one(query.sortOrder)?.trim().toLowerCase();
  if (order !== undefined && order !== '' && order !== 'ascending' && order !== 'descending') {
    throw invalidValue(`sortOrder must be "ascending" or "descending", got ${JSON.stringify(order.slice(0, 40))}.`);
  }
  return { ...(filter ? { filter } : {}), startIndex, count, ...(sortBy ? { sortBy } : {}), descending: order === 'descending' };
}

/** Every attribute of the filter must exist in the resource type's schemas and be readable. */
export function checkFilter(rt: ResourceType, f: Filter): void {
  switch (f.op) {
    case 'and':
    case 'or':
      f.filters.forEach((g) => checkFilter(rt, g));
      return;
    case 'not':
      checkFilter(rt, f.filter);
      return;
    case 'has': {
      const r = check(rt, f.attr);
      if (r?.type !== 'complex' || !r.multiValued) throw invalidFilter(`"${show(f.attr)}" is not a multi-valued complex attribute: brackets do not apply.`);
      checkInner(r, f.filter, show(f.attr));
      return;
    }
    default:
      check(rt, f.attr);
  }
}

function checkInner(parent: AttributeDefinition, f: Filter, where: string): void {
  switch (f.op) {
    case 'and':
    case 'or':
      f.filters.forEach((g) => checkInner(parent, g, where));
      return;
    case 'not':
      checkInner(parent, f.filter, where);
      return;
    case 'has':
      throw invalidFilter(`Filters in brackets cannot nest (${where}).`);
    default: {
      const sub = f.attr.sub === undefined && f.attr.schema === undefined ? findIn(parent.subAttributes, f.attr.name) : undefined;
      if (!sub) throw invalidFilter(`"${where}" has no sub-attribute "${show(f.attr)}".`);
    }
  }
}

const show = (p: AttributePath) => `${p.schema ? `${p.schema}:` : ''}${p.name}${p.sub ? `.${p.sub}` : ''}`;

function check(rt: ResourceType, path: AttributePath): AttributeDefinition | undefined {
  const r = resolvePath(rt, path);
  if (!r) throw invalidFilter(`The ${rt.name} schema has no attribute "${show(path)}".`);
  if (r.kind === 'common') return undefined;
  const def = r.sub ?? r.attribute;
  if (def.returned === 'never') throw invalidFilter(`"${show(path)}" cannot be used in a filter (it is never returned).`);
  return r.sub ? undefined : r.attribute;
}

export const SEARCH_REQUEST_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/**
 * A `POST /{Users|Groups}/.search` body (RFC 7644 §3.4.3) as the query parameters of the GET it
 * stands for: the same parsing, filter allow-list and projection then apply. Member names are
 * case-insensitive (RFC 7643 §2.1); `schemas`, when sent, must list the SearchRequest URN.
 */
export function searchRequestQuery(body: unknown): ListQuery {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidSyntax(`A search request body must be a JSON object with schemas ["${SEARCH_REQUEST_SCHEMA}"].`);
  }
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(body)) {
    const name = SEARCH_MEMBERS.get(key.toLowerCase());
    if (name === 'schemas') {
      if (!Array.isArray(value) || !value.some((s) => typeof s === 'string' && s.toLowerCase() === SEARCH_REQUEST_SCHEMA.toLowerCase())) {
        throw invalidSyntax(`"schemas" of a search request must list "${SEARCH_REQUEST_SCHEMA}".`);
      }
      continue;
    }
    if (name === undefined || value === null || value === undefined) continue;
    if (name === 'attributes' || name === 'excludedAttributes') {
      const list = typeof value === 'string' ? [value] : value;
      if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) throw invalidValue(`"${name}" must be an array of attribute names.`);
      out[name] = list.join(',');
    } else if (name === 'startIndex' || name === 'count') {
      if (typeof value !== 'number' && typeof value !== 'string') throw invalidValue(`"${name}" must be an integer.`);
      out[name] = String(value);
    } else {
      if (typeof value !== 'string') throw invalidValue(`"${name}" must be a string.`);
      out[name] = value;
    }
  }
  return out;
}

const SEARCH_MEMBERS: ReadonlyMap<string, string> = new Map(
  ['schemas', 'attributes', 'excludedAttributes', 'filter', 'sortBy', 'sortOrder', 'startIndex', 'count'].map((n) => [n.toLowerCase(), n]),
);
