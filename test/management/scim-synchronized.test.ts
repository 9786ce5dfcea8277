import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess } from '../support/wire.js';
import { client, MANAGEMENT_MODES, newDirectory, startManagementServer } from '../support/management.js';
import { expectUser } from '../support/shapes.js';

/**
 * Issue 4, the rules for SCIM-synchronized users and groups (cloudsso-api.md §5.2), driven by real
 * SCIM requests to /scim/v2 (as an IdP sends them) followed by management API calls: while SCIM
 * sync is on, UpdateUser, DeleteUser, UpdateGroup, DeleteGroup, AddUserToGroup and
 * RemoveUserFromGroup are refused; UpdateUserStatus and ResetUserPassword stay allowed; with sync
 * off, everything is allowed.
 */
const USER_LOCKED = 'OperationDenied.SCIMSynchronizedUser';
const GROUP_LOCKED = 'OperationDenied.SCIMSynchronizedGroup';

async function scim(node: TestServer, token: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const res = await fetch(`${node.url}/scim/v2${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/scim+json', accept: 'application/scim+json' },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : undefined };
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startManagementServer(dialect);
  });
  afterAll(() => node?.close());

  describe.each(MANAGEMENT_MODES)('through %s', (mode) => {
    let api: ApiClient;
    beforeAll(() => {
      api = client(node, mode);
    });

    it('locks synchronized users and groups while SCIM sync is on, and only then', async () => {
      const DirectoryId = await newDirectory(api, 'synced');
      const token: string = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret;
      await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });

      // The IdP provisions a user and a group with that user as member.
      const postedUser = await scim(node, token, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'AliceLee@example.onmicrosoft.com',
        externalId: 'c73e1f-a5fdd5',
        displayName: 'AliceLee',
        name: { givenName: 'Alice', familyName: 'Lee' },
        emails: [{ value: 'AliceLee@example.onmicrosoft.com', type: 'work', primary: true }],
        active: true,
      });
      expect(postedUser.status).toBe(201);
      const UserId: string = postedUser.json.id;
      const postedGroup = await scim(node, token, 'POST', '/Groups', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
        displayName: 'engineering',
        members: [{ value: UserId }],
      });
      expect(postedGroup.status).toBe(201);
      const GroupId: string = postedGroup.json.id;

      // Through the management API they are Synchronized, with the ExternalId the IdP sent.
      const user = (await api.call('GetUser', { DirectoryId, UserId })).User;
      expectUser(user, 'full', true);
      expect(user).toMatchObject({
        UserName: 'AliceLee@example.onmicrosoft.com',
        DisplayName: 'AliceLee',
        FirstName: 'Alice',
        LastName: 'Lee',
        Email: 'AliceLee@example.onmicrosoft.com',
        Status: 'Enabled',
        ProvisionType: 'Synchronized',
        ExternalId: { Id: 'c73e1f-a5fdd5', Issuer: 'SCIM' },
      });
      expect((await api.call('GetUserId', { DirectoryId, ExternalId: JSON.stringify({ Id: 'c73e1f-a5fdd5', Issuer: 'SCIM' }) })).UserId).toBe(UserId);
      expect((await api.call('GetGroup', { DirectoryId, GroupId })).Group).toMatchObject({ GroupName: 'engineering', ProvisionType: 'Synchronized' });
      expect((await api.call('ListGroupMembers', { DirectoryId, GroupId })).GroupMembers.map((m: { UserId: string }) => m.UserId)).toEqual([UserId]);
      expect((await api.call('ListUsers', { DirectoryId, ProvisionType: 'Synchronized' })).TotalCounts).toBe(1);
      expect((await api.call('ListGroups', { DirectoryId, ProvisionType: 'Synchronized' })).TotalCounts).toBe(1);

      const manualUser = (await api.call('CreateUser', { DirectoryId, UserName: 'manual-bob' })).User.UserId;
      const manualGroup = (await api.call('CreateGroup', { DirectoryId, GroupName: 'manual-group' })).Group.GroupId;

      // Sync on: the six operations are refused, and nothing changes.
      expectFailure(await api.fail('UpdateUser', { DirectoryId, UserId, NewDisplayName: 'Changed' }), USER_LOCKED, 409);
      expectFailure(await api.fail('DeleteUser', { DirectoryId, UserId }), USER_LOCKED, 409);
      expectFailure(await api.fail('UpdateGroup', { DirectoryId, GroupId, NewGroupName: 'renamed' }), GROUP_LOCKED, 409);
      expectFailure(await api.fail('DeleteGroup', { DirectoryId, GroupId }), GROUP_LOCKED, 409);
      expectFailure(await api.fail('AddUserToGroup', { DirectoryId, GroupId, UserId: manualUser }), GROUP_LOCKED, 409);
      expectFailure(await api.fail('RemoveUserFromGroup', { DirectoryId, GroupId, UserId }), GROUP_LOCKED, 409);
      expect((await api.call('GetUser', { DirectoryId, UserId })).User.DisplayName).toBe('AliceLee');
      expect((await api.call('ListGroupMembers', { DirectoryId, GroupId })).TotalCounts).toBe(1);

      // Sync on: status, password, and a manual group's membership stay allowed.
      expectSuccess(await api.call('UpdateUserStatus', { DirectoryId, UserId, NewStatus: 'Disabled' }), []);
      expect((await api.call('GetUser', { DirectoryId, UserId })).User.Status).toBe('Disabled');
      expectSuccess(await api.call('UpdateUserStatus', { DirectoryId, UserId, NewStatus: 'Enabled' }), []);
      expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: 'Synced!Passw0rd' }), []);
      expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, GenerateRandomPassword: true }), ['NewPassword']);
      expectSuccess(await api.call('AddUserToGroup', { DirectoryId, GroupId: manualGroup, UserId }), []);
      expectSuccess(await api.call('RemoveUserFromGroup', { DirectoryId, GroupId: manualGroup, UserId }), []);
      // Manual users and groups are not affected by the switch.
      expectSuccess(await api.call('UpdateUser', { DirectoryId, UserId: manualUser, NewDisplayName: 'Bob' }), ['User']);

      // Sync off: everything is allowed.
      await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Disabled' });
      const updated = await api.call('UpdateUser', { DirectoryId, UserId, NewDisplayName: 'Alice (edited)' });
      expect(updated.User).toMatchObject({ DisplayName: 'Alice (edited)', ProvisionType: 'Synchronized' });
      expect((await api.call('UpdateGroup', { DirectoryId, GroupId, NewGroupName: 'engineering-renamed' })).Group.GroupName).toBe('engineering-renamed');
      expectSuccess(await api.call('AddUserToGroup', { DirectoryId, GroupId, UserId: manualUser }), []);
      expectSuccess(await api.call('RemoveUserFromGroup', { DirectoryId, GroupId, UserId: manualUser }), []);
      expectSuccess(await api.call('RemoveUserFromGroup', { DirectoryId, GroupId, UserId }), []);
      expectSuccess(await api.call('DeleteGroup', { DirectoryId, GroupId }), []);
      expectSuccess(await api.call('DeleteUser', { DirectoryId, UserId }), []);
      expectFailure(await api.fail('GetUser', { DirectoryId, UserId }), 'EntityNotExists.User', 404);
    });

    it('keeps a manual user when SCIM later sends the same userName (docs/decisions/0011-scim-manual-user-conflict.md)', async () => {
      const DirectoryId = await newDirectory(api, 'conflict');
      const token: string = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret;
      await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
      const manual = (await api.call('CreateUser', { DirectoryId, UserName: 'carol@example.com', DisplayName: 'Carol' })).User;

      const posted = await scim(node, token, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'Carol@Example.com',
        externalId: 'idp-carol',
        active: true,
      });
      expect(posted.status).toBe(409);
      const after = (await api.call('GetUser', { DirectoryId, UserId: manual.UserId })).User;
      expect(after).toMatchObject({ UserName: 'carol@example.com', DisplayName: 'Carol', ProvisionType: 'Manual' });
      expect(after.ExternalId).toBeUndefined();
    });
    it('counts a password the IdP set through SCIM for PasswordReusePrevention', async () => {
      const DirectoryId = await newDirectory(api, 'scim-pw');
      const token: string = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret;
      await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
      await api.call('SetPasswordPolicy', { DirectoryId, PasswordReusePrevention: 2 });
      const password = 'Idp-Set-Passw0rd!';
      const created = await scim(node, token, 'POST', '/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName: 'pw.reuse@example.com',
        password,
      });
      expect(created.status).toBe(201);
      expect(created.json).not.toHaveProperty('password');
      const UserId: string = created.json.id;
      expectFailure(await api.fail('ResetUserPassword', { DirectoryId, UserId, Password: password }), 'InvalidParameter.Password', 400);
      expectSuccess(await api.call('ResetUserPassword', { DirectoryId, UserId, Password: 'Another-Passw0rd!' }), []);
    });
  });
});
