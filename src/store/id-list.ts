import { sql, type AliasedRawBuilder, type RawBuilder } from 'kysely';
import type { Dialect } from './db.js';

/** The parameter `idList` makes: an array on PostgreSQL, its JSON text on SQLite. */
export type IdList = string | readonly string[];

/**
 * A list of IDs bound as one parameter, so a statement's text is the same whatever the list's
 * length and can be compiled once (`prepared()`), a named statement on PostgreSQL. PostgreSQL
 * receives a `text[]`; SQLite, which has no arrays, a JSON array read by `json_each`, as the
 * nonce claims do (repos/nonces.ts).
 */
export function idList(dialect: Dialect, ids: readonly string[]): IdList {
  return dialect === 'postgres' ? ids : JSON.stringify(ids);
}

/**
 * `column` is one of the IDs in `list` (the value `idList` made, or a `prepared()` marker standing
 * in for it). Both forms let the planner look each ID up by the column's index: `= any(array)` is
 * an index condition on PostgreSQL, and SQLite drives `in (select ...)` from the list's side.
 */
export function inIdList(dialect: Dialect, column: string, list: IdList): RawBuilder<boolean> {
  return dialect === 'postgres'
    ? sql<boolean>`${sql.ref(column)} = any(cast(${list} as text[]))`
    : sql<boolean>`${sql.ref(column)} in (select value from json_each(${list}))`;
}

/**
 * A JSON array bound as one parameter, read as a table named `alias` with one row per element in
 * its column `value` (`jsonb_array_elements` on PostgreSQL, `json_each` on SQLite: both name it
 * so). For lists of tuples, such as the members' `[userId, display]` pairs; `value ->> n` reads
 * an element's n-th item on both.
 */
export function jsonElements<A extends string>(dialect: Dialect, json: string, alias: A): AliasedRawBuilder<{ value: unknown }, A> {
  return (dialect === 'postgres' ? sql<{ value: unknown }>`jsonb_array_elements(cast(${json} as jsonb))` : sql<{ value: unknown }>`json_each(${json})`).as(alias);
}
