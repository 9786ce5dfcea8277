import { describe, expect, it } from 'vitest';
import { testTaskHandlers } from '../../src/cli/task-test-hook.js';
import { taskHandlers } from '../../src/core/task-handlers.js';

/** The test-only task hooks of `cloudsso serve` (src/cli/task-test-hook.ts): off unless set, and strict when set. */
describe('the task test hooks', () => {
  it('are off when neither variable is set (the real handlers run unwrapped)', () => {
    expect(testTaskHandlers({}, '/tmp')).toBeUndefined();
    expect(testTaskHandlers({ CLOUDSSO_TEST_TASK_HANDLER: '', CLOUDSSO_TEST_TASK_PAUSE: '' }, '/tmp')).toBeUndefined();
  });

  it('pause wraps every real handler, and only a named step is accepted', () => {
    for (const step of ['before-policy-attach', 'before-role-delete']) {
      expect(Object.keys(testTaskHandlers({ CLOUDSSO_TEST_TASK_PAUSE: step }, '/tmp')!).sort()).toEqual(Object.keys(taskHandlers).sort());
    }
    expect(() => testTaskHandlers({ CLOUDSSO_TEST_TASK_PAUSE: 'somewhere' }, '/tmp')).toThrow(
      'CLOUDSSO_TEST_TASK_PAUSE must be one of before-policy-attach, before-role-delete.',
    );
    expect(() => testTaskHandlers({ CLOUDSSO_TEST_TASK_PAUSE: 'before-role-delete', CLOUDSSO_TEST_TASK_HANDLER: 'block' }, '/tmp')).toThrow(
      'CLOUDSSO_TEST_TASK_HANDLER and CLOUDSSO_TEST_TASK_PAUSE cannot be set together.',
    );
  });
});
