import { Type } from '@sinclair/typebox';
import { listTasks } from '../../../core/tasks.js';
import { defineAction } from '../../../rpc/action.js';
import { taskStartTimeFilter } from '../filter/task-start-time.js';
import { EntityIdParam, FilterParam, IntegerParam, pagedBody, pagedResponse, pageRequest, pagingParams } from '../param-schemas.js';
import { DirectoryIdParam } from '../wire.js';
import { TaskSchema, toWireTask } from '../wire-tasks.js';

const oneOf = (values: readonly string[]) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    { errorMessage: `it must be one of ${values.join(', ')}` },
  );

/**
 * A directory's tasks, newest first, from the last 24 hours unless `Filter=StartTime ge <time>`
 * (at most 7 days back); MaxResults 1-20, default 10 (reference cloudsso-access.md §3.8). As in
 * CloudSSO, PrincipalType/PrincipalId and TargetType/TargetId filter only when both are given.
 */
export default defineAction({
  name: 'ListTasks',
  params: Type.Object({
    DirectoryId: DirectoryIdParam,
    Filter: Type.Optional(FilterParam),
    Status: Type.Optional(oneOf(['InProgress', 'Success', 'Failed'])),
    TaskType: Type.Optional(oneOf(['ProvisionAccessConfiguration', 'DeprovisionAccessConfiguration', 'CreateAccessAssignment', 'DeleteAccessAssignment'])),
    AccessConfigurationId: Type.Optional(EntityIdParam),
    PrincipalType: Type.Optional(oneOf(['User', 'Group'])),
    PrincipalId: Type.Optional(EntityIdParam),
    TargetType: Type.Optional(oneOf(['RD-Account'])),
    TargetId: Type.Optional(EntityIdParam),
    ...pagingParams,
    MaxResults: Type.Optional(IntegerParam(1, 20)),
  }),
  response: pagedResponse('Tasks', TaskSchema),
  ram: { accessLevel: 'list', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/task/*`)] },
  async handler(ctx, p) {
    const page = await listTasks(
      ctx.core,
      p.DirectoryId,
      {
        since: taskStartTimeFilter(p.Filter),
        status: p.Status as 'InProgress' | 'Success' | 'Failed' | undefined,
        taskType: p.TaskType as Parameters<typeof listTasks>[2]['taskType'],
        accessConfigurationId: p.AccessConfigurationId,
        principal: p.PrincipalType && p.PrincipalId ? { type: p.PrincipalType, id: p.PrincipalId } : undefined,
        target: p.TargetType && p.TargetId ? { type: p.TargetType, id: p.TargetId } : undefined,
      },
      pageRequest(p),
    );
    return { ...pagedBody(page), Tasks: page.items.map(toWireTask) };
  },
});
