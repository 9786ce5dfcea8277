import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import { DomainError } from '../core/errors.js';
import { attributePathToString, type AttributePath, type Filter, type FilterValue } from '../core/filter.js';
import { foldKey } from '../core/text.js';
import type { Dialect } from './db.js';

/**
 * Compiles the protocol-neutral filter tree to SQL, so that filtering, counting and paging run
 * in the database. Each filterable attribute maps to a column with a comparison type:
 * - `key`: a case-folded key column (values are folded with the same function before comparing);
 * - `exact`: a case-exact text column (RFC 7643 caseExact, e.g. `id`, `externalId`);
 * - `time`: epoch milliseconds, compared as instants;
 * - `status`: `active` as the `Enabled`/`Disabled` status column.
 * String operators avoid LIKE, whose case rules differ between SQLite and PostgreSQL: `sw` is a
 * half-open range (index-friendly in both, thanks to bytewise collation of the key columns), `co`
 * and `ew` are position functions. Results are therefore identical on both databases.
 */
export type ColumnType = 'key' | 'exact' | 'time' | 'status';

export interface ColumnAttribute {
  readonly column: string;
  readonly type: ColumnType;
}

/** Lower-cased attribute path (`username`, `name.givenname`, `meta.created`) to its column. */
export type AttributeMap = Readonly<Record<string, ColumnAttribute>>;

/** Custom compilers for attributes that are not plain columns (e.g. multi-valued JSON). */
export type SpecialAttributeCompiler = (
  filter: Filter,
  ctx: CompileContext,
) => Expression<SqlBool> | undefined;

export interface CompileContext {
  readonly dialect: Dialect;
  readonly table: string;
  readonly attributes: AttributeMap;
  readonly special?: SpecialAttributeCompiler;
  /** Schema URNs whose attributes are addressed without the URN (the resource's core schema). */
  readonly coreSchemas: readonly string[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the filter compiles over the users or groups table, chosen at run time
type EB = ExpressionBuilder<any, any>;

export function compileFilter(eb: EB, filter: Filter, ctx: CompileContext): Expression<SqlBool> {
  switch (filter.op) {
    case 'and':
      return eb.and(filter.filters.map((f) => compileFilter(eb, f, ctx)));
    case 'or':
      return eb.or(filter.filters.map((f) => compileFilter(eb, f, ctx)));
    case 'not':
      // A comparison with a NULL column is NULL, and `not NULL` is NULL too: `not (title eq "x")`
      // must match users without a title, so the operand is made definite first.
      return eb.not(sql<SqlBool>`coalesce(${compileFilter(eb, filter.filter, ctx)}, false)`);
    default: {
      const special = ctx.special?.(filter, ctx);
      if (special) return special;
      if (filter.op === 'has') throw unsupported(filter.attr);
      const attr = resolve(filter.attr, ctx);
      const col = sql.ref(`${ctx.table}.${attr.column}`);
      if (filter.op === 'pr') {
        return attr.type === 'key' || attr.type === 'exact'
          ? eb.and([eb(col, 'is not', null), eb(col, '<>', '')])
          : eb(col, 'is not', null);
      }
      return compare(eb, col, attr, filter.op, filter.value, filter.attr, ctx.dialect);
    }
  }
}

function resolve(path: AttributePath, ctx: CompileContext): ColumnAttribute {
  if (path.schema && !ctx.coreSchemas.includes(path.schema)) throw unsupported(path);
  const name = path.sub ? `${path.name}.${path.sub}` : path.name;
  const attr = ctx.attributes[name];
  if (!attr) throw unsupported(path);
  return attr;
}

function unsupported(path: AttributePath): DomainError {
  return new DomainError('InvalidFilter', `Filtering on attribute "${attributePathToString(path)}" is not supported.`);
}

function compare(
  eb: EB,
  col: ReturnType<typeof sql.ref>,
  attr: ColumnAttribute,
  op: 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le',
  raw: FilterValue,
  path: AttributePath,
  dialect: Dialect,
): Expression<SqlBool> {
  const name = attributePathToString(path);
  if (attr.type === 'status') {
    const b = filterBoolean(raw);
    if (b === undefined || (op !== 'eq' && op !== 'ne')) {
      throw new DomainError('InvalidFilter', `"${name}" is a boolean: only eq and ne with true or false apply.`);
    }
    const status = b === (op === 'eq') ? 'Enabled' : 'Disabled';
    return eb(col, '=', status);
  }
  if (attr.type === 'time') {
    const t = typeof raw === 'string' ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(t)) throw new DomainError('InvalidFilter', `"${name}" is a dateTime: the value must be an RFC 3339 timestamp.`);
    if (op === 'co' || op === 'sw' || op === 'ew') throw new DomainError('InvalidFilter', `"${op}" does not apply to the dateTime "${name}".`);
    return eb(col, SQL_OPS[op], t);
  }
  if (raw === null || typeof raw === 'boolean') {
    if (raw === null && (op === 'eq' || op === 'ne')) return eb(col, op === 'eq' ? 'is' : 'is not', null);
    throw new DomainError('InvalidFilter', `"${name}" is a string: compare it with a string value.`);
  }
  const value = attr.type === 'key' ? foldKey(String(raw)) : String(raw);
  switch (op) {
    case 'eq':
      return eb(col, '=', value);
    case 'ne':
      return eb.or([eb(col, 'is', null), eb(col, '<>', value)]);
    case 'sw':
      return value === '' ? eb(col, 'is not', null) : eb.and([eb(col, '>=', value), eb(col, '<', successor(value))]);
    case 'co':
      return dialect === 'postgres' ? eb(sql`strpos(${col}, ${value})`, '>', 0) : eb(sql`instr(${col}, ${value})`, '>', 0);
    case 'ew':
      return dialect === 'postgres'
        ? eb(sql`right(${col}, ${value.length})`, '=', value)
        : eb(sql`substr(${col}, ${-value.length})`, '=', value);
    default:
      return eb(col, SQL_OPS[op], value);
  }
}

const SQL_OPS = { eq: '=', ne: '<>', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/** A filter literal compared with a boolean attribute, or undefined when it is none. */
export function filterBoolean(v: FilterValue): boolean | undefined {
  if (typeof v === 'boolean') return v;
  // Entra and OneLogin send booleans as strings ("True"); accept them in filters as in bodies.
  if (typeof v === 'string' && /^(true|false)$/i.test(v)) return v.toLowerCase() === 'true';
  return undefined;
}

/**
 * The smallest string greater than every string that starts with `prefix`, in code point order
 * (which is UTF-8 byte order, the order of our bytewise-collated key columns).
 */
export function successor(prefix: string): string {
  const cps = Array.from(prefix);
  while (cps.length > 0) {
    // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- cps is not empty (loop condition), and every element is one code point
    const last = cps.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      let next = last + 1;
      if (next >= 0xd800 && next <= 0xdfff) next = 0xe000; // skip surrogates
      return cps.join('') + String.fromCodePoint(next);
    }
  }
  return '\u{10ffff}'.repeat(prefix.length + 1);
}
