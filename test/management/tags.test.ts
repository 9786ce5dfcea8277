import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess, keysOf } from '../support/wire.js';
import { client, MANAGEMENT_MODES, newDirectory, startManagementServer } from '../support/management.js';

/**
 * Issue 4, tags on users: `Tags.N` on CreateUser (returned by GetUser/ListUsers), and
 * TagResources / UntagResources / ListTagResources with ResourceType `user`, with the limits of
 * docs/decisions/0020-management-users-groups.md (20 per user, key <= 128 not acs:/aliyun, value <= 128).
 */
const TAG_RESOURCE_KEYS = ['ResourceId', 'ResourceType', 'TagKey', 'TagValue'];

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

    it('tags, lists and untags users', async () => {
      const DirectoryId = await newDirectory(api, 'tags');
      const u1 = (await api.call('CreateUser', { DirectoryId, UserName: 'u1', Tags: [{ Key: 'team', Value: 'red' }] })).User.UserId;
      const u2 = (await api.call('CreateUser', { DirectoryId, UserName: 'u2' })).User.UserId;
      const [first, second] = [u1, u2].sort();

      const tagged = await api.call('TagResources', {
        DirectoryId,
        ResourceType: 'user',
        ResourceId: [u1, u2],
        Tag: [
          { Key: 'env', Value: 'prod' },
          { Key: 'owner', Value: '' },
        ],
      });
      expectSuccess(tagged, []);
      // Overwriting an existing key changes its value.
      await api.call('TagResources', { DirectoryId, ResourceType: 'user', ResourceId: [u1], Tag: [{ Key: 'team', Value: 'blue' }] });

      expect((await api.call('GetUser', { DirectoryId, UserId: u1 })).User.Tags).toEqual([
        { Key: 'env', Value: 'prod' },
        { Key: 'owner', Value: '' },
        { Key: 'team', Value: 'blue' },
      ]);
      const users = (await api.call('ListUsers', { DirectoryId, Tags: [{ Key: 'team', Value: 'blue' }] })).Users;
      expect(users.map((u: { UserId: string }) => u.UserId)).toEqual([u1]);

      // ListTagResources: rows in (user, key) order, exact shape, no NextToken on the last page.
      const all = await api.call('ListTagResources', { DirectoryId, ResourceType: 'user' });
      expectSuccess(all, ['TagResources']);
      for (const t of all.TagResources) {
        expect(keysOf(t)).toEqual(TAG_RESOURCE_KEYS);
        for (const k of TAG_RESOURCE_KEYS) expect(typeof t[k]).toBe('string');
      }
      const rows = all.TagResources.map((t: Record<string, string>) => `${t.ResourceId}:${t.TagKey}=${t.TagValue}`);
      const expected = [
        ...(first === u1 ? [] : [`${u2}:env=prod`, `${u2}:owner=`]),
        `${u1}:env=prod`,
        `${u1}:owner=`,
        `${u1}:team=blue`,
        ...(first === u1 ? [`${u2}:env=prod`, `${u2}:owner=`] : []),
      ];
      expect(rows).toEqual(expected);
      expect(all.TagResources.every((t: { ResourceType: string }) => t.ResourceType === 'user')).toBe(true);

      // Paged two rows at a time, NextToken while more follow.
      const seen: string[] = [];
      let NextToken: string | undefined;
      do {
        const page = await api.call('ListTagResources', { DirectoryId, ResourceType: 'user', MaxResults: 2, ...(NextToken ? { NextToken } : {}) });
        expect(keysOf(page)).toEqual(['RequestId', 'TagResources', ...(page.NextToken ? ['NextToken'] : [])].sort());
        seen.push(...page.TagResources.map((t: Record<string, string>) => `${t.ResourceId}:${t.TagKey}=${t.TagValue}`));
        NextToken = page.NextToken;
      } while (NextToken);
      expect(seen).toEqual(expected);

      // Filtered by resource and by tag.
      const ofU2 = await api.call('ListTagResources', { DirectoryId, ResourceType: 'user', ResourceId: [u2] });
      expect(ofU2.TagResources.map((t: { TagKey: string }) => t.TagKey)).toEqual(['env', 'owner']);
      const prod = await api.call('ListTagResources', { DirectoryId, ResourceType: 'user', Tag: [{ Key: 'env', Value: 'prod' }] });
      expect(prod.TagResources.map((t: { ResourceId: string }) => t.ResourceId)).toEqual([first, second]);

      // A token from another query is refused.
      const paged = await api.call('ListTagResources', { DirectoryId, ResourceType: 'user', MaxResults: 1 });
      expectFailure(
        await api.fail('ListTagResources', { DirectoryId, ResourceType: 'user', ResourceId: [u1], NextToken: paged.NextToken }),
        'InvalidParameter.NextToken',
        400,
      );

      // UntagResources: some keys, then all.
      expectSuccess(await api.call('UntagResources', { DirectoryId, ResourceType: 'user', ResourceId: [u1], TagKey: ['env', 'missing'] }), []);
      expect((await api.call('GetUser', { DirectoryId, UserId: u1 })).User.Tags.map((t: { Key: string }) => t.Key)).toEqual(['owner', 'team']);
      expectSuccess(await api.call('UntagResources', { DirectoryId, ResourceType: 'user', ResourceId: [u1, u2], All: true }), []);
      expect((await api.call('ListTagResources', { DirectoryId, ResourceType: 'user' })).TagResources).toEqual([]);
      expectFailure(await api.fail('UntagResources', { DirectoryId, ResourceType: 'user', ResourceId: [u1] }), 'InvalidParameter.TagKey', 400);
    });

    it('enforces the tag limits with the documented codes', async () => {
      const DirectoryId = await newDirectory(api, 'taglimits');
      const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'limits' })).User.UserId;
      const many = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ Key: `${prefix}${i}`, Value: 'v' }));

      const cases: Array<[string, Record<string, unknown>, string]> = [
        ['CreateUser', { UserName: 'x1', Tags: many(21) }, 'InvalidParameter.Tags'],
        ['CreateUser', { UserName: 'x2', Tags: [{ Key: 'acs:owner', Value: 'v' }] }, 'InvalidParameter.Tags.1.Key'],
        ['CreateUser', { UserName: 'x3', Tags: [{ Key: 'ok', Value: 'v' }, { Key: 'Aliyun-x', Value: 'v' }] }, 'InvalidParameter.Tags.2.Key'],
        ['CreateUser', { UserName: 'x4', Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }, 'InvalidParameter.Tags.1.Key'],
        ['CreateUser', { UserName: 'x5', Tags: [{ Key: 'k', Value: 'v'.repeat(129) }] }, 'InvalidParameter.Tags.1.Value'],
        ['CreateUser', { UserName: 'x6', Tags: [{ Key: 'k', Value: 'see https://example.com' }] }, 'InvalidParameter.Tags.1.Value'],
        ['CreateUser', { UserName: 'x7', Tags: [{ Key: 'dup', Value: 'a' }, { Key: 'dup', Value: 'b' }] }, 'InvalidParameter.Tags.2.Key'],
        ['TagResources', { ResourceType: 'user', ResourceId: [UserId], Tag: [{ Key: 'acs:x', Value: 'v' }] }, 'InvalidParameter.Tag.1.Key'],
        ['TagResources', { ResourceType: 'group', ResourceId: [UserId], Tag: [{ Key: 'k', Value: 'v' }] }, 'InvalidParameter.ResourceType'],
        ['TagResources', { ResourceType: 'user', ResourceId: [UserId] }, 'MissingParameter.Tag'],
        ['TagResources', { ResourceType: 'user', Tag: [{ Key: 'k', Value: 'v' }] }, 'MissingParameter.ResourceId'],
        ['TagResources', { ResourceId: [UserId], Tag: [{ Key: 'k', Value: 'v' }] }, 'MissingParameter.ResourceType'],
        ['TagResources', { ResourceType: 'user', ResourceId: [UserId], Tag: many(21) }, 'InvalidParameter.Tag'],
        ['ListTagResources', { ResourceType: 'user', Tag: [{ Key: 'k' }] }, 'MissingParameter.Tag.1.Value'],
        ['ListTagResources', { ResourceType: 'user', MaxResults: 101 }, 'InvalidParameter.MaxResults'],
      ];
      for (const [action, params, code] of cases) {
        expectFailure(await api.fail(action, { DirectoryId, ...params }), code, 400);
      }
      expectFailure(
        await api.fail('TagResources', { DirectoryId, ResourceType: 'user', ResourceId: [UserId, 'u-00000000000000000000'], Tag: [{ Key: 'k', Value: 'v' }] }),
        'EntityNotExists.User',
        404,
      );
      // Nothing was written by the failed calls.
      expect((await api.call('GetUser', { DirectoryId, UserId })).User.Tags).toEqual([]);

      // 20 tags is the most a user holds; overwriting one of them is still fine.
      await api.call('TagResources', { DirectoryId, ResourceType: 'user', ResourceId: [UserId], Tag: many(20) });
      await api.call('TagResources', { DirectoryId, ResourceType: 'user', ResourceId: [UserId], Tag: [{ Key: 'k0', Value: 'changed' }] });
      expectFailure(
        await api.fail('TagResources', { DirectoryId, ResourceType: 'user', ResourceId: [UserId], Tag: [{ Key: 'one-more', Value: 'v' }] }),
        'InvalidParameter.Tag',
        400,
      );
      const tags = (await api.call('GetUser', { DirectoryId, UserId })).User.Tags;
      expect(tags).toHaveLength(20);
      expect(tags).toContainEqual({ Key: 'k0', Value: 'changed' });
    });
  });
});
