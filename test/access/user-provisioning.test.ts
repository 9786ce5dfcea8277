import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { ARN, expectDenied, policyDocument, Ram, ramClient, ramUserWith, rejection } from '../support/ram.js';
import { createScimGroup, createScimUser, patchOp, scim, startScimTarget, type ScimTarget } from '../support/scim-harness.js';
import { DIALECTS, startTestServer, type DialectName, type TestServer } from '../support/server.js';
import { expectFailure, TIME } from '../support/wire.js';

/**
 * RAM user provisioning (issue 15; docs/decisions/0180-0182), through the real clients on both
 * databases: every action once with its documented fields (openapi-client), what each
 * synchronization makes in the member account seen through that account's RAM API
 * (@alicloud/ram20150501 with credentials from STS AssumeRole), SCIM changes to users and groups
 * carried into the account, a name clash recorded as an event and retried to success, and every
 * documented error code.
 */
const require = createRequire(import.meta.url);
const Sts = require('@alicloud/sts20150401');
const RM = require('@alicloud/resourcemanager20200331');
const Core = require('@alicloud/openapi-core');

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

const UP_ID = /^up-[0-9a-z]{20}$/;
const EVENT_ID = /^upe-[0-9a-z]{20}$/;

/** A member account and a RAM client in it (through its access role, as an administrator would). */
async function memberAccount(server: TestServer, name: string): Promise<{ memberId: string; ram: any }> {
  const root = { id: server.rootKey.id, secret: server.rootKey.secret };
  const rm = new RM.default(config(server.endpoint, root));
  // Once per server: a second enabling is refused, which is fine here.
  await rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' })).catch((e: any) => {
    if (e.code !== 'EntityAlreadyExists.ResourceDirectory') throw e;
  });
  const memberId: string = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: name, accountNamePrefix: name.toLowerCase() })))
    .body.account.accountId;
  const sts = new Sts.default(config(server.endpoint, root));
  const assumed = (
    await sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: `acs:ram::${memberId}:role/resourcedirectoryaccountaccessrole`, roleSessionName: 'admin' }))
  ).body.credentials;
  return { memberId, ram: new Ram.default(config(server.endpoint, { id: assumed.accessKeyId, secret: assumed.accessKeySecret, token: assumed.securityToken })) };
}

/** Waits until no task is in progress (the synchronizations have run), at most 60 s. */
async function settled(server: TestServer): Promise<void> {
  const db = server.server.runtime.db.db;
  for (let i = 0; i < 600; i++) {
    const r = await db.selectFrom('tasks').select((eb) => eb.fn.countAll().as('n')).where('status', '=', 'InProgress').executeTakeFirstOrThrow();
    if (Number(r.n) === 0) return;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error('tasks still in progress after 60 s');
}

/** The member account's RAM users, as ListUsers shows them: name -> display name. */
async function ramUsers(ram: any): Promise<Record<string, string>> {
  const users = (await ram.listUsers(new Ram.ListUsersRequest({}))).body.users.user as Array<{ userName: string; displayName?: string }>;
  return Object.fromEntries(users.map((u) => [u.userName, u.displayName ?? '']));
}

describe.each(DIALECTS)('RAM user provisioning on %s', (dialect: DialectName) => {
  let server: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    server = await startTestServer(dialect, { env: { CLOUDSSO_USER_PROVISIONING_QUOTA: '3' }, taskPollMs: 200 });
    api = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: server.rootKey });
  });
  afterAll(() => server?.close());

  it('every action with its documented fields, and what each synchronization makes in the member account', async () => {
    const { memberId, ram } = await memberAccount(server, 'Production');
    const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `up-${dialect}` })).Directory.DirectoryId;
    const alice = (await api.call('CreateUser', { DirectoryId, UserName: 'alice', DisplayName: 'Alice' })).User;
    const bob = (await api.call('CreateUser', { DirectoryId, UserName: 'bob', DisplayName: 'Bob' })).User;
    const ops = (await api.call('CreateGroup', { DirectoryId, GroupName: 'ops' })).Group;
    await api.call('AddUserToGroup', { DirectoryId, GroupId: ops.GroupId, UserId: bob.UserId });
    const target = { TargetType: 'RD-Account', TargetId: memberId };

    // The user alice, with the defaults (KeepBoth, Keep).
    const created = await api.call('CreateUserProvisioning', { DirectoryId, PrincipalType: 'User', PrincipalId: alice.UserId, ...target, Description: 'alice in prod' });
    const aliceUp = created.UserProvisioning.UserProvisioningId;
    expect(created.UserProvisioning).toEqual({
      UserProvisioningId: expect.stringMatching(UP_ID),
      DirectoryId,
      OwnerPk: '1234567890123456',
      PrincipalType: 'User',
      PrincipalId: alice.UserId,
      PrincipalName: 'alice',
      TargetType: 'RD-Account',
      TargetId: memberId,
      TargetName: 'Production',
      TargetPath: '',
      Description: 'alice in prod',
      DuplicationStrategy: 'KeepBoth',
      DeletionStrategy: 'Keep',
      Status: 'Enabled',
      CreateTime: expect.stringMatching(TIME),
      UpdateTime: expect.stringMatching(TIME),
    });
    await settled(server);
    expect(await ramUsers(ram)).toEqual({ alice: 'Alice' });
    const aliceRam = (await ram.getUser(new Ram.GetUserRequest({ userName: 'alice' }))).body.user;
    expect(aliceRam.comments).toBe(`Provisioned by CloudSSO directory ${DirectoryId}.`);
    expect((await api.call('GetUserProvisioning', { DirectoryId, UserProvisioningId: aliceUp })).UserProvisioning).toEqual(created.UserProvisioning);

    // The group ops, deleting what it made when it lets go.
    const group = await api.call('CreateUserProvisioning', {
      DirectoryId,
      PrincipalType: 'Group',
      PrincipalId: ops.GroupId,
      ...target,
      DuplicationStrategy: 'TakeOver',
      DeletionStrategy: 'Delete',
    });
    const opsUp = group.UserProvisioning.UserProvisioningId;
    expect(group.UserProvisioning).toMatchObject({ PrincipalName: 'ops', DuplicationStrategy: 'TakeOver', DeletionStrategy: 'Delete', Description: '' });
    await settled(server);
    expect(await ramUsers(ram)).toEqual({ alice: 'Alice', bob: 'Bob' });

    // alice joins ops: the RAM user alice's provisioning made is shared, not doubled.
    await api.call('AddUserToGroup', { DirectoryId, GroupId: ops.GroupId, UserId: alice.UserId });
    // A user's new display name follows into RAM.
    await api.call('UpdateUser', { DirectoryId, UserId: bob.UserId, NewDisplayName: 'Robert' });
    await settled(server);
    expect(await ramUsers(ram)).toEqual({ alice: 'Alice', bob: 'Robert' });

    // Lists, with their filters and paging.
    const list = await api.call('ListUserProvisionings', { DirectoryId, MaxResults: 1 });
    expect(list).toMatchObject({ IsTruncated: true, MaxResults: 1, TotalCounts: 2, NextToken: expect.any(String) });
    const next = await api.call('ListUserProvisionings', { DirectoryId, MaxResults: 1, NextToken: list.NextToken });
    expect([...list.UserProvisionings, ...next.UserProvisionings].map((u: Body) => u.UserProvisioningId)).toEqual([aliceUp, opsUp]);
    expect(next.IsTruncated).toBe(false);
    const byGroup = await api.call('ListUserProvisionings', { DirectoryId, PrincipalType: 'Group', PrincipalId: ops.GroupId, ...target });
    expect(byGroup.UserProvisionings.map((u: Body) => u.UserProvisioningId)).toEqual([opsUp]);

    const updated = await api.call('UpdateUserProvisioning', {
      DirectoryId,
      UserProvisioningId: aliceUp,
      NewDescription: 'alice, kept',
      NewDuplicationStrategy: 'TakeOver',
      NewDeletionStrategy: 'Delete',
    });
    expect(updated.UserProvisioning).toMatchObject({ UserProvisioningId: aliceUp, Description: 'alice, kept', DuplicationStrategy: 'TakeOver', DeletionStrategy: 'Delete' });

    // Statistics: no failure, the last synchronization's time.
    const stats = (await api.call('GetUserProvisioningStatistics', { DirectoryId, UserProvisioningId: opsUp })).UserProvisioningStatistics;
    expect(stats).toEqual({
      DirectoryId,
      EntityId: opsUp,
      Type: 'User Provisioning',
      OwnerPk: '1234567890123456',
      FailedEventCount: 0,
      LatestAsyncTime: expect.stringMatching(TIME),
    });
    const account = (await api.call('GetUserProvisioningRdAccountStatistics', { DirectoryId, RdMemberId: memberId })).UserProvisioningStatistics;
    expect(account).toEqual({ ...stats, EntityId: memberId, Type: 'RD Account' });

    // The configuration: defaults, then changed.
    const defaults = (await api.call('GetUserProvisioningConfiguration', { DirectoryId })).UserProvisioningConfiguration;
    expect(defaults).toEqual({
      DirectoryId,
      DefaultLandingPage: 'https://homenew.console.aliyun.com',
      SessionDuration: 6,
      CreateTime: expect.stringMatching(TIME),
      UpdateTime: expect.stringMatching(TIME),
    });
    const changed = await api.call('UpdateUserProvisioningConfiguration', { DirectoryId, NewDefaultLandingPage: 'https://ecs.console.aliyun.com', NewSessionDuration: 12 });
    expect(changed.UserProvisioningConfiguration).toMatchObject({ DefaultLandingPage: 'https://ecs.console.aliyun.com', SessionDuration: 12 });
    expect((await api.call('GetUserProvisioningConfiguration', { DirectoryId })).UserProvisioningConfiguration).toEqual(changed.UserProvisioningConfiguration);

    // bob leaves ops: its RAM user goes (Delete); alice stays, still kept by her own provisioning.
    await api.call('RemoveUserFromGroup', { DirectoryId, GroupId: ops.GroupId, UserId: bob.UserId });
    await settled(server);
    expect(await ramUsers(ram)).toEqual({ alice: 'Alice' });

    // Deleting ops's provisioning with Keep for this once: alice stays anyway (hers keeps her).
    await api.call('DeleteUserProvisioning', { DirectoryId, UserProvisioningId: opsUp, DeletionStrategy: 'Keep' });
    await settled(server);
    expect(await ramUsers(ram)).toEqual({ alice: 'Alice' });
    // Deleting hers, now DeletionStrategy=Delete: the RAM user goes, with what an administrator gave it.
    await ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'alice' }));
    await ram.attachPolicyToUser(new Ram.AttachPolicyToUserRequest({ policyType: 'System', policyName: 'AliyunECSReadOnlyAccess', userName: 'alice' }));
    await api.call('DeleteUserProvisioning', { DirectoryId, UserProvisioningId: aliceUp });
    await settled(server);
    expect(await ramUsers(ram)).toEqual({});
    expectFailure(await api.fail('GetUserProvisioning', { DirectoryId, UserProvisioningId: aliceUp }), 'EntityNotExists.UserProvisioning', 404);
    expect((await api.call('ListUserProvisionings', { DirectoryId })).TotalCounts).toBe(0);
    // These internal synchronizations are not CloudSSO tasks.
    expect((await api.call('ListTasks', { DirectoryId })).Tasks).toEqual([]);
    expect((await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics.InProgressTaskCount).toBe(0);
  }, 120_000);

  it('a name clash becomes an event, retried to success with TakeOver; events can be deleted', async () => {
    const { memberId, ram } = await memberAccount(server, 'Staging');
    const DirectoryId = (await api.call('ListDirectories', {})).Directories[0].DirectoryId;
    const carol = (await api.call('CreateUser', { DirectoryId, UserName: 'carol', DisplayName: 'Carol' })).User;
    const dave = (await api.call('CreateUser', { DirectoryId, UserName: 'dave' })).User;
    // Someone made both names KeepBoth would use.
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'carol', displayName: 'local carol' }));
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'carol_sso' }));
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'dave' }));

    const target = { TargetType: 'RD-Account', TargetId: memberId };
    const up = (await api.call('CreateUserProvisioning', { DirectoryId, PrincipalType: 'User', PrincipalId: carol.UserId, ...target, DuplicationStrategy: 'KeepBoth' }))
      .UserProvisioning.UserProvisioningId;
    // dave's name is taken once: KeepBoth makes dave_sso beside it.
    const daveUp = (await api.call('CreateUserProvisioning', { DirectoryId, PrincipalType: 'User', PrincipalId: dave.UserId, ...target })).UserProvisioning
      .UserProvisioningId;
    await settled(server);
    expect(Object.keys(await ramUsers(ram)).sort()).toEqual(['carol', 'carol_sso', 'dave', 'dave_sso']);

    const events = await api.call('ListUserProvisioningEvents', { DirectoryId, UserProvisioningId: up });
    expect(events).toMatchObject({ TotalCounts: 1, IsTruncated: false, MaxResults: 10 });
    const event = events.UserProvisioningEvents[0];
    expect(event).toEqual({
      EventId: expect.stringMatching(EVENT_ID),
      UserProvisioningId: up,
      DirectoryId,
      PrincipalType: 'User',
      PrincipalId: carol.UserId,
      PrincipalName: 'carol',
      TargetType: 'RD-Account',
      TargetId: memberId,
      TargetName: 'Staging',
      TargetPath: '',
      SourceType: 'StartProvisioning',
      ErrorCount: 1,
      ErrorInfo: 'OperationConflict.UserProvisioning.Process.fail.ImsUserExists',
      LatestAsyncTime: expect.stringMatching(TIME),
      DuplicationStrategy: 'KeepBoth',
      DeletionStrategy: 'Keep',
      CreateTime: expect.stringMatching(TIME),
      UpdateTime: expect.stringMatching(TIME),
    });
    expect((await api.call('GetUserProvisioningEvent', { DirectoryId, EventId: event.EventId })).UserProvisioningEvent).toEqual(event);
    expect((await api.call('GetUserProvisioningStatistics', { DirectoryId, UserProvisioningId: up })).UserProvisioningStatistics.FailedEventCount).toBe(1);
    expect((await api.call('GetUserProvisioningRdAccountStatistics', { DirectoryId, RdMemberId: memberId })).UserProvisioningStatistics.FailedEventCount).toBe(1);

    // Retried as it was: fails again, counted.
    await api.call('RetryUserProvisioningEvent', { DirectoryId, EventId: event.EventId });
    await settled(server);
    expect((await api.call('GetUserProvisioningEvent', { DirectoryId, EventId: event.EventId })).UserProvisioningEvent).toMatchObject({ ErrorCount: 2 });
    // Retried with TakeOver: the existing RAM user carol is taken over and follows the CloudSSO user; the event goes.
    await api.call('RetryUserProvisioningEvent', { DirectoryId, EventId: event.EventId, DuplicationStrategy: 'TakeOver' });
    await settled(server);
    expectFailure(await api.fail('GetUserProvisioningEvent', { DirectoryId, EventId: event.EventId }), 'EntityNotExists.UserProvisioningEvent', 404);
    expect((await ramUsers(ram)).carol).toBe('Carol');
    expect((await api.call('ListUserProvisioningEvents', { DirectoryId })).UserProvisioningEvents).toEqual([]);

    // A failure deleted without retrying: dave_sso renamed by hand, then dave's rename clashes.
    await api.call('UpdateUserProvisioning', { DirectoryId, UserProvisioningId: daveUp, NewDeletionStrategy: 'Delete' });
    await ram.updateUser(new Ram.UpdateUserRequest({ userName: 'dave_sso', newUserName: 'dave-renamed' }));
    await ram.createUser(new Ram.CreateUserRequest({ userName: 'dave_sso' }));
    await api.call('UpdateUser', { DirectoryId, UserId: dave.UserId, NewDisplayName: 'Dave' });
    await settled(server);
    const daveEvent = (await api.call('ListUserProvisioningEvents', { DirectoryId, UserProvisioningId: daveUp })).UserProvisioningEvents[0];
    expect(daveEvent).toMatchObject({ SourceType: 'StartProvisioning', ErrorInfo: 'OperationConflict.UserProvisioning.Process.fail.ImsUserExists', ErrorCount: 1 });
    expectFailure(
      await api.fail('DeleteUserProvisioningEvent', { DirectoryId, UserProvisioningId: up, EventId: daveEvent.EventId }),
      'EntityNotExists.UserProvisioningEvent',
      404,
    );
    await api.call('DeleteUserProvisioningEvent', { DirectoryId, UserProvisioningId: daveUp, EventId: daveEvent.EventId });
    expect((await api.call('ListUserProvisioningEvents', { DirectoryId })).TotalCounts).toBe(0);
    for (const id of [up, daveUp]) await api.call('DeleteUserProvisioning', { DirectoryId, UserProvisioningId: id, DeletionStrategy: 'Keep' });
    await settled(server);
  }, 120_000);

  it('answers every documented error code', async () => {
    const { memberId } = await memberAccount(server, 'Errors');
    const DirectoryId = (await api.call('ListDirectories', {})).Directories[0].DirectoryId;
    const erin = (await api.call('CreateUser', { DirectoryId, UserName: 'erin' })).User;
    const target = { TargetType: 'RD-Account', TargetId: memberId };
    const create = (extra: Record<string, unknown>) => api.fail('CreateUserProvisioning', { DirectoryId, PrincipalType: 'User', PrincipalId: erin.UserId, ...target, ...extra });

    expectFailure(await api.fail('GetUserProvisioning', { DirectoryId, UserProvisioningId: 'up-00000000000000000000' }), 'EntityNotExists.UserProvisioning', 404);
    expectFailure(await api.fail('GetUserProvisioningStatistics', { DirectoryId, UserProvisioningId: 'up-nope' }), 'EntityNotExists.UserProvisioning', 404);
    expectFailure(await api.fail('GetUserProvisioningEvent', { DirectoryId, EventId: 'upe-00000000000000000000' }), 'EntityNotExists.UserProvisioningEvent', 404);
    expectFailure(await api.fail('RetryUserProvisioningEvent', { DirectoryId, EventId: 'upe-00000000000000000000' }), 'EntityNotExists.UserProvisioningEvent', 404);
    expectFailure(await api.fail('GetUserProvisioningConfiguration', { DirectoryId: 'd-000000000000' }), 'EntityNotExists.Directory', 404);
    expectFailure(await create({ PrincipalId: 'u-00000000000000000000' }), 'EntityNotExists.User', 404);
    expectFailure(await create({ PrincipalType: 'Group', PrincipalId: 'g-00000000000000000000' }), 'EntityNotExists.Group', 404);
    expectFailure(await create({ TargetId: '999999999999' }), 'EntityNotExists.Account', 404);
    expectFailure(await api.fail('GetUserProvisioningRdAccountStatistics', { DirectoryId, RdMemberId: '999999999999' }), 'EntityNotExists.Account', 404);
    expectFailure(await create({ DuplicationStrategy: 'Overwrite' }), 'InvalidParameter.DuplicationStrategy', 400);
    expectFailure(await create({ DeletionStrategy: 'Purge' }), 'InvalidParameter.DeletionStrategy', 400);
    expectFailure(await create({ TargetType: 'RD-Folder' }), 'InvalidParameter.TargetType', 400);
    expectFailure(await create({ Description: 'x'.repeat(1025) }), 'InvalidParameter.Description', 400);
    expectFailure(await api.fail('UpdateUserProvisioningConfiguration', { DirectoryId, NewSessionDuration: 25 }), 'InvalidParameter.NewSessionDuration', 400);
    expectFailure(await api.fail('UpdateUserProvisioningConfiguration', { DirectoryId, NewDefaultLandingPage: 'javascript:alert(1)' }), 'InvalidParameter.NewDefaultLandingPage', 400);
    expectFailure(await api.fail('ListUserProvisioningEvents', { DirectoryId, MaxResults: 101 }), 'InvalidParameter.MaxResults', 400);
    expectFailure(await api.fail('ListUserProvisionings', { DirectoryId, MaxResults: 0 }), 'InvalidParameter.MaxResults', 400);
    const some = { DirectoryId, UserProvisioningId: 'up-00000000000000000000' };
    expectFailure(await api.fail('UpdateUserProvisioning', { ...some, NewDuplicationStrategy: 'Merge' }), 'InvalidParameter.NewDuplicationStrategy', 400);
    expectFailure(await api.fail('UpdateUserProvisioning', { ...some, NewDeletionStrategy: 'Purge' }), 'InvalidParameter.NewDeletionStrategy', 400);
    expectFailure(await api.fail('UpdateUserProvisioning', { ...some, NewDescription: 'x'.repeat(1025) }), 'InvalidParameter.NewDescription', 400);
    expectFailure(await api.fail('UpdateUserProvisioning', { ...some, NewDescription: 'fine' }), 'EntityNotExists.UserProvisioning', 404);
    expectFailure(await api.fail('DeleteUserProvisioning', some), 'EntityNotExists.UserProvisioning', 404);

    // One provisioning per principal and account; three per directory here (CLOUDSSO_USER_PROVISIONING_QUOTA=3).
    const first = (await api.call('CreateUserProvisioning', { DirectoryId, PrincipalType: 'User', PrincipalId: erin.UserId, ...target })).UserProvisioning;

    // RAM authorization names the provisioning: a RAM user allowed only to list is refused the rest.
    const reader = await ramUserWith(ramClient(server.endpoint, server.rootKey), 'up-reader', {
      'up-list': policyDocument({ Effect: 'Allow', Action: 'cloudsso:ListUserProvisionings', Resource: ARN(`directory/${DirectoryId}/user-provisioning/*`) }),
    });
    const asReader = makeClient('openapi-client ACS3', { endpoint: server.endpoint, key: reader });
    expect((await asReader.call('ListUserProvisionings', { DirectoryId })).TotalCounts).toBe(1);
    expectDenied(await asReader.fail('GetUserProvisioning', { DirectoryId, UserProvisioningId: first.UserProvisioningId }), {
      action: 'cloudsso:GetUserProvisioning',
      resources: [ARN(`directory/${DirectoryId}/user-provisioning/${first.UserProvisioningId}`)],
      userName: 'up-reader',
      type: 'ImplicitDeny',
    });
    expectFailure(await create({}), 'EntityAlreadyExists.UserProvisioning', 409);
    for (const name of ['f1', 'f2']) {
      const u = (await api.call('CreateUser', { DirectoryId, UserName: name })).User;
      await api.call('CreateUserProvisioning', { DirectoryId, PrincipalType: 'User', PrincipalId: u.UserId, ...target });
    }
    const g = (await api.call('CreateUser', { DirectoryId, UserName: 'g1' })).User;
    expectFailure(await create({ PrincipalId: g.UserId }), 'QuotaExceeded.UserProvisioning', 409);
    await settled(server);
    expect(first.UserProvisioningId).toMatch(UP_ID);
    // Removing the member account from the resource directory takes its provisionings with it.
    const rm = new RM.default(config(server.endpoint, { id: server.rootKey.id, secret: server.rootKey.secret }));
    await rm.deleteAccount(new RM.DeleteAccountRequest({ accountId: memberId }));
    expect((await api.call('ListUserProvisionings', { DirectoryId })).TotalCounts).toBe(0);
    expectFailure(await api.fail('GetUserProvisioningStatistics', { DirectoryId, UserProvisioningId: first.UserProvisioningId }), 'EntityNotExists.UserProvisioning', 404);
  }, 120_000);
});

describe.each(DIALECTS)('SCIM changes carried into the member account on %s', (dialect: DialectName) => {
  let t: ScimTarget;
  let api: ApiClient;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
    api = makeClient('openapi-client ACS3', { endpoint: t.node.endpoint, key: t.node.rootKey });
  });
  afterAll(() => t?.close());

  it('renames, disables, removes from the group and deletes', async () => {
    const { memberId, ram } = await memberAccount(t.node, 'Scim');
    const frank = await createScimUser(t, 'frank', { displayName: 'Frank' });
    const grace = await createScimUser(t, 'grace');
    const eng = await createScimGroup(t, 'eng', [frank.id, grace.id]);
    await api.call('CreateUserProvisioning', {
      DirectoryId: t.directoryId,
      PrincipalType: 'Group',
      PrincipalId: eng.id,
      TargetType: 'RD-Account',
      TargetId: memberId,
      DeletionStrategy: 'Delete',
    });
    await settled(t.node);
    expect(await ramUsers(ram)).toEqual({ frank: 'Frank', grace: '' });

    // The IdP renames frank: his RAM user follows, AccessKey and all.
    const key = (await ram.createAccessKey(new Ram.CreateAccessKeyRequest({ userName: 'frank' }))).body.accessKey.accessKeyId;
    expect((await scim(t, 'PATCH', `/Users/${frank.id}`, patchOp({ op: 'replace', path: 'userName', value: 'franklin' }))).status).toBeLessThan(300);
    await settled(t.node);
    expect(await ramUsers(ram)).toEqual({ franklin: 'Frank', grace: '' });
    // Disabled by the IdP: the RAM user's AccessKeys are disabled.
    expect((await scim(t, 'PATCH', `/Users/${frank.id}`, patchOp({ op: 'replace', path: 'active', value: false }))).status).toBeLessThan(300);
    await settled(t.node);
    const keys = (await ram.listAccessKeys(new Ram.ListAccessKeysRequest({ userName: 'franklin' }))).body.accessKeys.accessKey;
    expect(keys.map((k: any) => [k.accessKeyId, k.status])).toEqual([[key, 'Inactive']]);

    // grace leaves the group: her RAM user goes (DeletionStrategy=Delete).
    expect((await scim(t, 'PATCH', `/Groups/${eng.id}`, patchOp({ op: 'remove', path: `members[value eq "${grace.id}"]` }))).status).toBeLessThan(300);
    await settled(t.node);
    expect(Object.keys(await ramUsers(ram))).toEqual(['franklin']);
    // frank deleted by the IdP: his too.
    expect((await scim(t, 'DELETE', `/Users/${frank.id}`)).status).toBe(204);
    await settled(t.node);
    expect(await ramUsers(ram)).toEqual({});
    const gone = await rejection(ram.getUser(new Ram.GetUserRequest({ userName: 'franklin' })));
    expect(gone.code).toBe('EntityNotExist.User');
    // The group deleted by the IdP: its provisioning goes with it.
    expect((await scim(t, 'DELETE', `/Groups/${eng.id}`)).status).toBe(204);
    await settled(t.node);
    expect((await api.call('ListUserProvisionings', { DirectoryId: t.directoryId })).TotalCounts).toBe(0);
  }, 120_000);
});
