import type { Expression, ExpressionBuilder, SqlBool } from 'kysely';
import type { ListQuery } from '../core/ports/directory-entities.js';
import { stringEquality } from '../core/filter.js';
import type { Dialect } from './db.js';
import { compileFilter, type AttributeMap, type SpecialAttributeCompiler } from './filter-sql.js';

/** The WHERE clause of a user or group list: directory, filter tree, status, provision type, tags. */
export function listWhere(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list query builds over any resource table
  eb: ExpressionBuilder<any, any>,
  q: ListQuery,
  opts: {
    table: 'users' | 'groups';
    dialect: Dialect;
    attributes: AttributeMap;
    coreSchemas: readonly string[];
    special?: SpecialAttributeCompiler;
  },
): Expression<SqlBool> {
  const t = opts.table;
  const parts: Expression<SqlBool>[] = [eb(`${t}.directory_id`, '=', q.directoryId)];
  if (q.filter) {
    parts.push(
      compileFilter(eb, q.filter, {
        dialect: opts.dialect,
        table: t,
        attributes: opts.attributes,
        coreSchemas: opts.coreSchemas,
        ...(opts.special ? { special: opts.special } : {}),
      }),
    );
  }
  if (q.status) parts.push(eb(`${t}.status`, '=', q.status));
  if (q.provisionType) parts.push(eb(`${t}.provision_type`, '=', q.provisionType));
  for (const tag of q.tags ?? []) {
    parts.push(
      eb.exists(
        eb
          .selectFrom('tags')
          .select('tags.resource_id')
          .whereRef('tags.resource_id', '=', `${t}.id`)
          .where('tags.tag_key', '=', tag.key)
          .where('tags.tag_value', '=', tag.value),
      ),
    );
  }
  return eb.and(parts);
}

/**
 * The total of an offset page when the page itself tells it, so the COUNT query can be skipped:
 * a short, non-empty page is the last one, and an empty first page means nothing matched. IdPs'
 * lookups (`userName eq "..."`, one or no result) are all of this kind.
 */
export function totalFromPage(offset: number, limit: number, returned: number): number | undefined {
  if (returned > 0 && returned < limit) return offset + returned;
  if (returned === 0 && offset === 0 && limit > 0) return 0;
  return undefined;
}

/**
 * The string of a list query that is `<attribute> eq "<string>"` and nothing else, where the
 * attribute is a unique case-folded key (users' userName, groups' displayName): a lookup of one
 * row at most, which the repositories answer with a statement compiled once instead of building
 * the filter's SQL for every request. IdPs ask exactly this before every create (issue 16).
 */
export function uniqueKeyLookup(q: ListQuery, attribute: string, coreSchemas: readonly string[]): string | undefined {
  if (q.status || q.provisionType || (q.tags?.length ?? 0) > 0) return undefined;
  return stringEquality(q.filter, attribute, coreSchemas);
}

