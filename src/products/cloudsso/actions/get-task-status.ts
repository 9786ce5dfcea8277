import { Type } from '@sinclair/typebox';
import { getTask } from '../../../core/tasks.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { DirectoryIdParam } from '../wire.js';
import { TaskStatusSchema, toWireTaskStatus } from '../wire-tasks.js';

/** The lighter GetTask that clients poll (Terraform every 5 s until Success). */
export default defineAction({
  name: 'GetTaskStatus',
  params: Type.Object({ DirectoryId: DirectoryIdParam, TaskId: EntityIdParam }),
  response: Type.Object({ TaskStatus: TaskStatusSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/task/${p.TaskId}`)] },
  async handler(ctx, p) {
    return { TaskStatus: toWireTaskStatus(await getTask(ctx.core, p.DirectoryId, p.TaskId)) };
  },
});
