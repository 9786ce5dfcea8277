import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { Ram, rejection } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { expectFailure, TIME } from '../support/wire.js';

/**
 * Issue 10's Terraform-style flow, through the real clients on both databases: a member account
 * (@alicloud/resourcemanager20200331), an access configuration with a System and an Inline policy,
 * a group assigned (CloudSSO through openapi-client, ACS3 and V1), GetTaskStatus polled every
 * second until Success, then STS AssumeRole into the member account (@alicloud/sts20150401) and
 * the provisioned role, policies and SAML provider seen through RAM (@alicloud/ram20150501); a
 * policy change marks the provisioning ReprovisionRequired without touching the account until it
 * is provisioned again; the last assignment deleted with DeprovisionForLastAccessAssignmentOnAccount
 * takes the role away.
 */
const require = createRequire(import.meta.url);
const Sts = require('@alicloud/sts20150401');
const RM = require('@alicloud/resourcemanager20200331');
const Core = require('@alicloud/openapi-core');
const Dara = require('@darabonba/typescript');

interface Creds {
  readonly id: string;
  readonly secret: string;
  readonly token?: string;
}

const config = (endpoint: string, c: Creds) =>
  new Core.$OpenApiUtil.Config({
    accessKeyId: c.id,
    accessKeySecret: c.secret,
    ...(c.token ? { securityToken: c.token } : {}),
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
  });

/** RAM's SAML provider calls are not in @alicloud/ram20150501: the generic call of its client. */
async function ramCall(endpoint: string, c: Creds, action: string, query: Record<string, string>): Promise<Body> {
  const api = new Core.default(config(endpoint, c));
  const params = new Core.$OpenApiUtil.Params({
    action,
    version: '2015-05-01',
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const req = new Core.$OpenApiUtil.OpenApiRequest({ query: Core.OpenApiUtil.query(query) });
  return (await api.callApi(params, req, new Dara.RuntimeOptions({}))).body;
}

const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:DescribeInstances', Resource: '*' }] });

describe.each(DIALECTS)('the Terraform-style access flow on %s', (dialect) => {
  let server: TestServer;
  let acs3: ApiClient;
  let v1: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(dialect);
    acs3 = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey });
    v1 = makeClient('openapi-client v2', { endpoint: server.endpoint, key: server.rootKey });
  });
  afterAll(() => server?.close());

  /** As TF does, but every second: GetTaskStatus until the task has ended. */
  async function untilDone(api: ApiClient, DirectoryId: string, TaskId: string): Promise<Body> {
    for (let i = 0; i < 60; i++) {
      const { TaskStatus } = await api.call('GetTaskStatus', { DirectoryId, TaskId });
      if (TaskStatus.Status !== 'InProgress') return TaskStatus;
      await new Promise((r) => setTimeout(r, 1000));
    }
    throw new Error(`task ${TaskId} still InProgress after 60 s`);
  }

  it('assigns, provisions, re-provisions and de-provisions a member account', async () => {
    const root = { id: server.rootKey.id, secret: server.rootKey.secret };
    const rm = new RM.default(config(server.endpoint, root));
    await rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }));
    const account = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Production', accountNamePrefix: 'prod' }))).body
      .account;
    const memberId: string = account.accountId;

    const DirectoryId = (await acs3.call('CreateDirectory', { DirectoryName: `flow-${dialect}` })).Directory.DirectoryId;
    const group = (await acs3.call('CreateGroup', { DirectoryId, GroupName: 'ops' })).Group;
    const user = (await acs3.call('CreateUser', { DirectoryId, UserName: 'alice' })).User;
    await acs3.call('AddUserToGroup', { DirectoryId, GroupId: group.GroupId, UserId: user.UserId });

    const ac = (
      await acs3.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'ECS-Admin', SessionDuration: 7200, Description: 'ECS operators' })
    ).AccessConfiguration;
    const ids = { DirectoryId, AccessConfigurationId: ac.AccessConfigurationId };
    await acs3.call('AddPermissionPolicyToAccessConfiguration', { ...ids, PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunECSFullAccess' });
    await v1.call('AddPermissionPolicyToAccessConfiguration', {
      ...ids,
      PermissionPolicyType: 'Inline',
      PermissionPolicyName: 'describe',
      InlinePolicyDocument: INLINE,
    });

    // Assign the group: an InProgress task, then Success.
    const target = { TargetType: 'RD-Account', TargetId: memberId };
    const assignment = { ...ids, ...target, PrincipalType: 'Group', PrincipalId: group.GroupId };
    const created = await acs3.call('CreateAccessAssignment', assignment);
    expect(created.Task).toEqual({
      TaskId: expect.stringMatching(/^t-[0-9a-z]{20}$/),
      TaskType: 'CreateAccessAssignment',
      Status: 'InProgress',
      AccessConfigurationId: ac.AccessConfigurationId,
      AccessConfigurationName: 'ECS-Admin',
      TargetType: 'RD-Account',
      TargetId: memberId,
      TargetName: 'Production',
      PrincipalType: 'Group',
      PrincipalId: group.GroupId,
      PrincipalName: 'ops',
    });
    expect(await untilDone(acs3, DirectoryId, created.Task.TaskId)).toMatchObject({ Status: 'Success', EndTime: expect.stringMatching(TIME) });
    expectFailure(await acs3.fail('CreateAccessAssignment', assignment), 'EntityAlreadyExists.AccessAssignment', 409);

    const assignments = await v1.call('ListAccessAssignments', { DirectoryId, ...target });
    expect(assignments).toMatchObject({ TotalCounts: 1, IsTruncated: false, MaxResults: 10 });
    expect(assignments.AccessAssignments).toEqual([
      {
        AccessConfigurationId: ac.AccessConfigurationId,
        AccessConfigurationName: 'ECS-Admin',
        PrincipalType: 'Group',
        PrincipalId: group.GroupId,
        PrincipalName: 'ops',
        TargetType: 'RD-Account',
        TargetId: memberId,
        TargetName: 'Production',
        TargetPath: '',
        TargetPathName: '',
        CreateTime: expect.stringMatching(TIME),
      },
    ]);
    const provisionings = async (extra: Record<string, unknown> = {}) =>
      (await acs3.call('ListAccessConfigurationProvisionings', { DirectoryId, ...extra })).AccessConfigurationProvisionings;
    expect(await provisionings()).toEqual([
      {
        AccessConfigurationId: ac.AccessConfigurationId,
        AccessConfigurationName: 'ECS-Admin',
        TargetType: 'RD-Account',
        TargetId: memberId,
        TargetName: 'Production',
        TargetPath: '',
        TargetPathName: '',
        Status: 'Provisioned',
        RAMRoleName: 'AliyunReservedSSO-ECS-Admin',
        SAMLProviderName: `AliyunReservedSSO-${DirectoryId}`,
        RAMPolicyNames: ['AliyunReservedSSO-ECS-Admin-InlinePolicy'],
        CreateTime: expect.stringMatching(TIME),
        UpdateTime: expect.stringMatching(TIME),
      },
    ]);
    expect((await acs3.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics).toMatchObject({
      AccessConfigurationCount: 1,
      AccessAssignmentCount: 1,
      InProgressTaskCount: 0,
    });

    // Into the member account through its access role, and what RAM shows there.
    const sts = new Sts.default(config(server.endpoint, root));
    const assumed = (
      await sts.assumeRole(
        new Sts.AssumeRoleRequest({ roleArn: `acs:ram::${memberId}:role/resourcedirectoryaccountaccessrole`, roleSessionName: 'terraform' }),
      )
    ).body.credentials;
    const member: Creds = { id: assumed.accessKeyId, secret: assumed.accessKeySecret, token: assumed.securityToken };
    const ram = new Ram.default(config(server.endpoint, member));
    const roleName = 'AliyunReservedSSO-ECS-Admin';
    const role = (await ram.getRole(new Ram.GetRoleRequest({ roleName }))).body.role;
    expect(role).toMatchObject({ roleName, maxSessionDuration: 7200, arn: `acs:ram::${memberId}:role/aliyunreservedsso-ecs-admin` });
    expect(JSON.parse(role.assumeRolePolicyDocument).Statement[0]).toMatchObject({
      Action: 'sts:AssumeRole',
      Effect: 'Allow',
      Principal: { Federated: [`acs:ram::${memberId}:saml-provider/AliyunReservedSSO-${DirectoryId}`] },
    });
    const rolePolicies = async () =>
      (await ram.listPoliciesForRole(new Ram.ListPoliciesForRoleRequest({ roleName }))).body.policies.policy.map((p: any) => [p.policyName, p.policyType]);
    expect(await rolePolicies()).toEqual([
      ['AliyunECSFullAccess', 'System'],
      ['AliyunReservedSSO-ECS-Admin-InlinePolicy', 'Custom'],
    ]);
    const inline = (await ram.getPolicy(new Ram.GetPolicyRequest({ policyName: 'AliyunReservedSSO-ECS-Admin-InlinePolicy', policyType: 'Custom' }))).body;
    expect(inline.defaultPolicyVersion.policyDocument).toBe(INLINE);
    const saml = await ramCall(server.endpoint, member, 'GetSAMLProvider', { SAMLProviderName: `AliyunReservedSSO-${DirectoryId}` });
    expect(saml.SAMLProvider.Arn).toBe(`acs:ram::${memberId}:saml-provider/AliyunReservedSSO-${DirectoryId}`);

    // A policy change: ReprovisionRequired, and the account stays as it was.
    await v1.call('AddPermissionPolicyToAccessConfiguration', { ...ids, PermissionPolicyType: 'System', PermissionPolicyName: 'AliyunOSSReadOnlyAccess' });
    expect((await provisionings())[0].Status).toBe('ReprovisionRequired');
    expect((await provisionings({ ProvisioningStatus: 'Provisioned' })).length).toBe(0);
    expect((await acs3.call('GetAccessConfiguration', ids)).AccessConfiguration.StatusNotifications).toEqual(['ReprovisionRequired']);
    expect(
      (await acs3.call('ListAccessConfigurations', { DirectoryId, StatusNotifications: 'ReprovisionRequired' })).AccessConfigurations.map(
        (c: any) => c.AccessConfigurationId,
      ),
    ).toEqual([ac.AccessConfigurationId]);
    expect(await rolePolicies()).toEqual([
      ['AliyunECSFullAccess', 'System'],
      ['AliyunReservedSSO-ECS-Admin-InlinePolicy', 'Custom'],
    ]);

    // Re-provision: `Tasks`, an array of one.
    const provisioned = await v1.call('ProvisionAccessConfiguration', { ...ids, ...target });
    expect(provisioned.Tasks).toEqual([
      {
        TaskId: expect.stringMatching(/^t-/),
        TaskType: 'ProvisionAccessConfiguration',
        Status: 'InProgress',
        AccessConfigurationId: ac.AccessConfigurationId,
        AccessConfigurationName: 'ECS-Admin',
        TargetType: 'RD-Account',
        TargetId: memberId,
        TargetName: 'Production',
      },
    ]);
    expect((await untilDone(v1, DirectoryId, provisioned.Tasks[0].TaskId)).Status).toBe('Success');
    expect((await provisionings())[0].Status).toBe('Provisioned');
    expect((await acs3.call('GetAccessConfiguration', ids)).AccessConfiguration.StatusNotifications).toEqual([]);
    expect(await rolePolicies()).toEqual([
      ['AliyunECSFullAccess', 'System'],
      ['AliyunReservedSSO-ECS-Admin-InlinePolicy', 'Custom'],
      ['AliyunOSSReadOnlyAccess', 'System'],
    ]);

    // While assigned, neither deprovisioning nor deleting the configuration, user or group.
    expectFailure(await acs3.fail('DeprovisionAccessConfiguration', { ...ids, ...target }), 'DeletionConflict.AccessConfigurationProvisioning.AccessAssignment', 409);
    expectFailure(await acs3.fail('DeleteAccessConfiguration', { ...ids, ForceRemovePermissionPolicies: true }), 'DeletionConflict.AccessConfiguration.AccessAssignment', 409);
    await acs3.call('RemoveUserFromGroup', { DirectoryId, GroupId: group.GroupId, UserId: user.UserId });
    expectFailure(await acs3.fail('DeleteGroup', { DirectoryId, GroupId: group.GroupId }), 'DeletionConflict.Group.AccessAssigment', 409);

    // Delete the last assignment with DeprovisionForLastAccessAssignmentOnAccount: the role goes.
    const deleted = await acs3.call('DeleteAccessAssignment', { ...assignment, DeprovisionStrategy: 'DeprovisionForLastAccessAssignmentOnAccount' });
    expect(deleted.Task).toMatchObject({ TaskType: 'DeleteAccessAssignment', Status: 'InProgress', PrincipalName: 'ops' });
    expect((await untilDone(acs3, DirectoryId, deleted.Task.TaskId)).Status).toBe('Success');
    expect(await provisionings()).toEqual([]);
    expect((await acs3.call('ListAccessAssignments', { DirectoryId })).TotalCounts).toBe(0);
    const gone = await rejection(ram.getRole(new Ram.GetRoleRequest({ roleName })));
    expect(gone.code).toBe('EntityNotExist.Role');
    const policyGone = await rejection(ram.getPolicy(new Ram.GetPolicyRequest({ policyName: 'AliyunReservedSSO-ECS-Admin-InlinePolicy', policyType: 'Custom' })));
    expect(policyGone.code).toMatch(/^EntityNotExist/);
    const samlGone = await rejection(ramCall(server.endpoint, member, 'GetSAMLProvider', { SAMLProviderName: `AliyunReservedSSO-${DirectoryId}` }));
    expect(samlGone.code).toMatch(/^EntityNotExist/);

    const tasks = (await acs3.call('ListTasks', { DirectoryId })).Tasks.map((t: any) => [t.TaskType, t.Status]);
    expect(tasks).toEqual([
      ['DeleteAccessAssignment', 'Success'],
      ['ProvisionAccessConfiguration', 'Success'],
      ['CreateAccessAssignment', 'Success'],
    ]);
    await acs3.call('DeleteGroup', { DirectoryId, GroupId: group.GroupId });
    await acs3.call('DeleteAccessConfiguration', { ...ids, ForceRemovePermissionPolicies: true });
  });
});
