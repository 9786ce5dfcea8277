import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess } from '../support/wire.js';
import { client, MANAGEMENT_MODES, newDirectory, startManagementServer } from '../support/management.js';
import { expectGroup, expectGroupMember, expectJoinedGroup, expectPage } from '../support/shapes.js';

/**
 * Issue 4, groups and membership, through the ACS3 OpenAPI client and pop-core on each store,
 * every response checked against cloudsso-api.md §2/§3.4/§3.5.
 */
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

    it('creates, reads, lists, renames and deletes groups with exact response shapes', async () => {
      const DirectoryId = await newDirectory(api, 'groups');
      const created = await api.call('CreateGroup', { DirectoryId, GroupName: 'TestGroup', Description: 'This is a group.' });
      expectSuccess(created, ['Group']);
      expectGroup(created.Group);
      const group = created.Group;
      expect(group).toMatchObject({ GroupName: 'TestGroup', Description: 'This is a group.', ProvisionType: 'Manual' });
      expect(group.UpdateTime).toBe(group.CreateTime);
      const plain = (await api.call('CreateGroup', { DirectoryId, GroupName: 'ops.team_1-a' })).Group;
      expectGroup(plain);
      expect(plain.Description).toBe('');

      const got = await api.call('GetGroup', { DirectoryId, GroupId: group.GroupId });
      expectSuccess(got, ['Group']);
      expect(got.Group).toEqual(group);

      const listed = await api.call('ListGroups', { DirectoryId });
      expectSuccess(listed, ['Groups', 'IsTruncated', 'MaxResults', 'TotalCounts']);
      expectPage(listed, 'Groups', 10);
      expect(listed).toMatchObject({ IsTruncated: false, TotalCounts: 2 });
      for (const g of listed.Groups) expectGroup(g);
      expect(listed.Groups).toEqual([group, plain].sort((a, b) => (a.GroupId < b.GroupId ? -1 : 1)));

      const names = async (params: Record<string, unknown>) =>
        (await api.call('ListGroups', { DirectoryId, ...params })).Groups.map((g: { GroupName: string }) => g.GroupName);
      expect(await names({ Filter: 'GroupName eq testgroup' })).toEqual(['TestGroup']);
      expect(await names({ Filter: 'groupname sw "OPS."' })).toEqual(['ops.team_1-a']);
      expect(await names({ Filter: 'GroupName sw nothing' })).toEqual([]);
      expect((await names({ ProvisionType: 'Manual' })).sort()).toEqual(['TestGroup', 'ops.team_1-a']);
      expect(await names({ ProvisionType: 'Synchronized' })).toEqual([]);

      // Uniqueness is case-insensitive.
      expectFailure(await api.fail('CreateGroup', { DirectoryId, GroupName: 'testgroup' }), 'EntityAlreadyExists.Group', 409);
      expectFailure(await api.fail('UpdateGroup', { DirectoryId, GroupId: plain.GroupId, NewGroupName: 'TESTGROUP' }), 'EntityAlreadyExists.Group', 409);

      const updated = await api.call('UpdateGroup', { DirectoryId, GroupId: group.GroupId, NewGroupName: 'NewTestGroup' });
      expectSuccess(updated, ['Group']);
      expectGroup(updated.Group);
      expect(updated.Group).toMatchObject({ GroupId: group.GroupId, GroupName: 'NewTestGroup', Description: 'This is a group.', CreateTime: group.CreateTime });
      const cleared = (await api.call('UpdateGroup', { DirectoryId, GroupId: group.GroupId, NewDescription: '' })).Group;
      expect(cleared).toMatchObject({ GroupName: 'NewTestGroup', Description: '' });

      expect((await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics).toMatchObject({ GroupCount: 2, GroupQuota: 500 });
      expectSuccess(await api.call('DeleteGroup', { DirectoryId, GroupId: plain.GroupId }), []);
      expectFailure(await api.fail('GetGroup', { DirectoryId, GroupId: plain.GroupId }), 'EntityNotExists.Group', 404);
      expectFailure(await api.fail('DeleteGroup', { DirectoryId, GroupId: plain.GroupId }), 'EntityNotExists.Group', 404);
    });

    it('adds, lists and removes members, and enforces the delete prerequisites', async () => {
      const DirectoryId = await newDirectory(api, 'members');
      const alice = (await api.call('CreateUser', { DirectoryId, UserName: 'Alice', DisplayName: 'Alice', Email: 'AliceLee@example.com', Description: 'This is a user.' })).User;
      const bob = (await api.call('CreateUser', { DirectoryId, UserName: 'bob' })).User;
      const admins = (await api.call('CreateGroup', { DirectoryId, GroupName: 'admins', Description: 'Admins' })).Group;
      const devs = (await api.call('CreateGroup', { DirectoryId, GroupName: 'devs' })).Group;

      expectSuccess(await api.call('AddUserToGroup', { DirectoryId, GroupId: admins.GroupId, UserId: alice.UserId }), []);
      // Adding a member again succeeds and changes nothing.
      expectSuccess(await api.call('AddUserToGroup', { DirectoryId, GroupId: admins.GroupId, UserId: alice.UserId }), []);
      await api.call('AddUserToGroup', { DirectoryId, GroupId: admins.GroupId, UserId: bob.UserId });
      await api.call('AddUserToGroup', { DirectoryId, GroupId: devs.GroupId, UserId: alice.UserId });

      const members = await api.call('ListGroupMembers', { DirectoryId, GroupId: admins.GroupId });
      expectSuccess(members, ['GroupMembers', 'IsTruncated', 'MaxResults', 'TotalCounts']);
      expectPage(members, 'GroupMembers', 10);
      expect(members).toMatchObject({ IsTruncated: false, TotalCounts: 2 });
      for (const m of members.GroupMembers) expectGroupMember(m);
      const member = (id: string) => members.GroupMembers.find((m: { UserId: string }) => m.UserId === id);
      expect(member(alice.UserId)).toMatchObject({
        GroupId: admins.GroupId,
        UserId: alice.UserId,
        UserName: 'Alice',
        DisplayName: 'Alice',
        Email: 'AliceLee@example.com',
        Description: 'This is a user.',
        Status: 'Enabled',
        ProvisionType: 'Manual',
      });
      expect(member(bob.UserId)).toMatchObject({ UserId: bob.UserId, UserName: 'bob', DisplayName: '', Email: '', Description: '' });

      const joined = await api.call('ListJoinedGroupsForUser', { DirectoryId, UserId: alice.UserId });
      expectSuccess(joined, ['IsTruncated', 'JoinedGroups', 'MaxResults', 'TotalCounts']);
      expectPage(joined, 'JoinedGroups', 10);
      expect(joined).toMatchObject({ IsTruncated: false, TotalCounts: 2 });
      for (const j of joined.JoinedGroups) expectJoinedGroup(j);
      const joinedGroup = (id: string) => joined.JoinedGroups.find((j: { GroupId: string }) => j.GroupId === id);
      expect(joinedGroup(admins.GroupId)).toMatchObject({ UserId: alice.UserId, GroupId: admins.GroupId, GroupName: 'admins', Description: 'Admins', ProvisionType: 'Manual' });
      expect(joinedGroup(devs.GroupId)).toMatchObject({ GroupId: devs.GroupId, GroupName: 'devs', Description: '' });

      // Paging the members one at a time.
      const first = await api.call('ListGroupMembers', { DirectoryId, GroupId: admins.GroupId, MaxResults: 1 });
      expectPage(first, 'GroupMembers', 1);
      expect(first).toMatchObject({ IsTruncated: true, TotalCounts: 2 });
      const second = await api.call('ListGroupMembers', { DirectoryId, GroupId: admins.GroupId, MaxResults: 1, NextToken: first.NextToken });
      expectPage(second, 'GroupMembers', 1);
      expect(second.IsTruncated).toBe(false);
      expect([...first.GroupMembers, ...second.GroupMembers].map((m: { UserId: string }) => m.UserId)).toEqual([alice.UserId, bob.UserId].sort());
      // A token of one group's member list is not valid for another's.
      expectFailure(
        await api.fail('ListGroupMembers', { DirectoryId, GroupId: devs.GroupId, MaxResults: 1, NextToken: first.NextToken }),
        'InvalidParameter.NextToken',
        400,
      );

      // DeleteUser while in a group, DeleteGroup while it has members: refused.
      expectFailure(await api.fail('DeleteUser', { DirectoryId, UserId: alice.UserId }), 'DeletionConflict.User.Group', 409);
      expectFailure(await api.fail('DeleteGroup', { DirectoryId, GroupId: admins.GroupId }), 'DeletionConflict.Group.User', 409);

      // Unknown entities, and removing a non-member.
      const missingUser = 'u-00000000000000000000';
      const missingGroup = 'g-00000000000000000000';
      expectFailure(await api.fail('AddUserToGroup', { DirectoryId, GroupId: admins.GroupId, UserId: missingUser }), 'EntityNotExists.User', 404);
      expectFailure(await api.fail('AddUserToGroup', { DirectoryId, GroupId: missingGroup, UserId: bob.UserId }), 'EntityNotExists.Group', 404);
      expectFailure(await api.fail('RemoveUserFromGroup', { DirectoryId, GroupId: devs.GroupId, UserId: bob.UserId }), 'EntityNotExists.GroupMember', 404);
      expectFailure(await api.fail('ListGroupMembers', { DirectoryId, GroupId: missingGroup }), 'EntityNotExists.Group', 404);
      expectFailure(await api.fail('ListJoinedGroupsForUser', { DirectoryId, UserId: missingUser }), 'EntityNotExists.User', 404);

      // Remove the memberships: then both deletions go through.
      expectSuccess(await api.call('RemoveUserFromGroup', { DirectoryId, GroupId: admins.GroupId, UserId: alice.UserId }), []);
      await api.call('RemoveUserFromGroup', { DirectoryId, GroupId: devs.GroupId, UserId: alice.UserId });
      expect((await api.call('ListJoinedGroupsForUser', { DirectoryId, UserId: alice.UserId })).JoinedGroups).toEqual([]);
      expectSuccess(await api.call('DeleteUser', { DirectoryId, UserId: alice.UserId }), []);
      await api.call('RemoveUserFromGroup', { DirectoryId, GroupId: admins.GroupId, UserId: bob.UserId });
      expect((await api.call('ListGroupMembers', { DirectoryId, GroupId: admins.GroupId })).TotalCounts).toBe(0);
      expectSuccess(await api.call('DeleteGroup', { DirectoryId, GroupId: admins.GroupId }), []);

      // DeleteDirectory: refused while users or groups remain, then allowed.
      expectFailure(await api.fail('DeleteDirectory', { DirectoryId }), 'DeletionConflict.Directory', 409);
      await api.call('DeleteGroup', { DirectoryId, GroupId: devs.GroupId });
      await api.call('DeleteUser', { DirectoryId, UserId: bob.UserId });
      expectSuccess(await api.call('DeleteDirectory', { DirectoryId }), []);
    });
  });
});
