import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient } from '../support/clients.js';
import { client, storeOf } from '../support/management.js';
import { ARN, expectDenied, policyDocument, ramClient, ramUserWith } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess } from '../support/wire.js';

/**
 * The CloudSSO service switch, its delegated administrators, and two per-directory settings
 * (directory global access, attribute passing) through the signed edge and @alicloud/openapi-client
 * (cloudsso-access.md §8, §10-11; docs/decisions/0150-0152).
 */
const MANAGEMENT = '1234567890123456';

describe.each(DIALECTS)('service, delegation, global access and attribute passing on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  let rm: ApiClient;
  let sts: ApiClient;
  beforeAll(async () => {
    // One directory at most, as CloudSSO allows: the server the service switch belongs to.
    node = await startTestServer(dialect);
    api = client(node);
    rm = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2020-03-31' });
    sts = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2015-04-01' });
  });
  afterAll(() => node?.close());

  /** Service-level audit rows (no directory), oldest first, successful calls only. */
  const serviceAudit = async () =>
    (
      await storeOf(node).audit.lookup({
        startTime: 0,
        endTime: Date.now() + 60_000,
        where: {},
        direction: 'FORWARD',
        limit: 1000,
      })
    )
      .filter((e) => e.directoryId === null && !e.errorCode && ['service', 'delegate-account'].includes(e.resourceType))
      .map((e) => `${e.action} ${e.resourceId}`);

  let directoryId = '';
  let memberId = '';
  let otherAccountId = '';
  const otherId = () => otherAccountId;

  it('GetServiceStatus, DisableService, EnableService: off only while no directory exists; CreateDirectory refused while off', async () => {
    const status = await api.call('GetServiceStatus');
    expectSuccess(status, ['ServiceStatus']);
    // Enabled from the start: PrerequisiteCheckResult only comes while disabled.
    expect(status.ServiceStatus).toEqual({ AccountId: MANAGEMENT, Status: 'Enabled', RegionsInUse: [] });

    expectSuccess(await api.call('DisableService'), []);
    expect((await api.call('GetServiceStatus')).ServiceStatus).toEqual({
      AccountId: MANAGEMENT,
      Status: 'Disabled',
      PrerequisiteCheckResult: 'Success',
      RegionsInUse: [],
    });
    // Idempotent.
    expectSuccess(await api.call('DisableService'), []);
    expectFailure(await api.fail('CreateDirectory', { DirectoryName: 'while-off' }), 'OperationDenied.ServiceDisabled', 409);
    expect(await api.call('ListDirectories')).toMatchObject({ Directories: [] });

    expectSuccess(await api.call('EnableService'), []);
    expectSuccess(await api.call('EnableService'), []);
    directoryId = (await api.call('CreateDirectory', { DirectoryName: 'service-dir' })).Directory.DirectoryId;
    expect((await api.call('GetServiceStatus')).ServiceStatus).toEqual({ AccountId: MANAGEMENT, Status: 'Enabled', RegionsInUse: ['cn-shanghai'] });

    expectFailure(await api.fail('DisableService'), 'OperationDenied.DirectoryExists', 409);
    expect((await api.call('GetServiceStatus')).ServiceStatus.Status).toBe('Enabled');

    expect(await serviceAudit()).toEqual([
      `DisableService ${MANAGEMENT}`,
      `DisableService ${MANAGEMENT}`,
      `EnableService ${MANAGEMENT}`,
      `EnableService ${MANAGEMENT}`,
    ]);
  });

  it('UpdateDirectoryGlobalAccessStatus / GetDirectoryGlobalAccessStatus: the lowercase `status` Terraform reads', async () => {
    const got = await api.call('GetDirectoryGlobalAccessStatus', { DirectoryId: directoryId });
    expectSuccess(got, ['GlobalAccessStatus']);
    expect(got.GlobalAccessStatus).toEqual({ status: 'Disabled' });
    expectSuccess(await api.call('UpdateDirectoryGlobalAccessStatus', { DirectoryId: directoryId, GlobalAccessStatus: 'Enabled' }), []);
    expect((await api.call('GetDirectoryGlobalAccessStatus', { DirectoryId: directoryId })).GlobalAccessStatus).toEqual({ status: 'Enabled' });

    expectFailure(await api.fail('UpdateDirectoryGlobalAccessStatus', { DirectoryId: directoryId, GlobalAccessStatus: 'On' }), 'InvalidParameter.GlobalAccessStatus', 400);
    expectFailure(await api.fail('UpdateDirectoryGlobalAccessStatus', { DirectoryId: directoryId }), 'MissingParameter.GlobalAccessStatus', 400);
    expectFailure(await api.fail('GetDirectoryGlobalAccessStatus', { DirectoryId: 'd-000000000000' }), 'EntityNotExists.Directory', 404);
    expectFailure(
      await api.fail('UpdateDirectoryGlobalAccessStatus', { DirectoryId: 'd-000000000000', GlobalAccessStatus: 'Enabled' }),
      'EntityNotExists.Directory',
      404,
    );
    expect((await api.call('GetDirectoryGlobalAccessStatus', { DirectoryId: directoryId })).GlobalAccessStatus).toEqual({ status: 'Enabled' });
  });

  it('UpdateAttributePassingSetting / GetAttributePassingSetting: IdP, UserName or Disabled (the default)', async () => {
    const got = await api.call('GetAttributePassingSetting', { DirectoryId: directoryId });
    expectSuccess(got, ['AttributePassingSetting']);
    expect(got.AttributePassingSetting).toEqual({ SourceIdentityPassing: 'Disabled' });
    for (const v of ['IdP', 'UserName', 'Disabled', 'UserName']) {
      expectSuccess(await api.call('UpdateAttributePassingSetting', { DirectoryId: directoryId, SourceIdentityPassing: v }), []);
      expect((await api.call('GetAttributePassingSetting', { DirectoryId: directoryId })).AttributePassingSetting).toEqual({ SourceIdentityPassing: v });
    }
    expectFailure(await api.fail('UpdateAttributePassingSetting', { DirectoryId: directoryId, SourceIdentityPassing: 'idp' }), 'InvalidParameter.SourceIdentityPassing', 400);
    expectFailure(await api.fail('UpdateAttributePassingSetting', { DirectoryId: directoryId }), 'MissingParameter.SourceIdentityPassing', 400);
    expectFailure(await api.fail('GetAttributePassingSetting', { DirectoryId: 'd-000000000000' }), 'EntityNotExists.Directory', 404);

    // Both settings live beside the others in the directory's settings, audited per write.
    const actions = (await storeOf(node).audit.list(directoryId, 100)).filter((e) => !e.errorCode).map((e) => e.action);
    expect(actions.filter((a) => a === 'UpdateAttributePassingSetting')).toHaveLength(4);
    expect(actions.filter((a) => a === 'UpdateDirectoryGlobalAccessStatus')).toHaveLength(1);
    // Both live with the directory's own settings: the login preference is untouched.
    expect((await api.call('GetLoginPreference', { DirectoryId: directoryId })).LoginPreference).toEqual({ AllowUserToGetCredentials: false, LoginNetworkMasks: '' });
  });

  it('EnableDelegateAccount / GetDelegateAccount / DisableDelegateAccount: one member account of the Resource Directory', async () => {
    expectFailure(await api.fail('EnableDelegateAccount', { AccountId: '1111111111111111' }), 'EntityNotExists.Account', 404);
    await rm.call('EnableResourceDirectory', { EnableMode: 'CurrentAccount' });
    memberId = (await rm.call('CreateResourceAccount', { DisplayName: 'delegate' })).Account.AccountId;
    otherAccountId = (await rm.call('CreateResourceAccount', { DisplayName: 'other' })).Account.AccountId;
    const otherId = otherAccountId;

    const before = await api.call('GetDelegateAccount', { AccountId: memberId });
    expectSuccess(before, ['DelegateAccount']);
    expect(before.DelegateAccount).toEqual({ AccountId: memberId, DelegateStatus: 'Disabled' });

    expectSuccess(await api.call('EnableDelegateAccount', { AccountId: memberId }), []);
    expect((await api.call('GetDelegateAccount', { AccountId: memberId })).DelegateAccount).toEqual({ AccountId: memberId, DelegateStatus: 'Enabled' });
    // Idempotent for the same account; a second one while the first is enabled is refused.
    expectSuccess(await api.call('EnableDelegateAccount', { AccountId: memberId }), []);
    expectFailure(await api.fail('EnableDelegateAccount', { AccountId: otherId }), 'QuotaExceeded.DelegateAccount', 409);
    expectFailure(await api.fail('EnableDelegateAccount', { AccountId: MANAGEMENT }), 'InvalidParameter.AccountId', 400);
    expectFailure(await api.fail('EnableDelegateAccount', {}), 'MissingParameter.AccountId', 400);
    expectFailure(await api.fail('GetDelegateAccount', { AccountId: '1111111111111111' }), 'EntityNotExists.Account', 404);
    expectFailure(await api.fail('DisableDelegateAccount', { AccountId: otherId }), 'EntityNotExists.DelegateAccount', 404);

    expectSuccess(await api.call('DisableDelegateAccount', { AccountId: memberId }), []);
    expect((await api.call('GetDelegateAccount', { AccountId: memberId })).DelegateAccount).toEqual({ AccountId: memberId, DelegateStatus: 'Disabled' });
    expectFailure(await api.fail('DisableDelegateAccount', { AccountId: memberId }), 'EntityNotExists.DelegateAccount', 404);
    // With the first disabled, the other may take its place.
    expectSuccess(await api.call('EnableDelegateAccount', { AccountId: otherId }), []);

    expect((await serviceAudit()).slice(4)).toEqual([
      `EnableDelegateAccount ${memberId}`,
      `EnableDelegateAccount ${memberId}`,
      `DisableDelegateAccount ${memberId}`,
      `EnableDelegateAccount ${otherId}`,
    ]);
  });

  it('a member account: CloudSSO reads Disabled for it, and the management-only writes are refused', async () => {
    const role = `acs:ram::${memberId}:role/resourcedirectoryaccountaccessrole`;
    const c = (await sts.call('AssumeRole', { RoleArn: role, RoleSessionName: 'member' })).Credentials;
    const member = makeClient('openapi-client ACS3', {
      endpoint: node.endpoint,
      key: { id: c.AccessKeyId, secret: c.AccessKeySecret },
      securityToken: c.SecurityToken,
    });
    expect((await member.call('GetServiceStatus')).ServiceStatus).toEqual({
      AccountId: memberId,
      Status: 'Disabled',
      PrerequisiteCheckResult: 'Failed',
      RegionsInUse: [],
    });
    for (const [action, params] of [
      ['EnableService', {}],
      ['DisableService', {}],
      ['EnableDelegateAccount', { AccountId: memberId }],
      ['DisableDelegateAccount', { AccountId: memberId }],
      ['GetDelegateAccount', { AccountId: memberId }],
    ] as const) {
      expectFailure(await member.fail(action, params), 'OperationDenied.NotManagementAccount', 403);
    }
  });

  /** A client acting in a member account, through the access role the Resource Directory made there. */
  async function inAccount(accountId: string, session: string): Promise<ApiClient> {
    const role = `acs:ram::${accountId}:role/resourcedirectoryaccountaccessrole`;
    const c = (await sts.call('AssumeRole', { RoleArn: role, RoleSessionName: session })).Credentials;
    return makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: { id: c.AccessKeyId, secret: c.AccessKeySecret }, securityToken: c.SecurityToken });
  }

  it('the enabled delegated administrator manages CloudSSO as the management account does, and nothing more; any other account is refused', async () => {
    const notAdministrator = 'OperationDenied.NotManagementAccount';
    // memberId was delegated, then disabled: its principals (AdministratorAccess in their own
    // account) cannot reach the management account's directories.
    const former = await inAccount(memberId, 'former');
    expectFailure(await former.fail('ListDirectories'), notAdministrator, 403);
    expectFailure(await former.fail('GetDirectory', { DirectoryId: directoryId }), notAdministrator, 403);
    expectFailure(await former.fail('CreateUser', { DirectoryId: directoryId, UserName: 'nope' }), notAdministrator, 403);

    // otherId is the enabled delegate: it sees and changes the directories.
    const delegate = await inAccount(otherId(), 'delegate');
    expect((await delegate.call('ListDirectories')).Directories.map((d: { DirectoryId: string }) => d.DirectoryId)).toEqual([directoryId]);
    const userId = (await delegate.call('CreateUser', { DirectoryId: directoryId, UserName: 'made-by-delegate' })).User.UserId as string;
    expect((await api.call('GetUser', { DirectoryId: directoryId, UserId: userId })).User.UserName).toBe('made-by-delegate');
    // Nothing more: who may administer CloudSSO, and the service itself, stay the management account's.
    expectFailure(await delegate.fail('EnableDelegateAccount', { AccountId: memberId }), notAdministrator, 403);
    expectFailure(await delegate.fail('DisableDelegateAccount', { AccountId: otherId() }), notAdministrator, 403);
    expectFailure(await delegate.fail('DisableService'), notAdministrator, 403);
    expect((await delegate.call('GetServiceStatus')).ServiceStatus.AccountId).toBe(otherId());

    // Disabled: refused on the very next call, with the same credentials.
    expectSuccess(await api.call('DisableDelegateAccount', { AccountId: otherId() }), []);
    expectFailure(await delegate.fail('ListDirectories'), notAdministrator, 403);
    expectSuccess(await api.call('DeleteUser', { DirectoryId: directoryId, UserId: userId }), []);
  });

  it('RAM: the service and delegation actions on all resources (`*`), the directory settings on the directory', async () => {
    const ram = ramClient(node.endpoint, node.rootKey);
    const key = await ramUserWith(ram, 'service-reader', {
      ServiceReader: policyDocument({ Effect: 'Allow', Action: ['cloudsso:Get*'], Resource: '*' }),
    });
    const reader = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key });
    expect((await reader.call('GetServiceStatus')).ServiceStatus.Status).toBe('Enabled');
    expect((await reader.call('GetAttributePassingSetting', { DirectoryId: directoryId })).AttributePassingSetting.SourceIdentityPassing).toBe('UserName');
    const denied = (action: string, resources: string[]) => ({ action: `cloudsso:${action}`, resources, userName: 'service-reader', type: 'ImplicitDeny' as const });
    expectDenied(await reader.fail('DisableService'), denied('DisableService', [ARN('*')]));
    expectDenied(await reader.fail('EnableService'), denied('EnableService', [ARN('*')]));
    expectDenied(await reader.fail('EnableDelegateAccount', { AccountId: memberId }), denied('EnableDelegateAccount', [ARN('*')]));
    expectDenied(await reader.fail('DisableDelegateAccount', { AccountId: memberId }), denied('DisableDelegateAccount', [ARN('*')]));
    expectDenied(
      await reader.fail('UpdateDirectoryGlobalAccessStatus', { DirectoryId: directoryId, GlobalAccessStatus: 'Disabled' }),
      denied('UpdateDirectoryGlobalAccessStatus', [ARN(`directory/${directoryId}`)]),
    );
    expectDenied(
      await reader.fail('UpdateAttributePassingSetting', { DirectoryId: directoryId, SourceIdentityPassing: 'IdP' }),
      denied('UpdateAttributePassingSetting', [ARN(`directory/${directoryId}`)]),
    );
  });
});
