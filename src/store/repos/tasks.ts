import type { Kysely, Selectable, SelectQueryBuilder } from 'kysely';
import { TASK_TYPES, type TaskQuery, type TaskRecord, type TaskRepository, type TaskStatus, type TaskType } from '../../core/ports/tasks.js';

/** CloudSSO's task APIs and counts see its own task types only (INTERNAL_TASK_TYPES are the server's). */
const VISIBLE = [...TASK_TYPES];
import type { Dialect } from '../db.js';
import type { Database, TaskRow } from '../schema.js';
import { leaseClaim } from '../lease-claim.js';
import { rethrowUnique } from '../unique-violation.js';

const num = (v: number | string | null): number | null => (v === null ? null : Number(v));

function toTask(r: Selectable<TaskRow>): TaskRecord {
  return {
    taskId: r.task_id,
    directoryId: r.directory_id,
    taskType: r.task_type as TaskType,
    status: r.status as TaskStatus,
    accessConfigurationId: r.access_configuration_id,
    accessConfigurationName: r.access_configuration_name,
    targetType: r.target_type,
    targetId: r.target_id,
    targetName: r.target_name,
    targetPath: r.target_path,
    targetPathName: r.target_path_name,
    originTargetId: r.origin_target_id,
    principalType: r.principal_type,
    principalId: r.principal_id,
    principalName: r.principal_name,
    failureReason: r.failure_reason,
    createTime: Number(r.create_time),
    startTime: Number(r.start_time),
    endTime: num(r.end_time),
    payload: r.payload === null ? undefined : (JSON.parse(r.payload) as unknown),
    attempts: Number(r.attempts),
  };
}

function filtered<O>(qb: SelectQueryBuilder<Database, 'tasks', O>, q: TaskQuery): SelectQueryBuilder<Database, 'tasks', O> {
  let b = qb.where('directory_id', '=', q.directoryId).where('task_type', 'in', VISIBLE).where('create_time', '>=', q.since);
  if (q.status) b = b.where('status', '=', q.status);
  if (q.taskType) b = b.where('task_type', '=', q.taskType);
  if (q.accessConfigurationId) b = b.where('access_configuration_id', '=', q.accessConfigurationId);
  if (q.principal) b = b.where('principal_type', '=', q.principal.type).where('principal_id', '=', q.principal.id);
  if (q.target) b = b.where('target_type', '=', q.target.type).where('target_id', '=', q.target.id);
  return b;
}

export function taskRepository(db: Kysely<Database>, dialect: Dialect): TaskRepository {
  // Every poll of every runner worker, and the wake-up after a write that may have submitted a task.
  const claimDue = leaseClaim(db, dialect, 'tasks', 'InProgress');
  return {
    async insert(t) {
      await db
        .insertInto('tasks')
        .values({
          task_id: t.taskId,
          directory_id: t.directoryId,
          task_type: t.taskType,
          status: 'InProgress',
          access_configuration_id: t.accessConfigurationId,
          access_configuration_name: t.accessConfigurationName,
          target_type: t.targetType,
          target_id: t.targetId,
          target_name: t.targetName,
          target_path: t.targetPath,
          target_path_name: t.targetPathName,
          origin_target_id: t.originTargetId,
          principal_type: t.principalType,
          principal_id: t.principalId,
          principal_name: t.principalName,
          failure_reason: null,
          create_time: t.createTime,
          start_time: t.startTime,
          end_time: null,
          payload: t.payload === undefined ? null : JSON.stringify(t.payload),
          conflict_key: t.conflictKey,
          attempts: 0,
          lease_owner: null,
          lease_until: null,
          next_run_at: t.nextRunAt,
        })
        .execute()
        .catch(rethrowUnique);
    },
    async get(directoryId, taskId) {
      const r = await db
        .selectFrom('tasks')
        .selectAll()
        .where('task_id', '=', taskId)
        .where('directory_id', '=', directoryId)
        .where('task_type', 'in', VISIBLE)
        .executeTakeFirst();
      return r && toTask(r);
    },
    async inProgressFor(conflictKey) {
      const r = await db.selectFrom('tasks').selectAll().where('conflict_key', '=', conflictKey).where('status', '=', 'InProgress').executeTakeFirst();
      return r && toTask(r);
    },
    async countInProgress(directoryId, accessConfigurationId) {
      let q = db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('directory_id', '=', directoryId).where('task_type', 'in', VISIBLE).where('status', '=', 'InProgress');
      if (accessConfigurationId !== undefined) q = q.where('access_configuration_id', '=', accessConfigurationId);
      return Number((await q.executeTakeFirstOrThrow()).n);
    },
    async list(q, after, limit) {
      let b = filtered(db.selectFrom('tasks').selectAll(), q);
      if (after) {
        b = b.where((eb) =>
          eb.or([eb('create_time', '<', after.createTime), eb.and([eb('create_time', '=', after.createTime), eb('task_id', '<', after.taskId)])]),
        );
      }
      const rows = await b.orderBy('create_time', 'desc').orderBy('task_id', 'desc').limit(limit).execute();
      return rows.map(toTask);
    },
    async count(q) {
      const r = await filtered(db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')), q).executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async countAll(directoryId) {
      const r = await db
        .selectFrom('tasks')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('directory_id', '=', directoryId)
        .where('task_type', 'in', VISIBLE)
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async claim(owner, now, leaseUntil) {
      const r = await claimDue(owner, leaseUntil, now);
      return r && toTask(r);
    },
    async heartbeat(taskId, owner, leaseUntil) {
      const r = await db
        .updateTable('tasks')
        .set({ lease_until: leaseUntil })
        .where('task_id', '=', taskId)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'InProgress')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async release(taskId, owner) {
      const r = await db
        .updateTable('tasks')
        .set((eb) => ({ lease_owner: null, lease_until: null, attempts: eb('attempts', '-', 1) }))
        .where('task_id', '=', taskId)
        .where('lease_owner', '=', owner)
        .where('status', '=', 'InProgress')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async complete(taskId, owner, c) {
      let q = db
        .updateTable('tasks')
        .set({ status: c.status, end_time: c.endTime, failure_reason: c.failureReason, lease_owner: null, lease_until: null })
        .where('task_id', '=', taskId)
        .where('status', '=', 'InProgress');
      if (owner !== null) q = q.where('lease_owner', '=', owner);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows) > 0;
    },
    async prune(before, batch) {
      const victims = db.selectFrom('tasks').select('task_id').where('create_time', '<', before).where('status', '<>', 'InProgress').limit(batch);
      const r = await db.deleteFrom('tasks').where('task_id', 'in', victims).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
