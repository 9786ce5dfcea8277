import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { client, newDirectory, startManagementServer, storeOf } from '../support/management.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess } from '../support/wire.js';
import { testCertificate } from './fixtures/saml-metadata.js';

/**
 * Two CloudSSO rules (cloudsso-api.md §3.3, §3.6; cloudsso-access.md §6.1), through the signed API
 * (docs/decisions/0086): DeleteUser is refused while the user has MFA devices
 * (`DeletionConflict.User.MFADevice`), and ResetUserPassword while SSO is enabled for the
 * directory (`OperationDenied.SSOEnabled`).
 */
const PASSWORD = 'Str0ng!Passw0rd#1';
let devices = 0;

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  beforeAll(async () => {
    node = await startManagementServer(dialect);
    api = client(node);
  });
  afterAll(() => node?.close());

  const bindDevice = async (DirectoryId: string, UserId: string): Promise<string> => {
    // Devices are bound by users at sign-in; seed one as the portal would.
    const id = `mfa-${String(++devices).padStart(20, '0')}`;
    await storeOf(node).signIn.insertMfaDevice({
      id,
      directoryId: DirectoryId,
      userId: UserId,
      name: 'phone',
      type: 'TOTP',
      secretSealed: 'v1.sealed',
      effectiveTime: Date.now(),
      lastUseTime: null,
    });
    return id;
  };

  it('DeleteUser is refused while the user has MFA devices, and succeeds once they are deleted', async () => {
    const DirectoryId = await newDirectory(api, 'mfa-del');
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User.UserId as string;
    const first = await bindDevice(DirectoryId, UserId);
    const second = await bindDevice(DirectoryId, UserId);

    const refused = await api.fail('DeleteUser', { DirectoryId, UserId });
    expectFailure(refused, 'DeletionConflict.User.MFADevice', 409);
    expect(refused.body.Message).toContain('2 MFA device(s)');
    expect((await api.call('GetUser', { DirectoryId, UserId })).User.UserId).toBe(UserId);

    await api.call('DeleteMFADeviceForUser', { DirectoryId, UserId, MFADeviceId: first });
    expectFailure(await api.fail('DeleteUser', { DirectoryId, UserId }), 'DeletionConflict.User.MFADevice', 409);
    await api.call('DeleteMFADeviceForUser', { DirectoryId, UserId, MFADeviceId: second });
    expectSuccess(await api.call('DeleteUser', { DirectoryId, UserId }), []);
    expectFailure(await api.fail('GetUser', { DirectoryId, UserId }), 'EntityNotExists.User', 404);
    // Refusals are audited as failures by the edge; the one success is the deletion.
    const audit = (await storeOf(node).audit.list(DirectoryId, 100)).filter((e) => e.action === 'DeleteUser');
    expect(audit.map((e) => e.errorCode ?? 'ok').sort()).toEqual(['DeletionConflict.User.MFADevice', 'DeletionConflict.User.MFADevice', 'ok']);
  });

  it('the devices are checked before the groups, and a device of another user cannot be deleted through this one', async () => {
    const DirectoryId = await newDirectory(api, 'mfa-order');
    const alice = (await api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User.UserId as string;
    const bob = (await api.call('CreateUser', { DirectoryId, UserName: 'bob' })).User.UserId as string;
    const GroupId = (await api.call('CreateGroup', { DirectoryId, GroupName: 'staff' })).Group.GroupId as string;
    await api.call('AddUserToGroup', { DirectoryId, GroupId, UserId: alice });
    const bobs = await bindDevice(DirectoryId, bob);
    const alices = await bindDevice(DirectoryId, alice);
    expectFailure(await api.fail('DeleteUser', { DirectoryId, UserId: alice }), 'DeletionConflict.User.MFADevice', 409);
    await api.call('DeleteMFADeviceForUser', { DirectoryId, UserId: alice, MFADeviceId: alices });
    expectFailure(await api.fail('DeleteUser', { DirectoryId, UserId: alice }), 'DeletionConflict.User.Group', 409);

    expectFailure(await api.fail('DeleteMFADeviceForUser', { DirectoryId, UserId: alice, MFADeviceId: bobs }), 'EntityNotExists.MFADevice', 404);
    expect((await api.call('ListMFADevicesForUser', { DirectoryId, UserId: bob })).MFADevices.map((d: { DeviceId: string }) => d.DeviceId)).toEqual([bobs]);
  });

  it('ResetUserPassword is refused while SSO is enabled, chosen or generated, and allowed again once SSO is disabled', async () => {
    const DirectoryId = await newDirectory(api, 'sso-pw');
    const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'carol' })).User.UserId as string;
    expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD }), []);

    // An IdP configured but SSO off: passwords still reset.
    await api.call('SetExternalSAMLIdentityProvider', {
      DirectoryId,
      EntityId: 'https://idp.example.com',
      LoginUrl: 'https://idp.example.com/sso',
      X509Certificate: testCertificate('idp.example.com'),
    });
    expect((await api.call('ResetUserPassword', { DirectoryId, UserId, GenerateRandomPassword: true })).NewPassword).toEqual(expect.any(String));

    await api.call('SetExternalSAMLIdentityProvider', { DirectoryId, SSOStatus: 'Enabled' });
    const before = await storeOf(node).passwordHistory.recent(DirectoryId, UserId, 24);
    for (const params of [{ Password: 'An0ther!Passw0rd#2' }, { GenerateRandomPassword: true }, { Password: 'An0ther!Passw0rd#2', RequirePasswordResetForNextLogin: true }]) {
      const refused = await api.fail('ResetUserPassword', { DirectoryId, UserId, ...params });
      expectFailure(refused, 'OperationDenied.SSOEnabled', 409);
      expect(refused.body.Message).toContain('SSO is enabled');
      expect(JSON.stringify(refused.body)).not.toContain('An0ther');
    }
    // Nothing was stored.
    expect(await storeOf(node).passwordHistory.recent(DirectoryId, UserId, 24)).toEqual(before);

    await api.call('SetExternalSAMLIdentityProvider', { DirectoryId, SSOStatus: 'Disabled' });
    expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: 'An0ther!Passw0rd#2' }), []);
    expect((await storeOf(node).passwordHistory.recent(DirectoryId, UserId, 24)).length).toBe(before.length + 1);
  });
});
