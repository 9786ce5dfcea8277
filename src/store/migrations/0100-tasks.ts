import { sql, type Kysely } from 'kysely';

/**
 * CloudSSO tasks as durable jobs (docs/decisions/0100-durable-tasks.md). The CloudSSO columns are
 * the Task object's fields (reference cloudsso-access.md §1.5); the engine columns hold what the
 * runner needs:
 * - `payload`: the handler's input as JSON text;
 * - `conflict_key`: directory + access configuration + target; at most one InProgress task per key
 *   (the partial unique index makes a racing second submit fail, OperationConflict.Task);
 * - `attempts`, `lease_owner`, `lease_until`, `next_run_at`: claims. A node claims a due task by
 *   setting a lease; a task whose lease ran out (its node died) is claimed again.
 * Times are epoch milliseconds like every other table.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('tasks')
    .addColumn('task_id', 'text', (c) => c.primaryKey())
    .addColumn('directory_id', 'text', (c) => c.notNull().references('directories.id').onDelete('cascade'))
    .addColumn('task_type', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('access_configuration_id', 'text', (c) => c.notNull())
    .addColumn('access_configuration_name', 'text')
    .addColumn('target_type', 'text', (c) => c.notNull())
    .addColumn('target_id', 'text', (c) => c.notNull())
    .addColumn('target_name', 'text')
    .addColumn('target_path', 'text')
    .addColumn('target_path_name', 'text')
    .addColumn('origin_target_id', 'text')
    .addColumn('principal_type', 'text')
    .addColumn('principal_id', 'text')
    .addColumn('principal_name', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('create_time', 'bigint', (c) => c.notNull())
    .addColumn('start_time', 'bigint', (c) => c.notNull())
    .addColumn('end_time', 'bigint')
    .addColumn('payload', 'text')
    .addColumn('conflict_key', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_owner', 'text')
    .addColumn('lease_until', 'bigint')
    .addColumn('next_run_at', 'bigint', (c) => c.notNull())
    .execute();
  // ListTasks: a directory's tasks newest first since a time; the keyset cursor is (create_time, task_id).
  await db.schema.createIndex('tasks_directory_time_ix').on('tasks').columns(['directory_id', 'create_time', 'task_id']).execute();
  // The runner's claim: due InProgress tasks. Retention deletes by create_time alone.
  await db.schema.createIndex('tasks_claim_ix').on('tasks').columns(['status', 'next_run_at']).execute();
  await db.schema.createIndex('tasks_time_ix').on('tasks').columns(['create_time']).execute();
  await db.schema
    .createIndex('tasks_conflict_uq')
    .unique()
    .on('tasks')
    .column('conflict_key')
    .where(sql.ref('status'), '=', sql.lit('InProgress'))
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('tasks').execute();
}
