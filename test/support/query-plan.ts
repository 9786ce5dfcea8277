import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import type { CompiledStatement } from './store.js';
import type { DialectName } from './server.js';

/** One step of a query plan: what it reads and, for an index step, which index and (PostgreSQL) on what condition. */
export interface PlanStep {
  readonly detail: string;
  readonly scan: boolean;
  readonly index?: string;
  /** PostgreSQL's `Index Cond` (SQLite's is in `detail`, e.g. `(group_id=? AND user_id=?)`). */
  readonly condition?: string;
}

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  Plans?: PgPlanNode[];
}

/**
 * The plan the database chooses for a statement a repository executed (captured with its real
 * parameters): SQLite's EXPLAIN QUERY PLAN rows, PostgreSQL's EXPLAIN (FORMAT JSON) nodes, flattened.
 * A step reading a table without an index is a `scan`.
 */
export async function queryPlan(db: Kysely<Database>, dialect: DialectName, statement: CompiledStatement): Promise<PlanStep[]> {
  if (dialect === 'sqlite') {
    const { rows } = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`EXPLAIN QUERY PLAN ${statement.sql}`, [...statement.parameters]));
    return rows.map(({ detail }) => ({
      detail,
      // A FROM-less SELECT "scans" its one constant row, and `json_each` over a list parameter
      // (src/store/id-list.ts) its elements: neither reads a table. The schema has no stored
      // virtual tables, so every virtual table in a plan is such a parameter.
      scan: /^SCAN (?!CONSTANT ROW)(?!\S+ VIRTUAL TABLE)/.test(detail),
      ...(/ USING (?:COVERING )?INDEX (\S+)/.exec(detail) ? { index: / USING (?:COVERING )?INDEX (\S+)/.exec(detail)?.[1] } : {}),
      ...(/ USING INTEGER PRIMARY KEY/.test(detail) ? { index: 'rowid' } : {}),
    }));
  }
  const { rows } = await db.executeQuery<{ 'QUERY PLAN': Array<{ Plan: PgPlanNode }> }>(
    CompiledQuery.raw(`EXPLAIN (FORMAT JSON) ${statement.sql}`, [...statement.parameters]),
  );
  const steps: PlanStep[] = [];
  const walk = (node: PgPlanNode) => {
    const type = node['Node Type'];
    steps.push({
      detail: `${type}${node['Relation Name'] ? ` on ${node['Relation Name']}` : ''}${node['Index Name'] ? ` using ${node['Index Name']}` : ''}`,
      scan: type === 'Seq Scan',
      ...(node['Index Name'] ? { index: node['Index Name'] } : {}),
      ...(node['Index Cond'] ? { condition: node['Index Cond'] } : {}),
    });
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const { Plan } of rows[0]?.['QUERY PLAN'] ?? []) walk(Plan);
  return steps;
}

/**
 * The plan a named statement settles on. PostgreSQL plans a prepared statement's first five runs
 * with their values (the plan `queryPlan` shows), then may switch to a generic plan made without
 * them, which is what a busy connection runs from then on. This forces that generic plan for the
 * captured statement (PostgreSQL 15 has no `EXPLAIN (GENERIC_PLAN)`): on one connection, PREPARE,
 * `plan_cache_mode = force_generic_plan`, EXPLAIN EXECUTE, then put both back. SQLite has no such
 * switch: its plan is `queryPlan`'s.
 */
export async function genericPlan(db: Kysely<Database>, dialect: DialectName, statement: CompiledStatement): Promise<PlanStep[]> {
  if (dialect === 'sqlite') return queryPlan(db, dialect, statement);
  // EXECUTE takes no bound parameters inside EXPLAIN: the captured values go in as literals.
  const literal = (v: unknown): string => {
    if (v === null || v === undefined) return 'NULL';
    if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') return String(v);
    if (Array.isArray(v)) return `ARRAY[${v.map(literal).join(', ')}]::text[]`; // the ID lists (src/store/id-list.ts)
    return `'${String(v).replaceAll("'", "''")}'`;
  };
  const values = statement.parameters.map(literal).join(', ');
  return db.connection().execute(async (c) => {
    await c.executeQuery(CompiledQuery.raw(`PREPARE plan_probe AS ${statement.sql}`));
    try {
      await c.executeQuery(CompiledQuery.raw('SET plan_cache_mode = force_generic_plan'));
      return await queryPlan(c, dialect, { sql: `EXECUTE plan_probe${values ? `(${values})` : ''}`, parameters: [] });
    } finally {
      await c.executeQuery(CompiledQuery.raw('RESET plan_cache_mode'));
      await c.executeQuery(CompiledQuery.raw('DEALLOCATE plan_probe'));
    }
  });
}

/** Refreshes the planner's statistics, as an operator's ANALYZE (or autovacuum) would. */
export async function analyze(db: Kysely<Database>): Promise<void> {
  await db.executeQuery(CompiledQuery.raw('ANALYZE'));
}
