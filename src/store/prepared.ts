import { createHash } from 'node:crypto';
import type { CompiledQuery, Kysely } from 'kysely';

/**
 * The SQL text of every `prepared()` query compiled in this process, with the name it runs under
 * on PostgreSQL: a named (server-side) prepared statement is parsed and planned once per
 * connection, then only bound and executed (db.ts). Only these texts are named, so the
 * statements a connection keeps are as few as the `prepared()` queries in the code, whatever
 * else runs on it. The name is a hash of the text: stable across nodes and restarts, and one
 * text never meets two names.
 */
const namedStatements = new Map<string, string>();

/** The statement name `sql` runs under on PostgreSQL, if it is the text of a `prepared()` query. */
export function statementName(sql: string): string | undefined {
  return namedStatements.get(sql);
}

/**
 * A query built and compiled once, then executed with each call's values. The reads every SCIM
 * request makes (the bearer token lookup, a resource by ID) skip Kysely's per-call building and
 * compiling, which was a tenth of a request's CPU time, and on PostgreSQL run as named statements
 * (above). `build` receives one marker per argument (a unique string, whatever the argument's
 * type: it only stands in for the value); the call's arguments replace the markers in the
 * compiled parameters. A list argument is one parameter (an array, or JSON on SQLite: id-list.ts).
 */
export function prepared<A extends Array<string | number | null | readonly string[]>, R>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- prepared statements run on any table of either dialect
  db: Kysely<any>,
  build: (...markers: A) => { compile(): CompiledQuery<R> },
): (...args: A) => Promise<R[]> {
  let compiled: CompiledQuery<R> | undefined;
  let slots: number[] = [];
  return async (...args) => {
    if (!compiled) {
      const markers = args.map((_, i) => `\u0000marker-${i}\u0000`) as unknown as A;
      compiled = build(...markers).compile();
      slots = compiled.parameters.map((p) => markers.indexOf(p as string));
      if (new Set(slots.filter((s) => s >= 0)).size !== args.length) {
        throw new Error('prepared(): every argument must appear once among the query parameters.');
      }
      if (!namedStatements.has(compiled.sql)) {
        namedStatements.set(compiled.sql, `cloudsso_${createHash('sha256').update(compiled.sql).digest('hex').slice(0, 32)}`);
      }
    }
    const base = compiled;
    const parameters = slots.map((s, i) => (s >= 0 ? args[s] : base.parameters[i]));
    return (await db.executeQuery<R>({ ...base, parameters })).rows;
  };
}
