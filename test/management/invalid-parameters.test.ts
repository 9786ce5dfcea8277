import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure } from '../support/wire.js';
import { client, MANAGEMENT_MODES, newDirectory, startManagementServer } from '../support/management.js';

/**
 * Issue 4: every invalid parameter of the user, group, membership and tag actions returns its
 * documented code (docs/errors.md) and a 4xx status, never a 500. One row per input.
 */
type Row = readonly [action: string, params: Record<string, unknown>, code: string, status?: number];

const long = (n: number, c = 'a') => c.repeat(n);
const MISSING_USER = 'u-00000000000000000000';
const MISSING_GROUP = 'g-00000000000000000000';

/** `$U`, `$G`, `$M` (a member of `$G`) and `$D` are replaced by real IDs; DirectoryId is `$D` unless given. */
const ROWS: readonly Row[] = [
  // CreateUser
  ['CreateUser', { DirectoryId: undefined, UserName: 'x' }, 'MissingParameter.DirectoryId'],
  ['CreateUser', { DirectoryId: long(65, 'd'), UserName: 'x' }, 'InvalidParameter.DirectoryId'],
  ['CreateUser', { DirectoryId: 'd-000000000000', UserName: 'x' }, 'EntityNotExists.Directory', 404],
  ['CreateUser', {}, 'MissingParameter.UserName'],
  ['CreateUser', { UserName: '' }, 'InvalidParameter.UserName'],
  ['CreateUser', { UserName: 'has space' }, 'InvalidParameter.UserName'],
  ['CreateUser', { UserName: 'bad/slash' }, 'InvalidParameter.UserName'],
  ['CreateUser', { UserName: 'ünïcode' }, 'InvalidParameter.UserName'],
  ['CreateUser', { UserName: long(65) }, 'InvalidParameter.UserName'],
  ['CreateUser', { UserName: 'x', FirstName: long(65) }, 'InvalidParameter.FirstName'],
  ['CreateUser', { UserName: 'x', LastName: long(65) }, 'InvalidParameter.LastName'],
  ['CreateUser', { UserName: 'x', DisplayName: long(257) }, 'InvalidParameter.DisplayName'],
  ['CreateUser', { UserName: 'x', Email: `${long(120)}@example.com` }, 'InvalidParameter.Email'],
  ['CreateUser', { UserName: 'x', Email: 'not-an-address' }, 'InvalidParameter.Email'],
  ['CreateUser', { UserName: 'x', Description: long(1025) }, 'InvalidParameter.Description'],
  ['CreateUser', { UserName: 'x', Status: 'Paused' }, 'InvalidParameter.Status'],
  ['CreateUser', { UserName: 'x', Tags: [{ Value: 'v' }] }, 'MissingParameter.Tags.1.Key'],
  ['CreateUser', { UserName: 'x', Tags: [{ Key: '', Value: 'v' }] }, 'InvalidParameter.Tags.1.Key'],
  // GetUser / DeleteUser / UpdateUserStatus
  ['GetUser', {}, 'MissingParameter.UserId'],
  ['GetUser', { UserId: '' }, 'InvalidParameter.UserId'],
  ['GetUser', { UserId: long(65) }, 'InvalidParameter.UserId'],
  ['GetUser', { UserId: MISSING_USER }, 'EntityNotExists.User', 404],
  ['GetUser', { UserId: 'not-an-id' }, 'EntityNotExists.User', 404],
  ['DeleteUser', { UserId: MISSING_USER }, 'EntityNotExists.User', 404],
  ['UpdateUserStatus', { UserId: '$U' }, 'MissingParameter.NewStatus'],
  ['UpdateUserStatus', { UserId: '$U', NewStatus: 'enabled' }, 'InvalidParameter.NewStatus'],
  ['UpdateUserStatus', { UserId: MISSING_USER, NewStatus: 'Disabled' }, 'EntityNotExists.User', 404],
  // ListUsers
  ['ListUsers', { Status: 'Active' }, 'InvalidParameter.Status'],
  ['ListUsers', { ProvisionType: 'SCIM' }, 'InvalidParameter.ProvisionType'],
  ['ListUsers', { Filter: 'Email eq a@b.c' }, 'InvalidParameter.Filter'],
  ['ListUsers', { Filter: 'UserName co abc' }, 'InvalidParameter.Filter'],
  ['ListUsers', { Filter: 'UserName eq' }, 'InvalidParameter.Filter'],
  ['ListUsers', { Filter: 'UserName eq a b' }, 'InvalidParameter.Filter'],
  ['ListUsers', { Filter: 'UserName eq "open' }, 'InvalidParameter.Filter'],
  ['ListUsers', { Filter: 'UserName eq a or UserName eq b' }, 'InvalidParameter.Filter'],
  ['ListUsers', { Filter: `UserName eq ${long(1100)}` }, 'InvalidParameter.Filter'],
  ['ListUsers', { MaxResults: 0 }, 'InvalidParameter.MaxResults'],
  ['ListUsers', { MaxResults: 101 }, 'InvalidParameter.MaxResults'],
  ['ListUsers', { MaxResults: 'abc' }, 'InvalidParameter.MaxResults'],
  ['ListUsers', { NextToken: 'x' }, 'InvalidParameter.NextToken'],
  ['ListUsers', { NextToken: long(2000) }, 'InvalidParameter.NextToken'],
  ['ListUsers', { Tags: [{ Key: 'k' }] }, 'MissingParameter.Tags.1.Value'],
  // UpdateUser
  ['UpdateUser', { UserId: '$U', NewEmail: 'bad' }, 'InvalidParameter.NewEmail'],
  ['UpdateUser', { UserId: '$U', NewEmail: `${long(130)}@x.y` }, 'InvalidParameter.NewEmail'],
  ['UpdateUser', { UserId: '$U', NewFirstName: long(65) }, 'InvalidParameter.NewFirstName'],
  ['UpdateUser', { UserId: '$U', NewLastName: long(65) }, 'InvalidParameter.NewLastName'],
  ['UpdateUser', { UserId: '$U', NewDisplayName: long(257) }, 'InvalidParameter.NewDisplayName'],
  ['UpdateUser', { UserId: '$U', NewDescription: long(1025) }, 'InvalidParameter.NewDescription'],
  ['UpdateUser', { UserId: MISSING_USER, NewDisplayName: 'x' }, 'EntityNotExists.User', 404],
  // GetUserId
  ['GetUserId', { ExternalId: '{' }, 'InvalidParameter.ExternalId'],
  ['GetUserId', { ExternalId: '{"Id":""}' }, 'InvalidParameter.ExternalId'],
  ['GetUserId', { ExternalId: '{"Id":"x","Issuer":"AD"}' }, 'InvalidParameter.ExternalId'],
  // ResetUserPassword / password policy
  ['ResetUserPassword', { UserId: '$U', GenerateRandomPassword: 'maybe' }, 'InvalidParameter.GenerateRandomPassword'],
  ['ResetUserPassword', { UserId: '$U', GenerateRandomPassword: true, RequirePasswordResetForNextLogin: 'x' }, 'InvalidParameter.RequirePasswordResetForNextLogin'],
  ['ResetUserPassword', { UserId: '$U', Password: long(257) }, 'InvalidParameter.Password'],
  ['ResetUserPassword', { UserId: '$U', Password: 'Aa1!' }, 'InvalidParameter.Password'],
  ['ResetUserPassword', { UserId: '$U' }, 'MissingParameter.Password'],
  ['SetPasswordPolicy', { MinPasswordLength: 'eight' }, 'InvalidParameter.MinPasswordLength'],
  ['SetPasswordPolicy', { MaxLoginAttempts: -1 }, 'InvalidParameter.MaxLoginAttempts'],
  // Groups
  ['CreateGroup', {}, 'MissingParameter.GroupName'],
  ['CreateGroup', { GroupName: '' }, 'InvalidParameter.GroupName'],
  ['CreateGroup', { GroupName: 'two words' }, 'InvalidParameter.GroupName'],
  ['CreateGroup', { GroupName: 'grüppe' }, 'InvalidParameter.GroupName'],
  ['CreateGroup', { GroupName: long(129) }, 'InvalidParameter.GroupName'],
  ['CreateGroup', { GroupName: 'g', Description: long(1025) }, 'InvalidParameter.Description'],
  ['GetGroup', {}, 'MissingParameter.GroupId'],
  ['GetGroup', { GroupId: MISSING_GROUP }, 'EntityNotExists.Group', 404],
  ['ListGroups', { Filter: 'UserName eq x' }, 'InvalidParameter.Filter'],
  ['ListGroups', { Filter: 'GroupName ew x' }, 'InvalidParameter.Filter'],
  ['ListGroups', { ProvisionType: 'manual' }, 'InvalidParameter.ProvisionType'],
  ['ListGroups', { MaxResults: 1000 }, 'InvalidParameter.MaxResults'],
  ['UpdateGroup', { GroupId: '$G', NewGroupName: 'bad name' }, 'InvalidParameter.NewGroupName'],
  ['UpdateGroup', { GroupId: '$G', NewDescription: long(1025) }, 'InvalidParameter.NewDescription'],
  ['UpdateGroup', { GroupId: MISSING_GROUP, NewGroupName: 'x' }, 'EntityNotExists.Group', 404],
  ['DeleteGroup', { GroupId: MISSING_GROUP }, 'EntityNotExists.Group', 404],
  ['DeleteGroup', { GroupId: '$G' }, 'DeletionConflict.Group.User', 409],
  ['DeleteUser', { UserId: '$M' }, 'DeletionConflict.User.Group', 409],
  // Membership
  ['AddUserToGroup', { UserId: '$U' }, 'MissingParameter.GroupId'],
  ['AddUserToGroup', { GroupId: '$G' }, 'MissingParameter.UserId'],
  ['AddUserToGroup', { GroupId: '$G', UserId: MISSING_USER }, 'EntityNotExists.User', 404],
  ['RemoveUserFromGroup', { GroupId: '$G', UserId: '$U' }, 'EntityNotExists.GroupMember', 404],
  ['ListGroupMembers', { GroupId: '$G', MaxResults: 0 }, 'InvalidParameter.MaxResults'],
  ['ListGroupMembers', { GroupId: '$G', NextToken: 'forged.token' }, 'InvalidParameter.NextToken'],
  ['ListJoinedGroupsForUser', { UserId: '$U', NextToken: 'forged.token' }, 'InvalidParameter.NextToken'],
  ['ListJoinedGroupsForUser', {}, 'MissingParameter.UserId'],
  // Tags
  ['TagResources', { ResourceType: 'user', ResourceId: Array.from({ length: 51 }, () => '$U'), Tag: [{ Key: 'k', Value: 'v' }] }, 'InvalidParameter.ResourceId'],
  ['TagResources', { ResourceType: 'user', ResourceId: ['$U'], Tag: [{ Key: 'k', Value: 'http://x' }] }, 'InvalidParameter.Tag.1.Value'],
  ['UntagResources', { ResourceType: 'user', ResourceId: ['$U'], TagKey: [long(129)] }, 'InvalidParameter.TagKey.1'],
  ['UntagResources', { ResourceType: 'user', ResourceId: ['$U'], All: 'everything' }, 'InvalidParameter.All'],
  ['UntagResources', { ResourceType: 'user', ResourceId: [MISSING_USER], All: true }, 'EntityNotExists.User', 404],
  ['ListTagResources', {}, 'MissingParameter.ResourceType'],
  ['ListTagResources', { ResourceType: 'User' }, 'InvalidParameter.ResourceType'],
  ['ListTagResources', { ResourceType: 'user', NextToken: 'forged' }, 'InvalidParameter.NextToken'],
];

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    node = await startManagementServer(dialect);
    const api = client(node);
    const D = await newDirectory(api, 'invalid');
    const U = (await api.call('CreateUser', { DirectoryId: D, UserName: 'target' })).User.UserId;
    const M = (await api.call('CreateUser', { DirectoryId: D, UserName: 'member' })).User.UserId;
    const G = (await api.call('CreateGroup', { DirectoryId: D, GroupName: 'group' })).Group.GroupId;
    await api.call('AddUserToGroup', { DirectoryId: D, GroupId: G, UserId: M });
    Object.assign(ids, { $D: D, $U: U, $G: G, $M: M });
  });
  afterAll(() => node?.close());

  const resolve = (v: unknown): unknown =>
    typeof v === 'string' && v in ids ? ids[v] : Array.isArray(v) ? v.map(resolve) : v;

  describe.each(MANAGEMENT_MODES)('through %s', (mode) => {
    let api: ApiClient;
    beforeAll(() => {
      api = client(node, mode);
    });

    it.each(ROWS.map((r, i) => [`${i + 1}. ${r[0]} -> ${r[2]}`, r] as const))('%s', async (_name, [action, params, code, status]) => {
      const sent: Record<string, unknown> = { DirectoryId: ids['$D'] };
      for (const [k, v] of Object.entries(params)) {
        if (v === undefined) delete sent[k];
        else sent[k] = resolve(v);
      }
      const failure = await api.fail(action, sent);
      expect(failure.status).toBeLessThan(500);
      expectFailure(failure, code, status ?? 400);
    });

    it('ignores a __proto__ parameter instead of polluting the server', async () => {
      const created = await api.call('CreateUser', { DirectoryId: ids['$D'], UserName: `proto-${mode.replace(/\W/g, '')}`, '__proto__.polluted': 'yes' });
      expect(created.User.UserName).toMatch(/^proto-/);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      await api.call('DeleteUser', { DirectoryId: ids['$D'], UserId: created.User.UserId });
    });
  });
});
