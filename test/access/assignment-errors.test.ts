import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { ARN, expectDenied, policyDocument, ramClient, ramUserWith } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { expectFailure } from '../support/wire.js';

/**
 * Every documented error of assignments and provisioning (cloudsso-access.md §3, §11) once, through
 * the ACS3 and V1 clients on both databases, and RAM authorization on the access configuration,
 * principal and account ARNs the assignment actions act on.
 */
const MANAGEMENT = '1234567890123456';

describe.each(DIALECTS)('assignment and provisioning errors on %s', (dialect) => {
  let server: TestServer;
  let acs3: ApiClient;
  let v1: ApiClient;
  let DirectoryId: string;
  let AccessConfigurationId: string;
  let memberId: string;
  let userId: string;
  let groupId: string;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    acs3 = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey });
    v1 = makeClient('openapi-client v2', { endpoint: server.endpoint, key: server.rootKey });
    DirectoryId = (await acs3.call('CreateDirectory', { DirectoryName: `errors-${dialect}` })).Directory.DirectoryId;
    AccessConfigurationId = (await acs3.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Errors' })).AccessConfiguration
      .AccessConfigurationId;
    userId = (await acs3.call('CreateUser', { DirectoryId, UserName: 'bob' })).User.UserId;
    groupId = (await acs3.call('CreateGroup', { DirectoryId, GroupName: 'devs' })).Group.GroupId;
  });
  afterAll(() => server?.close());

  const rm = (action: string, params: Record<string, unknown> = {}) =>
    makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey, version: '2020-03-31' }).call(action, params);

  async function untilDone(TaskId: string): Promise<Body> {
    for (let i = 0; i < 60; i++) {
      const { TaskStatus } = await acs3.call('GetTaskStatus', { DirectoryId, TaskId });
      if (TaskStatus.Status !== 'InProgress') return TaskStatus;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`task ${TaskId} still InProgress`);
  }

  it('answers each documented error of the assignment and provisioning actions', async () => {
    const ids = { DirectoryId, AccessConfigurationId };
    const target = { TargetType: 'RD-Account', TargetId: '9999999999999999' };
    const user = { PrincipalType: 'User', PrincipalId: userId };
    // No resource directory yet: no account can be a target.
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, ...target, ...user }), 'EntityNotExists.Account', 404);
    await rm('EnableResourceDirectory', { EnableMode: 'CurrentAccount' });
    memberId = (await rm('CreateResourceAccount', { DisplayName: 'Errors member' })).Account.AccountId;
    const member = { TargetType: 'RD-Account', TargetId: memberId };

    expectFailure(await v1.fail('CreateAccessAssignment', { ...ids, ...target, ...user }), 'EntityNotExists.Account', 404);
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, ...member, TargetType: 'RD-Folder', ...user }), 'InvalidParameter.TargetType', 400);
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, ...member, PrincipalType: 'Role', PrincipalId: userId }), 'InvalidParameter.PrincipalType', 400);
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, ...member, PrincipalType: 'User' }), 'MissingParameter.PrincipalId', 400);
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, ...member, PrincipalType: 'User', PrincipalId: 'u-nobody' }), 'EntityNotExists.User', 404);
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, ...member, PrincipalType: 'Group', PrincipalId: 'g-nobody' }), 'EntityNotExists.Group', 404);
    expectFailure(
      await acs3.fail('CreateAccessAssignment', { DirectoryId, AccessConfigurationId: 'ac-nothing', ...member, ...user }),
      'EntityNotExists.AccessConfiguration',
      404,
    );
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, DirectoryId: 'd-nothing00000', ...member, ...user }), 'EntityNotExists.Directory', 404);

    const first = await acs3.call('CreateAccessAssignment', { ...ids, ...member, ...user });
    expect((await untilDone(first.Task.TaskId)).Status).toBe('Success');
    expectFailure(await acs3.fail('CreateAccessAssignment', { ...ids, ...member, ...user }), 'EntityAlreadyExists.AccessAssignment', 409);

    expectFailure(
      await acs3.fail('DeleteAccessAssignment', { ...ids, ...member, PrincipalType: 'Group', PrincipalId: groupId }),
      'EntityNotExists.AccessAssignment',
      404,
    );
    expectFailure(await acs3.fail('DeleteAccessAssignment', { ...ids, ...member, ...user, DeprovisionStrategy: 'Always' }), 'InvalidParameter.DeprovisionStrategy', 400);
    expectFailure(await v1.fail('DeprovisionAccessConfiguration', { ...ids, ...member }), 'DeletionConflict.AccessConfigurationProvisioning.AccessAssignment', 409);
    expectFailure(await acs3.fail('DeleteAccessConfiguration', ids), 'DeletionConflict.AccessConfiguration.AccessAssignment', 409);
    expectFailure(await acs3.fail('DeleteUser', { DirectoryId, UserId: userId }), 'DeletionConflict.User.AccessAssigment', 409);
    expectFailure(await acs3.fail('DeleteDirectory', { DirectoryId }), 'DeletionConflict.Directory', 409);
    expectFailure(await acs3.fail('ListAccessAssignments', { DirectoryId, MaxResults: 21 }), 'InvalidParameter.MaxResults', 400);
    expectFailure(await acs3.fail('ListAccessConfigurationProvisionings', { DirectoryId, ProvisioningStatus: 'Gone' }), 'InvalidParameter.ProvisioningStatus', 400);
    expectFailure(await acs3.fail('ListAccessAssignments', { DirectoryId, NextToken: 'forged.token' }), 'InvalidParameter.NextToken', 400);

    // Deleting the assignment without a strategy keeps the provisioning; then it is refused as provisioned.
    const deleted = await acs3.call('DeleteAccessAssignment', { ...ids, ...member, ...user });
    expect((await untilDone(deleted.Task.TaskId)).Status).toBe('Success');
    expectFailure(await acs3.fail('DeleteAccessConfiguration', ids), 'DeletionConflict.AccessConfiguration.Provisioning', 409);

    const deprovision = await acs3.call('DeprovisionAccessConfiguration', { ...ids, ...member });
    expect((await untilDone(deprovision.Tasks[0].TaskId)).Status).toBe('Success');
    expectFailure(await acs3.fail('DeprovisionAccessConfiguration', { ...ids, ...member }), 'EntityNotExists.AccessConfigurationProvisioning', 404);
    expectFailure(await acs3.fail('ProvisionAccessConfiguration', { ...ids, TargetType: 'RD-Account', TargetId: '1111111111111111' }), 'EntityNotExists.Account', 404);
    expectFailure(await acs3.fail('GetTaskStatus', { DirectoryId, TaskId: 't-00000000000000000000' }), 'EntityNotExists.Task', 404);
  });

  it('the task conflict and busy codes, made deterministic by holding a task in progress', async () => {
    const ids = { DirectoryId, AccessConfigurationId };
    const member = { TargetType: 'RD-Account', TargetId: memberId };
    // A task submitted and claimed by the test itself stays InProgress until the test ends it.
    const core = server.server.runtime.core;
    const { submitTask } = await import('../../src/core/tasks.js');
    const held = await core.store.transaction((tx) =>
      submitTask(tx, core, { directoryId: DirectoryId, taskType: 'ProvisionAccessConfiguration', accessConfigurationId: AccessConfigurationId, targetType: 'RD-Account', targetId: memberId }),
    );
    const claimed = await core.store.tasks.claim('held-by-test', Date.now() + 1, Date.now() + 60_000);
    expect(claimed?.taskId).toBe(held.taskId);
    try {
      expectFailure(await acs3.fail('ProvisionAccessConfiguration', { ...ids, ...member }), 'OperationConflict.Task', 409);
      expectFailure(await v1.fail('CreateAccessAssignment', { ...ids, ...member, PrincipalType: 'Group', PrincipalId: groupId }), 'OperationConflict.Task', 409);
      expectFailure(
        await acs3.fail('AddPermissionPolicyToAccessConfiguration', { ...ids, PermissionPolicyType: 'System', PermissionPolicyName: 'ReadOnlyAccess' }),
        'OperationConflict.Task',
        409,
      );
      expectFailure(await acs3.fail('DeleteAccessConfiguration', ids), 'DeletionConflict.AccessConfiguration.Task', 409);
      expect((await acs3.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics.InProgressTaskCount).toBe(1);
    } finally {
      await core.store.tasks.complete(held.taskId, null, { status: 'Failed', endTime: Date.now(), failureReason: 'held by the test' });
    }
  });

  it('authorizes the assignment actions on the configuration, the principal and the account', async () => {
    const ram = ramClient(server.endpoint, server.rootKey);
    const acArn = ARN(`directory/${DirectoryId}/access-configuration/${AccessConfigurationId}`);
    const key = await ramUserWith(ram, 'assigner', {
      'assign-one': policyDocument({ Effect: 'Allow', Action: 'cloudsso:CreateAccessAssignment', Resource: [acArn, ARN(`directory/${DirectoryId}/user/*`)] }),
    });
    const api = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key });
    const params = { DirectoryId, AccessConfigurationId, TargetType: 'RD-Account', TargetId: memberId, PrincipalType: 'User', PrincipalId: userId };
    expectDenied(await api.fail('CreateAccessAssignment', params), {
      action: 'cloudsso:CreateAccessAssignment',
      resources: [acArn, ARN(`directory/${DirectoryId}/user/${userId}`), `acs:resourcemanager::${MANAGEMENT}:account/${memberId}`],
      userName: 'assigner',
      type: 'ImplicitDeny',
    });
    expectDenied(await api.fail('ProvisionAccessConfiguration', { DirectoryId, AccessConfigurationId, TargetType: 'RD-Account', TargetId: memberId }), {
      action: 'cloudsso:ProvisionAccessConfiguration',
      resources: [acArn],
      userName: 'assigner',
      type: 'ImplicitDeny',
    });
  });
});
