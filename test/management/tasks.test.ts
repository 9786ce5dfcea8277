import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import { kickTasks, submitTask, pruneTasks, TASK_RETENTION_MS, type NewTask, type TaskHandler, type TaskRecord } from '../../src/core/tasks.js';
import type { ApiClient } from '../support/clients.js';
import { client, coreOf, MANAGEMENT_MODES, newDirectory } from '../support/management.js';
import { makeClient } from '../support/clients.js';
import { ARN, expectDenied, policyDocument, ramClient, ramUserWith } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess, keysOf, TIME } from '../support/wire.js';

/**
 * GetTask, GetTaskStatus and ListTasks (reference cloudsso-access.md §3.8) through the SDK clients,
 * over tasks run by the real runner with synthetic handlers: one that waits for the test to
 * release it, one that fails with a rule's message, one that fails unexpectedly.
 */
const gates = new Map<string, () => void>();
const waitForGate: TaskHandler = (_deps, task) => new Promise<void>((resolve) => gates.set(task.taskId, resolve));
const handlers: Partial<Record<NewTask['taskType'], TaskHandler>> = {
  ProvisionAccessConfiguration: waitForGate,
  CreateAccessAssignment: async () => {
    throw new DomainError('InvalidParameter', 'No Permission.');
  },
  DeleteAccessAssignment: async () => {
    throw new Error('connection to 10.0.0.7 refused with password hunter2');
  },
  DeprovisionAccessConfiguration: async () => undefined,
};

const FULL_KEYS = ['AccessConfigurationId', 'AccessConfigurationName', 'StartTime', 'Status', 'TargetId', 'TargetName', 'TargetType', 'TaskId', 'TaskType'];
let accounts = 0;
const nextAccount = () => String(1_000_000_000_000_000 + ++accounts);

async function until<T>(what: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await what();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.each(DIALECTS)('tasks on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '1000' }, taskHandlers: handlers, taskPollMs: 100 });
  });
  afterAll(async () => {
    for (const release of gates.values()) release();
    await node?.close();
  });

  async function submit(directoryId: string, taskType: NewTask['taskType'], extra: Partial<NewTask> = {}): Promise<TaskRecord> {
    const core = coreOf(node);
    const task = await core.store.transaction((tx) =>
      submitTask(tx, core, {
        directoryId,
        taskType,
        accessConfigurationId: 'ac-00000000000000000001',
        accessConfigurationName: 'ECS-Admin',
        targetType: 'RD-Account',
        targetId: nextAccount(),
        targetName: 'dev-test',
        ...extra,
      }),
    );
    kickTasks(core);
    return task;
  }

  describe.each(MANAGEMENT_MODES)('through %s', (mode) => {
    let api: ApiClient;
    beforeAll(() => {
      api = client(node, mode);
    });

    it('shows a task InProgress without EndTime, then Success with EndTime once its handler resolves', async () => {
      const DirectoryId = await newDirectory(api, 'tasks');
      const t = await submit(DirectoryId, 'ProvisionAccessConfiguration');
      await until(async () => gates.has(t.taskId), Boolean);

      const running = await api.call('GetTaskStatus', { DirectoryId, TaskId: t.taskId });
      expectSuccess(running, ['TaskStatus']);
      expect(keysOf(running.TaskStatus)).toEqual(['StartTime', 'Status', 'TaskId', 'TaskType']);
      expect(running.TaskStatus).toMatchObject({ TaskId: t.taskId, TaskType: 'ProvisionAccessConfiguration', Status: 'InProgress' });
      expect(running.TaskStatus.StartTime).toMatch(TIME);
      const full = (await api.call('GetTask', { DirectoryId, TaskId: t.taskId })).Task;
      expect(keysOf(full)).toEqual(FULL_KEYS);
      expect(full).toMatchObject({
        AccessConfigurationId: 'ac-00000000000000000001',
        AccessConfigurationName: 'ECS-Admin',
        TargetType: 'RD-Account',
        TargetId: t.targetId,
        TargetName: 'dev-test',
      });

      const gauge = async () => /^cloudsso_tasks_in_flight\{kind="ProvisionAccessConfiguration"\} (\d+)$/m.exec(await (await fetch(`${node.url}/metrics`)).text())?.[1];
      expect(await gauge()).toBe('1');

      gates.get(t.taskId)!();
      const done = await until(
        () => api.call('GetTaskStatus', { DirectoryId, TaskId: t.taskId }),
        (b) => b.TaskStatus.Status !== 'InProgress',
      );
      expect(keysOf(done.TaskStatus)).toEqual(['EndTime', 'StartTime', 'Status', 'TaskId', 'TaskType']);
      expect(done.TaskStatus.Status).toBe('Success');
      expect(done.TaskStatus.EndTime).toMatch(TIME);
      expect(done.TaskStatus.EndTime >= done.TaskStatus.StartTime).toBe(true);
      expect(keysOf((await api.call('GetTask', { DirectoryId, TaskId: t.taskId })).Task)).toEqual([...FULL_KEYS, 'EndTime'].sort());
      expect(await gauge()).toBe('0');
    });

    it('ends Failed with the rule’s message, or a generic reason that hides an unexpected error', async () => {
      const DirectoryId = await newDirectory(api, 'tasks');
      const denied = await submit(DirectoryId, 'CreateAccessAssignment', { principalType: 'Group', principalId: 'g-00000000000000000001', principalName: 'ops' });
      const broken = await submit(DirectoryId, 'DeleteAccessAssignment', { principalType: 'User', principalId: 'u-00000000000000000001' });
      const failed = await until(
        () => api.call('GetTask', { DirectoryId, TaskId: denied.taskId }),
        (b) => b.Task.Status !== 'InProgress',
      );
      expect(failed.Task).toMatchObject({ Status: 'Failed', FailureReason: 'No Permission.', PrincipalType: 'Group', PrincipalId: 'g-00000000000000000001', PrincipalName: 'ops' });
      expect(keysOf(failed.Task)).toEqual([...FULL_KEYS, 'EndTime', 'FailureReason', 'PrincipalId', 'PrincipalName', 'PrincipalType'].sort());
      const hidden = await until(
        () => api.call('GetTaskStatus', { DirectoryId, TaskId: broken.taskId }),
        (b) => b.TaskStatus.Status !== 'InProgress',
      );
      expect(hidden.TaskStatus).toMatchObject({ Status: 'Failed', FailureReason: 'An internal error occurred while running the task.' });
      expect(JSON.stringify(hidden)).not.toContain('hunter2');
    });

    it('answers EntityNotExists.Task for an unknown task or one of another directory, EntityNotExists.Directory for an unknown directory', async () => {
      const DirectoryId = await newDirectory(api, 'tasks');
      const other = await newDirectory(api, 'tasks');
      const t = await submit(other, 'DeprovisionAccessConfiguration');
      for (const action of ['GetTask', 'GetTaskStatus']) {
        expectFailure(await api.fail(action, { DirectoryId, TaskId: 't-00000000000000000000' }), 'EntityNotExists.Task', 404);
        expectFailure(await api.fail(action, { DirectoryId, TaskId: t.taskId }), 'EntityNotExists.Task', 404);
        expectFailure(await api.fail(action, { DirectoryId: 'd-000000000000', TaskId: t.taskId }), 'EntityNotExists.Directory', 404);
        expectFailure(await api.fail(action, { DirectoryId }), 'MissingParameter.TaskId', 400);
      }
      expectFailure(await api.fail('ListTasks', { DirectoryId: 'd-000000000000' }), 'EntityNotExists.Directory', 404);
    });

    it('lists the last 24 hours newest first, 10 a page by default and at most 20, with filters', async () => {
      const DirectoryId = await newDirectory(api, 'tasks');
      const core = coreOf(node);
      // Two days old: outside the default window, inside a 3-day Filter.
      const now = Date.now();
      const old = await submit(DirectoryId, 'DeprovisionAccessConfiguration');
      await until(() => core.store.tasks.get(DirectoryId, old.taskId), (r) => r?.status === 'Success');
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push((await submit(DirectoryId, i % 3 === 0 ? 'CreateAccessAssignment' : 'DeprovisionAccessConfiguration', { principalType: 'User', principalId: `u-${String(i).padStart(20, '0')}` })).taskId);
      await setCreateTime(node, old.taskId, now - 2 * 24 * 3600_000);

      const first = await api.call('ListTasks', { DirectoryId });
      expectSuccess(first, ['IsTruncated', 'MaxResults', 'NextToken', 'TotalCounts', 'Tasks']);
      expect(first).toMatchObject({ IsTruncated: true, MaxResults: 10, TotalCounts: 12 });
      expect(first.Tasks.map((t: any) => t.TaskId)).toEqual([...ids].reverse().slice(0, 10));
      const second = await api.call('ListTasks', { DirectoryId, NextToken: first.NextToken });
      expect(second.Tasks.map((t: any) => t.TaskId)).toEqual([ids[1], ids[0]]);
      expect(second.IsTruncated).toBe(false);
      expect(second.NextToken).toBeUndefined();
      expect((await api.call('ListTasks', { DirectoryId, MaxResults: 20 })).Tasks).toHaveLength(12);
      expectFailure(await api.fail('ListTasks', { DirectoryId, MaxResults: 21 }), 'InvalidParameter.MaxResults', 400);

      const since = new Date(now - 3 * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const withOld = await api.call('ListTasks', { DirectoryId, Filter: `starttime GE ${since}`, MaxResults: 20 });
      expect(withOld.TotalCounts).toBe(13);
      expect(withOld.Tasks.at(-1).TaskId).toBe(old.taskId);
      const tooOld = new Date(now - 8 * 24 * 3600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      expectFailure(await api.fail('ListTasks', { DirectoryId, Filter: `StartTime ge ${tooOld}` }), 'InvalidParameter.Filter', 400);
      expectFailure(await api.fail('ListTasks', { DirectoryId, Filter: `StartTime gt ${since}` }), 'InvalidParameter.Filter', 400);
      expectFailure(await api.fail('ListTasks', { DirectoryId, Filter: 'StartTime ge yesterday' }), 'InvalidParameter.Filter', 400);

      const assignments = await api.call('ListTasks', { DirectoryId, TaskType: 'CreateAccessAssignment' });
      expect(assignments.Tasks.map((t: any) => t.TaskId)).toEqual([ids[9], ids[6], ids[3], ids[0]]);
      const byPrincipal = await api.call('ListTasks', { DirectoryId, PrincipalType: 'User', PrincipalId: `u-${'3'.padStart(20, '0')}` });
      expect(byPrincipal.Tasks.map((t: any) => t.TaskId)).toEqual([ids[3]]);
      // PrincipalId alone filters nothing, as in CloudSSO.
      expect((await api.call('ListTasks', { DirectoryId, PrincipalId: `u-${'3'.padStart(20, '0')}` })).TotalCounts).toBe(12);
      const t5 = (await api.call('GetTask', { DirectoryId, TaskId: ids[5] })).Task;
      expect((await api.call('ListTasks', { DirectoryId, TargetType: 'RD-Account', TargetId: t5.TargetId })).Tasks.map((t: any) => t.TaskId)).toEqual([ids[5]]);
      const done = await until(
        () => api.call('ListTasks', { DirectoryId, Status: 'Failed', MaxResults: 20 }),
        (b) => b.TotalCounts === 4,
      );
      expect(done.Tasks.every((t: any) => t.Status === 'Failed' && t.FailureReason === 'No Permission.')).toBe(true);
      expectFailure(await api.fail('ListTasks', { DirectoryId, Status: 'Done' }), 'InvalidParameter.Status', 400);
      expectFailure(await api.fail('ListTasks', { DirectoryId, TaskType: 'Provision' }), 'InvalidParameter.TaskType', 400);
      expectFailure(await api.fail('ListTasks', { DirectoryId, Status: 'Failed', NextToken: first.NextToken }), 'InvalidParameter.NextToken', 400);
    });

    it('forgets tasks past the 7-day retention: GetTask answers EntityNotExists.Task', async () => {
      const DirectoryId = await newDirectory(api, 'tasks');
      const core = coreOf(node);
      const t = await submit(DirectoryId, 'DeprovisionAccessConfiguration');
      await until(() => core.store.tasks.get(DirectoryId, t.taskId), (r) => r?.status === 'Success');
      await setCreateTime(node, t.taskId, Date.now() - TASK_RETENTION_MS - 60_000);
      expect((await api.call('GetTask', { DirectoryId, TaskId: t.taskId })).Task.Status).toBe('Success');
      expect(await pruneTasks(core)).toBeGreaterThanOrEqual(1);
      expectFailure(await api.fail('GetTaskStatus', { DirectoryId, TaskId: t.taskId }), 'EntityNotExists.Task', 404);
    });
  });

  it('authorizes cloudsso:GetTask, GetTaskStatus and ListTasks on task ARNs of the directory', async () => {
    const api = client(node);
    const DirectoryId = await newDirectory(api, 'tasks');
    const t = await submit(DirectoryId, 'DeprovisionAccessConfiguration');
    const ram = ramClient(node.endpoint, node.rootKey);
    const key = await ramUserWith(ram, `task-reader-${dialect}`, {
      [`TaskReader${dialect}`]: policyDocument({ Effect: 'Allow', Action: ['cloudsso:GetTaskStatus', 'cloudsso:ListTasks'], Resource: ARN(`directory/${DirectoryId}/task/*`) }),
    });
    const reader = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key });
    expect((await reader.call('GetTaskStatus', { DirectoryId, TaskId: t.taskId })).TaskStatus.TaskId).toBe(t.taskId);
    expect((await reader.call('ListTasks', { DirectoryId })).TotalCounts).toBe(1);
    expectDenied(await reader.fail('GetTask', { DirectoryId, TaskId: t.taskId }), {
      action: 'cloudsso:GetTask',
      resources: [ARN(`directory/${DirectoryId}/task/${t.taskId}`)],
      userName: `task-reader-${dialect}`,
      type: 'ImplicitDeny',
    });
  });
});

/** Moves a task's creation back in time, as days passing would (nothing in the API can). */
async function setCreateTime(node: TestServer, taskId: string, time: number): Promise<void> {
  await node.server.runtime.db.db.updateTable('tasks').set({ create_time: time, start_time: time }).where('task_id', '=', taskId).execute();
}
