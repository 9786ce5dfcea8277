import { Type } from '@sinclair/typebox';
import { getTask } from '../../../core/tasks.js';
import { defineAction } from '../../../rpc/action.js';
import { EntityIdParam } from '../param-schemas.js';
import { DirectoryIdParam } from '../wire.js';
import { TaskSchema, toWireTask } from '../wire-tasks.js';

/** The whole task (reference cloudsso-access.md §3.8); unknown or pruned: EntityNotExists.Task. */
export default defineAction({
  name: 'GetTask',
  params: Type.Object({ DirectoryId: DirectoryIdParam, TaskId: EntityIdParam }),
  response: Type.Object({ Task: TaskSchema }),
  ram: { accessLevel: 'get', resources: (p, arn) => [arn(`directory/${p.DirectoryId}/task/${p.TaskId}`)] },
  async handler(ctx, p) {
    return { Task: toWireTask(await getTask(ctx.core, p.DirectoryId, p.TaskId)) };
  },
});
