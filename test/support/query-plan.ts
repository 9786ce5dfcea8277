import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../../src/store/schema.js';
import type { CompiledStatement } from './store.js';
import type { DialectName } from './server.js';

/** One step of a query plan: what it reads and, for an index step, which index. */
export interface PlanStep {
  readonly detail: string;
  readonly scan: boolean;
  readonly index?: string;
}

interface PgPlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
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
      scan: /^SCAN (?!CONSTANT ROW)/.test(detail), // a FROM-less SELECT "scans" its one constant row, no table
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
    });
    for (const child of node.Plans ?? []) walk(child);
  };
  for (const { Plan } of rows[0]?.['QUERY PLAN'] ?? []) walk(Plan);
  return steps;
}

/** Refreshes the planner's statistics, as an operator's ANALYZE (or autovacuum) would. */
export async function analyze(db: Kysely<Database>): Promise<void> {
  await db.executeQuery(CompiledQuery.raw('ANALYZE'));
}
