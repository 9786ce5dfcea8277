import { accessTaskHandlers } from './access/task-handlers.js';
import { userProvisioningTaskHandlers } from './user-provisioning/sync.js';
import type { TaskHandler, TaskType } from './tasks.js';

/**
 * The handler of each task type, which the task runner calls (core/task-runner.ts). Each must be
 * idempotent: see TaskHandler in core/tasks.ts. A task whose type has no handler here ends Failed.
 */
export const taskHandlers: Partial<Record<TaskType, TaskHandler>> = { ...accessTaskHandlers, ...userProvisioningTaskHandlers };
