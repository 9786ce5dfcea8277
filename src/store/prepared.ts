import { createHash } from 'node:crypto';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Dialect } from './dialect.js';

/**
 * The SQL text of every `prepared()` query compiled in this process, and of every
 * `namedStatement()`, with the name it runs under on PostgreSQL: a named (server-side) prepared
 * statement is parsed and planned once per connection, then only bound and executed (db.ts).
 * Only these texts are named, so the statements a connection keeps are as few as those two kinds
 * of statement in the code, whatever else runs on it. The name is a hash of the text: stable
 * across nodes and restarts, and one text never meets two names.
 */
const namedStatements = new Map<string, string>();

/** The statement name `sql` runs under on PostgreSQL, if it is the text of a `prepared()` query or a `namedStatement()`. */
export function statementName(sql: string): string | undefined {
  return namedStatements.get(sql);
}

function nameStatement(sql: string): void {
  if (!namedStatements.has(sql)) namedStatements.set(sql, `cloudsso_${createHash('sha256').update(sql).digest('hex').slice(0, 32)}`);
}

/**
 * A statement written as SQL text (one Kysely cannot build, such as a read joined to a count or
 * an insert from arrays), named on PostgreSQL like a `prepared()` query's: parsed and planned once
 * per connection. For texts fixed in the code only: each text named is a statement every
 * connection may keep.
 */
export function namedStatement(sql: string): CompiledQuery {
  nameStatement(sql);
  return CompiledQuery.raw(sql);
}

/** A `prepared()` query compiled: its text and parameters, and which argument fills each parameter. */
interface Compilation {
  readonly query: CompiledQuery<unknown>;
  /** For each compiled parameter, the index of the argument that fills it, or -1 for a constant. */
  readonly slots: readonly number[];
}

/**
 * Every `prepared()` query compiled in this process, by dialect and key. A repository is made
 * afresh for each transaction (the store is a function of its `db`), and with it its `prepared()`
 * closures; without this map each transaction built and compiled its statements again, a fifth of
 * a group PATCH's CPU on PostgreSQL.
 */
const compilations = new Map<string, Compilation>();

/**
 * Under the test runner every closure still builds its query once and checks it against the
 * shared compilation, so a key that names two different statements fails the suite at once.
 */
let verifyKeys = process.env['VITEST'] !== undefined;

/** Turns the check above on or off (tests of the sharing itself); returns the previous setting. */
export function verifyPreparedKeys(on: boolean): boolean {
  const before = verifyKeys;
  verifyKeys = on;
  return before;
}

function compile<A extends unknown[], R>(build: (...markers: A) => { compile(): CompiledQuery<R> }, arity: number): Compilation {
  const markers = Array.from({ length: arity }, (_, i) => `\u0000marker-${i}\u0000`) as unknown as A;
  const query = build(...markers).compile();
  const slots = query.parameters.map((p) => (markers as unknown[]).indexOf(p));
  if (new Set(slots.filter((s) => s >= 0)).size !== arity) {
    throw new Error('prepared(): every argument must fill at least one of the query parameters.');
  }
  return { query, slots };
}

/**
 * The compilation kept for `key`, made by this `build` on the key's first use. Under the test
 * runner (`verifyKeys`) a later `build` is compiled too and must give the same statement.
 */
function compilationOf<A extends unknown[], R>(dialect: Dialect, key: string, build: (...markers: A) => { compile(): CompiledQuery<R> }, arity: number): Compilation {
  const name = `${dialect}:${key}`;
  const kept = compilations.get(name);
  if (!kept) {
    const made = compile(build, arity);
    compilations.set(name, made);
    nameStatement(made.query.sql);
    return made;
  }
  if (verifyKeys) {
    const again = compile(build, arity);
    const constants = (c: Compilation) => JSON.stringify(c.query.parameters.filter((_, i) => (c.slots[i] ?? 0) < 0));
    if (again.query.sql !== kept.query.sql || again.slots.join() !== kept.slots.join() || constants(again) !== constants(kept)) {
      throw new Error(`prepared(): the key "${key}" names two different statements:\n${kept.query.sql}\n${again.query.sql}`);
    }
  }
  return kept;
}

/**
 * A query built and compiled once per process, then executed with each call's values. The reads
 * every SCIM request makes (the bearer token lookup, a resource by ID) skip Kysely's per-call
 * building and compiling, which was a tenth of a request's CPU time, and on PostgreSQL run as
 * named statements (above). `build` receives one marker per argument (a unique string, whatever
 * the argument's type: it only stands in for the value); the call's arguments replace the markers
 * in the compiled parameters, as often as the query uses each. A list argument is one parameter (an array, or JSON on SQLite:
 * id-list.ts).
 *
 * `key` names the statement for the whole process (with `dialect`): the same key must always
 * build the same statement, so a statement whose text depends on something the closure captures
 * (a table, a column) carries it in its key. The first call of the key compiles; every closure
 * made for it afterwards, in every transaction's repositories, reuses that compilation.
 */
export function prepared<A extends Array<string | number | null | readonly string[]>, R>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- prepared statements run on any table of either dialect
  db: Kysely<any>,
  dialect: Dialect,
  key: string,
  build: (...markers: A) => { compile(): CompiledQuery<R> },
): (...args: A) => Promise<R[]> {
  let mine: Compilation | undefined;
  return async (...args) => {
    mine ??= compilationOf(dialect, key, build, args.length);
    const { query, slots } = mine;
    const parameters = slots.map((s, i) => (s >= 0 ? args[s] : query.parameters[i]));
    return (await db.executeQuery<R>({ ...query, parameters } as CompiledQuery<R>)).rows;
  };
}
