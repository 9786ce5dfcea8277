import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { DomainError } from '../core/errors.js';
import { attributePathToString, type AttributePath, type CompareOperator, type Filter, type FilterValue } from '../core/filter.js';
import { foldKey } from '../core/text.js';
import type { SortKey } from '../core/ports/directory-entities.js';
import {
  documentAttributes,
  ENTERPRISE_USER_SCHEMA,
  ENTERPRISE_USER_SCHEMA_ID,
  fieldsByPath,
  GROUP_SCHEMA_ID,
  sortFields,
  USER_SCHEMA,
  USER_SCHEMA_ID,
  USER_STORAGE,
  type AttributeDefinition,
  type ResourceStorage,
} from '../scim-model/index.js';
import type { Dialect } from './db.js';
import { filterBoolean, successor, type AttributeMap, type ColumnAttribute, type CompileContext, type SpecialAttributeCompiler } from './filter-sql.js';

/**
 * Filters on SCIM attributes that are not columns (docs/decisions/0010-scim-storage-and-filters.md):
 *
 * - attributes kept only in the SCIM document (`users.scim`): `emails`, `phoneNumbers`, `title`,
 *   `name.formatted`, the enterprise extension (`employeeNumber`, `department`, `manager.value`...),
 *   read with JSON functions: json_each/json_extract/json_type on SQLite, jsonb_array_elements and
 *   `->`/`->>` on PostgreSQL. Case-insensitive attributes (RFC 7643 caseExact false) are compared
 *   in `users.scim_key`, the same document with every string folded by foldKey, against a folded
 *   literal; strings are compared bytewise (`collate "C"` on PostgreSQL), so both databases give
 *   the same answer for every input, Unicode included;
 * - membership: users' `groups.value`/`groups.display` and groups' `members.value`, as EXISTS on
 *   group_members (index probes, never a scan of the group).
 *
 * Column attributes (`userName`, `name.givenName`, `active`, `meta.created`...) are left to the
 * column compiler (filter-sql.ts): this compiler returns undefined for them. A user without a SCIM
 * document (created through the management API) shows its Email as its one work email, and is
 * filtered the same way.
 */

type JsonType = 'string' | 'boolean' | 'complex';

interface JsonAttribute {
  /** The key in the stored document (the schema's spelling). */
  readonly key: string;
  readonly type: JsonType;
  readonly multi?: boolean;
  readonly caseExact?: boolean;
  /** Sub-attributes by lower-cased name. */
  readonly subs?: Readonly<Record<string, JsonAttribute>>;
}

/** An attribute of the catalogue as the document compiler reads it (its type as JSON). */
function jsonAttribute(a: AttributeDefinition): JsonAttribute {
  if (a.type === 'complex') {
    const subs = (a.subAttributes ?? []).map(jsonAttribute);
    return { key: a.name, type: 'complex', multi: a.multiValued, subs: Object.fromEntries(subs.map((x) => [x.key.toLowerCase(), x])) };
  }
  return a.type === 'boolean' ? { key: a.name, type: 'boolean' } : { key: a.name, type: 'string', caseExact: a.caseExact };
}

const jsonMap = (attrs: readonly AttributeDefinition[]): Readonly<Record<string, JsonAttribute>> =>
  Object.fromEntries(attrs.map((a) => [a.name.toLowerCase(), jsonAttribute(a)]));

export const ENTERPRISE_USER_URN = ENTERPRISE_USER_SCHEMA_ID;
const ENTERPRISE_LOWER = ENTERPRISE_USER_URN.toLowerCase();
const CORE_USER_LOWER = USER_SCHEMA_ID.toLowerCase();
const CORE_GROUP_LOWER = GROUP_SCHEMA_ID.toLowerCase();

/**
 * RFC 7643 §4.1 attributes that live in the document (lower-cased name -> storage): the
 * catalogue's filterable User attributes that are neither fields of the user nor memberships.
 */
const USER_JSON = jsonMap(documentAttributes(USER_STORAGE, USER_SCHEMA));

/** RFC 7643 §4.3, under the extension's URN key in the document. */
const ENTERPRISE_JSON = jsonMap(documentAttributes(USER_STORAGE, ENTERPRISE_USER_SCHEMA));

/** The attributes this compiler reads from the document and from memberships (for tests). */
export const USER_JSON_ATTRIBUTES = {
  core: USER_JSON,
  enterprise: ENTERPRISE_JSON,
  membership: USER_STORAGE.memberships.map((m) => m.name.toLowerCase()),
} as const;

/**
 * The filter column map of a resource type: each attribute the catalogue keeps in a field of the
 * model (USER_STORAGE, GROUP_STORAGE), at the column the repository keeps that field in.
 */
export function columnMap<F extends string>(storage: ResourceStorage<F>, columns: Readonly<Record<F, ColumnAttribute>>): AttributeMap {
  return Object.fromEntries(storage.fields.map((f) => [f.path.toLowerCase(), columns[f.field]]));
}

/** Sort key -> the column it orders by, from the same two tables. */
export function sortColumns<F extends string, C extends string>(
  storage: ResourceStorage<F>,
  columns: Readonly<Record<F, ColumnAttribute & { readonly column: C }>>,
): ReadonlyMap<SortKey, C> {
  return new Map([...sortFields(storage)].map(([key, field]) => [key, columns[field].column]));
}

/** The document with every string value case-folded, stored as `scim_key`. */
export function foldScimDocument(doc: unknown): unknown {
  if (typeof doc === 'string') return foldKey(doc);
  if (Array.isArray(doc)) return doc.map(foldScimDocument);
  if (doc !== null && typeof doc === 'object') {
    return Object.fromEntries(Object.entries(doc as Record<string, unknown>).map(([k, v]) => [k, foldScimDocument(v)]));
  }
  return doc;
}

// ---- SQL building blocks, one per dialect ------------------------------------------------------

type Sql = RawBuilder<unknown>;
type Leaf = Extract<Filter, { attr: AttributePath }> & { op: Exclude<Filter['op'], 'and' | 'or' | 'not' | 'has'> };
type Has = Extract<Filter, { op: 'has' }>;
type Attributed = Leaf | Has;

const isCombinator = (f: Filter): boolean => f.op === 'and' || f.op === 'or' || f.op === 'not';
const attributed = (f: Filter): f is Attributed => !isCombinator(f);
const isAndOr = (f: Filter): f is Extract<Filter, { filters: readonly Filter[] }> => f.op === 'and' || f.op === 'or';

const invalid = (message: string) => new DomainError('InvalidFilter', message);
const unsupported = (path: AttributePath) => invalid(`Filtering on attribute "${attributePathToString(path)}" is not supported.`);

/** A JSON value and how to read it: the document (or an array element) and a key path in it. */
interface JsonRef {
  readonly base: Sql;
  readonly keys: readonly string[];
}

interface JsonDialect {
  /** The document column as JSON. */
  doc(column: Sql): Sql;
  /** The JSON type name of the value ('string' / 'boolean' / other), NULL when absent. */
  typeOf(ref: JsonRef): Sql;
  /** The value as text (for strings). */
  text(ref: JsonRef): Sql;
  /** `exists (select 1 from <elements of array> e where <cond(e)>)`. */
  someElement(array: Sql, cond: (element: Sql) => Sql): Sql;
  /** The array at `ref` (or an empty array). */
  arrayAt(ref: JsonRef): Sql;
  /** A one-element array `[{value, type: "work", primary: true}]` for a manual user's Email. */
  emailArray(value: Sql): Sql;
  readonly stringType: string;
  readonly booleanType: string;
  isTrue(ref: JsonRef): Sql;
  /** Text that compares bytewise. */
  bytewise(text: Sql): Sql;
  contains(text: Sql, needle: string): Sql;
  endsWith(text: Sql, suffix: string): Sql;
}

const sqlitePath = (keys: readonly string[]) => `$${keys.map((k) => `."${k.replace(/"/g, '')}"`).join('')}`;

const SQLITE: JsonDialect = {
  doc: (column) => column,
  typeOf: (r) => sql`(case json_type(${r.base}, ${sqlitePath(r.keys)}) when 'text' then 'string' when 'true' then 'boolean' when 'false' then 'boolean' else json_type(${r.base}, ${sqlitePath(r.keys)}) end)`,
  text: (r) => sql`json_extract(${r.base}, ${sqlitePath(r.keys)})`,
  someElement: (array, cond) => sql`exists (select 1 from json_each(${array}) as e where ${cond(sql`e.value`)})`,
  arrayAt: (r) => sql`(case json_type(${r.base}, ${sqlitePath(r.keys)}) when 'array' then json_extract(${r.base}, ${sqlitePath(r.keys)}) else '[]' end)`,
  emailArray: (value) => sql`json_array(json_object('value', ${value}, 'type', 'work', 'primary', json('true')))`,
  stringType: 'string',
  booleanType: 'boolean',
  isTrue: (r) => sql`json_type(${r.base}, ${sqlitePath(r.keys)}) = 'true'`,
  bytewise: (text) => text,
  contains: (text, needle) => sql`instr(${text}, ${needle}) > 0`,
  endsWith: (text, suffix) => sql`substr(${text}, ${-[...suffix].length}) = ${suffix}`,
};

const pgHops = (r: JsonRef, last: '->' | '->>') => {
  let out: Sql = r.base;
  r.keys.forEach((k, i) => {
    out = i === r.keys.length - 1 && last === '->>' ? sql`(${out} ->> ${k})` : sql`(${out} -> ${k})`;
  });
  return out;
};

const POSTGRES: JsonDialect = {
  doc: (column) => sql`(${column})::jsonb`,
  typeOf: (r) => sql`jsonb_typeof(${pgHops(r, '->')})`,
  text: (r) => pgHops(r, '->>'),
  someElement: (array, cond) => sql`exists (select 1 from jsonb_array_elements(${array}) as e(v) where ${cond(sql`e.v`)})`,
  arrayAt: (r) => sql`(case when jsonb_typeof(${pgHops(r, '->')}) = 'array' then ${pgHops(r, '->')} else '[]'::jsonb end)`,
  emailArray: (value) => sql`jsonb_build_array(jsonb_build_object('value', ${value}::text, 'type', 'work', 'primary', true))`,
  stringType: 'string',
  booleanType: 'boolean',
  isTrue: (r) => sql`(${pgHops(r, '->')}) = 'true'::jsonb`,
  bytewise: (text) => sql`(${text}) collate "C"`,
  contains: (text, needle) => sql`strpos(${text}, ${needle}) > 0`,
  // right() counts characters, as substr() does in SQLite.
  endsWith: (text, suffix) => sql`right(${text}, ${[...suffix].length}) = ${suffix}`,
};

const dialectOf = (d: Dialect): JsonDialect => (d === 'postgres' ? POSTGRES : SQLITE);

/** A predicate that is never NULL, so `not (...)` means what it says in both databases. */
const definite = (e: Sql): Sql => sql`(case when ${e} then 1 else 0 end = 1)`;

function toBoolean(v: FilterValue, name: string): boolean {
  const b = filterBoolean(v);
  if (b === undefined) throw invalid(`"${name}" is a boolean: compare it with true or false.`);
  return b;
}

/** A string comparison on `text` (already the right, folded or raw, representation). */
function compareText(j: JsonDialect, text: Sql, op: Exclude<CompareOperator, 'ne'>, value: string): Sql {
  switch (op) {
    case 'eq':
      return sql`${text} = ${value}`;
    case 'co':
      return j.contains(text, value);
    case 'sw':
      return value === '' ? sql`${text} is not null` : sql`(${j.bytewise(text)} >= ${value} and ${j.bytewise(text)} < ${successor(value)})`;
    case 'ew':
      return j.endsWith(text, value);
    case 'gt':
      return sql`${j.bytewise(text)} > ${value}`;
    case 'ge':
      return sql`${j.bytewise(text)} >= ${value}`;
    case 'lt':
      return sql`${j.bytewise(text)} < ${value}`;
    case 'le':
      return sql`${j.bytewise(text)} <= ${value}`;
  }
}

/** A leaf filter (`op attr value` / `attr pr`) on one JSON value described by `attr`. */
function jsonLeaf(j: JsonDialect, ref: JsonRef, rawRef: JsonRef, attr: JsonAttribute, f: Leaf, name: string): Sql {
  const use = attr.caseExact ? rawRef : ref;
  if (f.op === 'pr') return sql`${j.typeOf(use)} is not null and not (${j.typeOf(use)} = ${j.stringType} and ${j.text(use)} = '')`;
  if (attr.type === 'complex') throw invalid(`"${name}" is complex: filter on one of its sub-attributes.`);
  const op = f.op === 'ne' ? 'eq' : f.op;
  let cond: Sql;
  if (f.value === null) {
    if (f.op !== 'eq' && f.op !== 'ne') throw invalid(`"${f.op}" cannot compare with null.`);
    cond = sql`${j.typeOf(use)} is not null`;
    return f.op === 'eq' ? sql`not ${definite(cond)}` : definite(cond);
  }
  if (attr.type === 'boolean') {
    if (op !== 'eq') throw invalid(`"${name}" is a boolean: only eq and ne apply.`);
    const want = toBoolean(f.value, name);
    cond = sql`${j.typeOf(use)} = ${j.booleanType} and ${want ? j.isTrue(use) : sql`not ${j.isTrue(use)}`}`;
  } else {
    if (typeof f.value === 'boolean') throw invalid(`"${name}" is a string: compare it with a string value.`);
    const literal = attr.caseExact ? String(f.value) : foldKey(String(f.value));
    cond = sql`${j.typeOf(use)} = ${j.stringType} and ${compareText(j, j.text(use), op, literal)}`;
  }
  return f.op === 'ne' ? sql`not ${definite(cond)}` : definite(cond);
}

/** A filter evaluated on one element of a multi-valued attribute (`emails[type eq "work"]`). */
function elementFilter(j: JsonDialect, el: Sql, rawEl: Sql, attr: JsonAttribute, f: Filter, outer: string): Sql {
  switch (f.op) {
    case 'and':
      return sql`(${sql.join(f.filters.map((x) => elementFilter(j, el, rawEl, attr, x, outer)), sql` and `)})`;
    case 'or':
      return sql`(${sql.join(f.filters.map((x) => elementFilter(j, el, rawEl, attr, x, outer)), sql` or `)})`;
    case 'not':
      return sql`not ${definite(elementFilter(j, el, rawEl, attr, f.filter, outer))}`;
    case 'has':
      throw invalid(`Filters in brackets cannot nest (${outer}[${attributePathToString(f.attr)}[...]]).`);
    default: {
      const subName = f.attr.sub ? undefined : f.attr.name;
      const sub = subName !== undefined ? attr.subs?.[subName] : undefined;
      if (!sub || f.attr.schema !== undefined) throw invalid(`"${outer}" has no sub-attribute "${attributePathToString(f.attr)}".`);
      return jsonLeaf(j, { base: el, keys: [sub.key] }, { base: rawEl, keys: [sub.key] }, sub, f, `${outer}.${sub.key}`);
    }
  }
}

// ---- users ---------------------------------------------------------------------------------

interface Resolved {
  readonly attr: JsonAttribute;
  /** Keys from the document root to the attribute. */
  readonly keys: readonly string[];
  readonly sub?: JsonAttribute;
}

function resolveUserJson(path: AttributePath): Resolved | undefined {
  const inCore = path.schema === undefined || path.schema === CORE_USER_LOWER;
  const inEnterprise = path.schema === ENTERPRISE_LOWER || (path.schema === undefined && !USER_JSON[path.name]);
  let attr: JsonAttribute | undefined;
  let keys: string[] = [];
  const coreAttr = inCore ? USER_JSON[path.name] : undefined;
  const enterpriseAttr = inEnterprise ? ENTERPRISE_JSON[path.name] : undefined;
  if (coreAttr) {
    attr = coreAttr;
    keys = [coreAttr.key];
  } else if (enterpriseAttr) {
    attr = enterpriseAttr;
    keys = [ENTERPRISE_USER_URN, enterpriseAttr.key];
  }
  if (!attr) return undefined;
  if (path.sub === undefined) return { attr, keys };
  const sub = attr.subs?.[path.sub];
  if (!sub) throw unsupported(path);
  return { attr, keys, sub };
}

/** Column attributes: left to the column compiler. */
const USER_COLUMN_PATHS: ReadonlySet<string> = new Set(fieldsByPath(USER_STORAGE).keys());

function userCompiler(dialect: Dialect): SpecialAttributeCompiler {
  const j = dialectOf(dialect);
  return (f, ctx) => (attributed(f) ? (userLeaf(j, dialect, f, ctx.table) as Expression<SqlBool> | undefined) : undefined);
}

function userLeaf(j: JsonDialect, dialect: Dialect, filter: Attributed, t: string): Sql | undefined {
  {
    const path = filter.attr;
    const flat = path.sub ? `${path.name}.${path.sub}` : path.name;
    if ((path.schema === undefined || path.schema === CORE_USER_LOWER) && USER_COLUMN_PATHS.has(flat) && filter.op !== 'has') return undefined;
    const keyDoc = j.doc(sql.ref(`${t}.scim_key`));
    const rawDoc = j.doc(sql.ref(`${t}.scim`));

    if ((path.schema === undefined || path.schema === CORE_USER_LOWER) && path.name === 'groups') return userGroups(j, filter, t);
    if ((path.schema === undefined || path.schema === CORE_USER_LOWER) && path.name === 'schemas' && filter.op !== 'has') return schemasFilter(j, filter, rawDoc);
    if ((path.schema === undefined || path.schema === CORE_USER_LOWER) && path.name === 'meta' && path.sub === 'resourcetype' && filter.op === 'eq') {
      return typeof filter.value === 'string' && filter.value.toLowerCase() === 'user' ? sql`1 = 1` : sql`1 = 0`;
    }

    const r = resolveUserJson(path);
    if (!r) return undefined; // the column compiler refuses it with invalidFilter
    const name = attributePathToString(path);
    if (r.attr.multi) {
      const elements = (doc: Sql, emailColumn: string): Sql => {
        const fromDoc = j.arrayAt({ base: doc, keys: r.keys });
        if (r.keys.length !== 1 || r.attr.key !== 'emails') return fromDoc;
        // A user without a SCIM document shows its Email as its one (work, primary) email.
        const email = sql.ref(`${t}.${emailColumn}`);
        const empty = dialect === 'postgres' ? sql`'[]'::jsonb` : sql`'[]'`;
        return sql`(case when ${sql.ref(`${t}.scim`)} is null and ${email} is not null then ${j.emailArray(email)} when ${sql.ref(`${t}.scim`)} is null then ${empty} else ${fromDoc} end)`;
      };
      const keyEls = elements(keyDoc, 'email_key');
      const rawEls = elements(rawDoc, 'email');
      if (filter.op === 'has') {
        if (path.sub !== undefined) throw unsupported(path);
        // Case-exact sub-attributes (photos.value) read the raw document: filter it and the folded
        // one element-wise through the same array position.
        return definite(someElementPair(j, dialect, keyEls, rawEls, (el, rawEl) => elementFilter(j, el, rawEl, r.attr, filter.filter, name)));
      }
      const sub = r.sub ?? r.attr.subs?.['value'];
      if (!sub) throw unsupported(path);
      const leaf = { ...filter, attr: { name: sub.key.toLowerCase() } } as Leaf;
      if (leaf.op === 'ne' || (leaf.op === 'eq' && leaf.value === null)) {
        const positive = { ...leaf, op: leaf.op === 'ne' ? 'eq' : 'ne' } as Leaf;
        return sql`not ${definite(someElementPair(j, dialect, keyEls, rawEls, (el, rawEl) => elementFilter(j, el, rawEl, r.attr, positive, name)))}`;
      }
      return definite(someElementPair(j, dialect, keyEls, rawEls, (el, rawEl) => elementFilter(j, el, rawEl, r.attr, leaf, name)));
    }
    if (filter.op === 'has') throw invalid(`"${name}" is not multi-valued: brackets do not apply.`);
    if (r.attr.type === 'complex' && !r.sub) {
      // `manager eq "id"` (Entra): a complex attribute stands for its `value`.
      const value = r.attr.subs?.['value'];
      if (!value) {
        if (filter.op === 'pr') return definite(sql`${j.typeOf({ base: keyDoc, keys: r.keys })} = 'object'`);
        throw invalid(`"${name}" is complex: filter on one of its sub-attributes.`);
      }
      const keys = [...r.keys, value.key];
      return jsonLeaf(j, { base: keyDoc, keys }, { base: rawDoc, keys }, value, filter, name);
    }
    const target = r.sub ?? r.attr;
    const keys = r.sub ? [...r.keys, r.sub.key] : r.keys;
    return jsonLeaf(j, { base: keyDoc, keys }, { base: rawDoc, keys }, target, filter, name);
  }
}

/**
 * Some element of the array satisfies `cond`, given the element in the folded document and the
 * same element in the raw one (joined by array position).
 */
function someElementPair(j: JsonDialect, dialect: Dialect, keyEls: Sql, rawEls: Sql, cond: (el: Sql, rawEl: Sql) => Sql): Sql {
  if (dialect === 'postgres') {
    return sql`exists (select 1 from jsonb_array_elements(${keyEls}) with ordinality as e(v, n) left join jsonb_array_elements(${rawEls}) with ordinality as r(v, n) on r.n = e.n where ${cond(sql`e.v`, sql`r.v`)})`;
  }
  return sql`exists (select 1 from json_each(${keyEls}) as e left join json_each(${rawEls}) as r on r.key = e.key where ${cond(sql`e.value`, sql`r.value`)})`;
}

/** `schemas eq "<urn>"`: the core schema always, the enterprise one when the user has its data. */
function schemasFilter(j: JsonDialect, f: Attributed, rawDoc: Sql): Sql {
  if (f.op !== 'eq' || typeof f.value !== 'string') throw invalid('"schemas" supports only eq with a schema URN.');
  const v = f.value.toLowerCase();
  if (v === CORE_USER_LOWER) return sql`1 = 1`;
  if (v === ENTERPRISE_LOWER) return definite(sql`${j.typeOf({ base: rawDoc, keys: [ENTERPRISE_USER_URN] })} = 'object'`);
  return sql`1 = 0`;
}

/** A comparison on an ID column (case-exact text), `ne` and `eq null` handled by the caller. */
function idCompare(j: JsonDialect, column: Sql, f: Leaf, name: string): Sql {
  if (f.op === 'pr') return sql`1 = 1`;
  if (f.value === null || typeof f.value !== 'string') throw invalid(`"${name}" is an ID: compare it with a string.`);
  return compareText(j, column, f.op === 'ne' ? 'eq' : f.op, f.value);
}

/** Users' `groups` (RFC 7643 §4.1.2): `groups.value`, `groups.display`, `groups[value eq "g-..."]`, `groups pr`. */
function userGroups(j: JsonDialect, f: Attributed, table: string): Sql {
  const name = f.op === 'has' ? 'groups' : attributePathToString((f as Leaf).attr);
  const exists = (cond: (m: string, g: string) => Sql) =>
    sql`exists (select 1 from group_members as gm inner join ${sql.table('groups')} as gg on gg.id = gm.group_id where gm.user_id = ${sql.ref(`${table}.id`)} and gm.directory_id = ${sql.ref(`${table}.directory_id`)} and ${cond('gm', 'gg')})`;
  const leafOn = (leaf: Leaf, sub: string | undefined): ((m: string, g: string) => Sql) => {
    if (leaf.op === 'pr') return () => sql`1 = 1`;
    if (sub === undefined || sub === 'value') return (m) => idCompare(j, sql.ref(`${m}.group_id`), leaf, name);
    if (sub === 'display') {
      if (typeof leaf.value !== 'string') throw invalid(`"${name}" is a string: compare it with a string value.`);
      return (_m, g) => compareText(j, sql.ref(`${g}.name_key`), leaf.op === 'ne' ? 'eq' : (leaf.op as Exclude<CompareOperator, 'ne'>), foldKey(leaf.value as string));
    }
    throw invalid(`Filtering on "groups.${sub}" is not supported (use groups.value or groups.display).`);
  };
  if (f.op === 'has') {
    const inner = f.filter;
    const walk = (x: Filter): ((m: string, g: string) => Sql) => {
      if (isAndOr(x)) {
        const parts = x.filters.map(walk);
        return (m, g) => sql`(${sql.join(parts.map((p) => p(m, g)), x.op === 'and' ? sql` and ` : sql` or `)})`;
      }
      if (x.op === 'not') {
        const p = walk(x.filter);
        return (m, g) => sql`not ${definite(p(m, g))}`;
      }
      if (!attributed(x) || x.op === 'has' || x.attr.sub !== undefined) throw invalid('Only groups[value ...] and groups[display ...] are supported.');
      const c = leafOn(x, x.attr.name);
      return x.op === 'ne' ? (m, g) => sql`not ${definite(c(m, g))}` : c;
    };
    return definite(exists(walk(inner)));
  }
  if (f.op === 'pr') return definite(exists(() => sql`1 = 1`));
  if (f.value === null && (f.op === 'eq' || f.op === 'ne')) {
    return (f.op === 'eq' ? sql`not ${definite(exists(() => sql`1 = 1`))}` : definite(exists(() => sql`1 = 1`)));
  }
  const c = leafOn(f, f.attr.sub);
  return (f.op === 'ne' ? sql`not ${definite(exists(c))}` : definite(exists(c)));
}

// ---- groups --------------------------------------------------------------------------------

/** Groups' `members` (RFC 7643 §4.2): `members.value`, `members[value eq "u-..."]`, `members pr`. */
function groupCompiler(dialect: Dialect): SpecialAttributeCompiler {
  const j = dialectOf(dialect);
  return (f, ctx) => (attributed(f) ? (groupLeaf(j, f, ctx.table) as Expression<SqlBool> | undefined) : undefined);
}

function groupLeaf(j: JsonDialect, filter: Attributed, t: string): Sql | undefined {
  {
    const path = filter.attr;
    if (path.schema !== undefined && path.schema !== CORE_GROUP_LOWER) return undefined;
    if (path.name === 'meta' && path.sub === 'resourcetype' && filter.op === 'eq') {
      return typeof filter.value === 'string' && filter.value.toLowerCase() === 'group' ? sql`1 = 1` : sql`1 = 0`;
    }
    if (path.name !== 'members') return undefined;
    const exists = (cond: (m: string) => Sql) =>
      sql`exists (select 1 from group_members as gm where gm.group_id = ${sql.ref(`${t}.id`)} and ${cond('gm')})`;
    const leafOn = (leaf: Leaf, sub: string | undefined): ((m: string) => Sql) => {
      if (leaf.op === 'pr') return () => sql`1 = 1`;
      if (sub === undefined || sub === 'value') return (m) => idCompare(j, sql.ref(`${m}.user_id`), leaf, 'members.value');
      if (sub === 'type') {
        const ok = typeof leaf.value === 'string' && leaf.value.toLowerCase() === 'user' && leaf.op !== 'ne';
        return () => (ok ? sql`1 = 1` : sql`1 = 0`);
      }
      throw invalid(`Filtering on "members.${sub}" is not supported (use members.value).`);
    };
    if (filter.op === 'has') {
      const walk = (x: Filter): ((m: string) => Sql) => {
        if (x.op === 'and' || x.op === 'or') {
          const parts = x.filters.map(walk);
          return (m) => sql`(${sql.join(parts.map((p) => p(m)), x.op === 'and' ? sql` and ` : sql` or `)})`;
        }
        if (x.op === 'not') {
          const p = walk(x.filter);
          return (m) => sql`not ${definite(p(m))}`;
        }
        if (!attributed(x) || x.op === 'has' || x.attr.sub !== undefined) throw invalid('Only members[value ...] is supported.');
        const c = leafOn(x, x.attr.name);
        return x.op === 'ne' ? (m) => sql`not ${definite(c(m))}` : c;
      };
      return definite(exists(walk(filter.filter)));
    }
    if (filter.op === 'pr') return definite(exists(() => sql`1 = 1`));
    if (filter.value === null && (filter.op === 'eq' || filter.op === 'ne')) {
      return (filter.op === 'eq' ? sql`not ${definite(exists(() => sql`1 = 1`))}` : definite(exists(() => sql`1 = 1`)));
    }
    const c = leafOn(filter, path.sub);
    return filter.op === 'ne' ? sql`not ${definite(exists(c))}` : definite(exists(c));
  }
}

/** For userRepository's `special` option. */
export const userScimAttributes = (dialect: Dialect): SpecialAttributeCompiler => userCompiler(dialect);
/** For groupRepository's `special` option. */
export const groupScimAttributes = (dialect: Dialect): SpecialAttributeCompiler => groupCompiler(dialect);

export type { CompileContext };
