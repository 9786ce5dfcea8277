import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { client, newDirectory, startManagementServer, storeOf } from '../support/management.js';
import { ARN, expectDenied, policyDocument, ramClient, ramUserWith } from '../support/ram.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess } from '../support/wire.js';

/**
 * Tags on access configurations (cloudsso-access.md §1.1, §2.1, §2.3; docs/decisions/0175):
 * `Tags.N` on CreateAccessConfiguration, returned by Create/Get/List (not by Update, whose model
 * has none), the `Tags.N` filter of ListAccessConfigurations (every tag given must match), and
 * TagResources / UntagResources / ListTagResources with ResourceType `accessconfiguration`, with
 * the limits and error codes of user tags. Through the ACS3 OpenAPI client and the V1 signature,
 * on both stores.
 */
const many = (n: number) => Array.from({ length: n }, (_, i) => ({ Key: `k${i}`, Value: `v${i}` }));

describe.each(DIALECTS)('access configuration tags on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startManagementServer(dialect);
  });
  afterAll(() => node?.close());

  describe.each(['openapi-client ACS3', 'openapi-client v2'] as const)('through %s', (mode) => {
    let api: ApiClient;
    beforeAll(() => {
      api = client(node, mode);
    });

    const ids = (list: Body[]) => list.map((c) => c.AccessConfigurationId);

    it('creates with tags, returns them, filters by them and tags, untags and lists them', async () => {
      const DirectoryId = await newDirectory(api, 'actags');
      const created = await api.call('CreateAccessConfiguration', {
        DirectoryId,
        AccessConfigurationName: 'Prod-Admin',
        Tags: [
          { Key: 'team', Value: 'red' },
          { Key: 'env', Value: 'prod' },
        ],
      });
      expectSuccess(created, ['AccessConfiguration']);
      const prod = created.AccessConfiguration.AccessConfigurationId as string;
      expect(created.AccessConfiguration.Tags).toEqual([
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'red' },
      ]);
      const dev = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Dev-Admin', Tags: [{ Key: 'env', Value: 'dev' }] }))
        .AccessConfiguration.AccessConfigurationId as string;
      const plain = await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Plain' });
      expect(plain.AccessConfiguration.Tags).toEqual([]);
      const bare = plain.AccessConfiguration.AccessConfigurationId as string;
      // An absent value is the empty string, as on CreateUser.
      const owner = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Owned', Tags: [{ Key: 'owner' }] }))
        .AccessConfiguration;
      expect(owner.Tags).toEqual([{ Key: 'owner', Value: '' }]);

      expect((await api.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId: prod })).AccessConfiguration.Tags).toEqual([
        { Key: 'env', Value: 'prod' },
        { Key: 'team', Value: 'red' },
      ]);
      const all = (await api.call('ListAccessConfigurations', { DirectoryId })).AccessConfigurations as Body[];
      expect(Object.fromEntries(all.map((c) => [c.AccessConfigurationName, c.Tags]))).toEqual({
        'Prod-Admin': [
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'red' },
        ],
        'Dev-Admin': [{ Key: 'env', Value: 'dev' }],
        Plain: [],
        Owned: [{ Key: 'owner', Value: '' }],
      });

      // The filter: every tag given, key and value equal; TotalCounts counts the matches.
      const filtered = async (Tags: Body[], extra: Body = {}) => {
        const r = await api.call('ListAccessConfigurations', { DirectoryId, Tags, ...extra });
        return { ids: ids(r.AccessConfigurations), total: r.TotalCounts };
      };
      expect(await filtered([{ Key: 'env', Value: 'prod' }])).toEqual({ ids: [prod], total: 1 });
      expect(
        await filtered([
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'red' },
        ]),
      ).toEqual({ ids: [prod], total: 1 });
      expect(
        await filtered([
          { Key: 'env', Value: 'prod' },
          { Key: 'team', Value: 'blue' },
        ]),
      ).toEqual({ ids: [], total: 0 });
      expect(await filtered([{ Key: 'env', Value: 'Prod' }])).toEqual({ ids: [], total: 0 });
      expect(await filtered([{ Key: 'owner', Value: '' }])).toEqual({ ids: [owner.AccessConfigurationId], total: 1 });
      expect(await filtered([{ Key: 'env', Value: 'dev' }], { Filter: 'AccessConfigurationName sw Dev' })).toEqual({ ids: [dev], total: 1 });
      expect(await filtered([{ Key: 'env', Value: 'dev' }], { Filter: 'AccessConfigurationName sw Prod' })).toEqual({ ids: [], total: 0 });

      // TagResources on access configurations: adds, and overwrites an existing key's value.
      expectSuccess(
        await api.call('TagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [dev, bare], Tag: [{ Key: 'team', Value: 'red' }] }),
        [],
      );
      await api.call('TagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [prod], Tag: [{ Key: 'env', Value: 'staging' }] });
      // Audited on the configuration, under the resource type its other writes use.
      expect((await storeOf(node).audit.list(DirectoryId, 1))[0]).toMatchObject({
        action: 'TagResources',
        resourceType: 'access-configuration',
        resourceId: prod,
      });
      expect((await filtered([{ Key: 'team', Value: 'red' }])).ids.sort()).toEqual([prod, dev, bare].sort());
      expect(await filtered([{ Key: 'env', Value: 'staging' }])).toEqual({ ids: [prod], total: 1 });

      // ListTagResources by type: access configuration rows only, in (ID, key) order; user tags apart.
      const user = (await api.call('CreateUser', { DirectoryId, UserName: 'tagged', Tags: [{ Key: 'team', Value: 'red' }] })).User.UserId;
      const rows = (await api.call('ListTagResources', { DirectoryId, ResourceType: 'accessconfiguration', Tag: [{ Key: 'team', Value: 'red' }] }))
        .TagResources as Body[];
      expect(rows).toEqual(
        [prod, dev, bare].sort().map((ResourceId) => ({ ResourceId, ResourceType: 'accessconfiguration', TagKey: 'team', TagValue: 'red' })),
      );
      expect((await api.call('ListTagResources', { DirectoryId, ResourceType: 'user' })).TagResources).toEqual([
        { ResourceId: user, ResourceType: 'user', TagKey: 'team', TagValue: 'red' },
      ]);
      expect(
        (await api.call('ListTagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [prod] })).TagResources.map(
          (t: Body) => `${t.TagKey}=${t.TagValue}`,
        ),
      ).toEqual(['env=staging', 'team=red']);

      // UntagResources: named keys, then All.
      await api.call('UntagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [prod], TagKey: ['env'] });
      expect((await api.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId: prod })).AccessConfiguration.Tags).toEqual([
        { Key: 'team', Value: 'red' },
      ]);
      await api.call('UntagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [dev], All: true });
      expect((await api.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId: dev })).AccessConfiguration.Tags).toEqual([]);
      // A user's tags are not an access configuration's: untagging one type leaves the other.
      expect((await api.call('GetUser', { DirectoryId, UserId: user })).User.Tags).toEqual([{ Key: 'team', Value: 'red' }]);

      // UpdateAccessConfiguration's model has no Tags; the tags stay.
      const updated = await api.call('UpdateAccessConfiguration', { DirectoryId, AccessConfigurationId: prod, NewDescription: 'changed' });
      expect(Object.keys(updated.AccessConfiguration)).not.toContain('Tags');
      expect((await api.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId: prod })).AccessConfiguration).toMatchObject({
        Description: 'changed',
        Tags: [{ Key: 'team', Value: 'red' }],
      });

      // Deleted, its tags go with it.
      await api.call('DeleteAccessConfiguration', { DirectoryId, AccessConfigurationId: bare });
      expect(
        (await api.call('ListTagResources', { DirectoryId, ResourceType: 'accessconfiguration' })).TagResources.map((t: Body) => t.ResourceId),
      ).not.toContain(bare);
    });

    it('refuses bad tags with the user tags’ codes, and writes nothing', async () => {
      const DirectoryId = await newDirectory(api, 'actagerr');
      const AccessConfigurationId = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Target' })).AccessConfiguration
        .AccessConfigurationId;
      const cases: [string, Body, string][] = [
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x1', Tags: many(21) }, 'InvalidParameter.Tags'],
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x2', Tags: [{ Key: 'acs:owner', Value: 'v' }] }, 'InvalidParameter.Tags.1.Key'],
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x3', Tags: [{ Key: 'ok', Value: 'v' }, { Key: 'Aliyun-x', Value: 'v' }] }, 'InvalidParameter.Tags.2.Key'],
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x4', Tags: [{ Key: 'k'.repeat(129), Value: 'v' }] }, 'InvalidParameter.Tags.1.Key'],
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x5', Tags: [{ Key: 'k', Value: 'v'.repeat(129) }] }, 'InvalidParameter.Tags.1.Value'],
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x6', Tags: [{ Key: 'k', Value: 'see https://example.com' }] }, 'InvalidParameter.Tags.1.Value'],
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x7', Tags: [{ Key: 'dup', Value: 'a' }, { Key: 'dup', Value: 'b' }] }, 'InvalidParameter.Tags.2.Key'],
        ['CreateAccessConfiguration', { AccessConfigurationName: 'x8', Tags: [{ Value: 'v' }] }, 'MissingParameter.Tags.1.Key'],
        ['ListAccessConfigurations', { Tags: [{ Key: 'k' }] }, 'MissingParameter.Tags.1.Value'],
        ['ListAccessConfigurations', { Tags: many(21) }, 'InvalidParameter.Tags'],
        ['TagResources', { ResourceType: 'accessconfiguration', ResourceId: [AccessConfigurationId], Tag: [{ Key: 'acs:x', Value: 'v' }] }, 'InvalidParameter.Tag.1.Key'],
        ['TagResources', { ResourceType: 'AccessConfiguration', ResourceId: [AccessConfigurationId], Tag: [{ Key: 'k', Value: 'v' }] }, 'InvalidParameter.ResourceType'],
        ['TagResources', { ResourceType: 'accessconfiguration', ResourceId: [AccessConfigurationId], Tag: many(21) }, 'InvalidParameter.Tag'],
        ['UntagResources', { ResourceType: 'accessconfiguration', ResourceId: [AccessConfigurationId] }, 'InvalidParameter.TagKey'],
      ];
      for (const [action, params, code] of cases) {
        const f = await api.fail(action, { DirectoryId, ...params });
        expectFailure(f, code, 400);
      }
      // Nothing of the refused creations was written.
      expect((await api.call('ListAccessConfigurations', { DirectoryId })).AccessConfigurations.map((c: Body) => c.AccessConfigurationName)).toEqual(['Target']);
      expect((await api.call('ListTagResources', { DirectoryId, ResourceType: 'accessconfiguration' })).TagResources).toEqual([]);

      // An unknown configuration among the resources: EntityNotExists.AccessConfiguration, nothing tagged.
      const missing = 'ac-00000000000000000000';
      for (const action of ['TagResources', 'UntagResources'] as const) {
        expectFailure(
          await api.fail(action, {
            DirectoryId,
            ResourceType: 'accessconfiguration',
            ResourceId: [AccessConfigurationId, missing],
            ...(action === 'TagResources' ? { Tag: [{ Key: 'k', Value: 'v' }] } : { All: true }),
          }),
          'EntityNotExists.AccessConfiguration',
          404,
        );
      }
      // A user ID is not an access configuration.
      const UserId = (await api.call('CreateUser', { DirectoryId, UserName: 'someone' })).User.UserId;
      expectFailure(
        await api.fail('TagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [UserId], Tag: [{ Key: 'k', Value: 'v' }] }),
        'EntityNotExists.AccessConfiguration',
        404,
      );
      expect((await api.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId })).AccessConfiguration.Tags).toEqual([]);

      // At most 20 per configuration, counting the ones it has.
      await api.call('TagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [AccessConfigurationId], Tag: many(20) });
      await api.call('TagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [AccessConfigurationId], Tag: [{ Key: 'k0', Value: 'changed' }] });
      const over = await api.fail('TagResources', {
        DirectoryId,
        ResourceType: 'accessconfiguration',
        ResourceId: [AccessConfigurationId],
        Tag: [{ Key: 'one-more', Value: 'v' }],
      });
      expectFailure(over, 'InvalidParameter.Tag', 400);
      expect(over.body.Message).toContain(`The access configuration ${AccessConfigurationId} would have 21 tags`);
      const tags = (await api.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId })).AccessConfiguration.Tags;
      expect(tags.length).toBe(20);
      expect(tags.find((t: Body) => t.Key === 'k0')).toEqual({ Key: 'k0', Value: 'changed' });
    });
  });

  it('RAM checks tagging an access configuration against its own ARN, not a user\'s', async () => {
    const root = client(node);
    const DirectoryId = await newDirectory(root, 'actagram');
    const [kept, open] = await Promise.all(
      ['Kept', 'Open'].map(async (AccessConfigurationName) => (await root.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName })).AccessConfiguration.AccessConfigurationId as string),
    );
    const key = await ramUserWith(ramClient(node.endpoint, node.rootKey), `tagger-${dialect}`, {
      [`no-kept-no-users-${dialect}`]: policyDocument(
        { Effect: 'Allow', Action: 'cloudsso:*', Resource: '*' },
        { Effect: 'Deny', Action: 'cloudsso:*', Resource: [ARN(`directory/${DirectoryId}/access-configuration/${kept}`), ARN(`directory/${DirectoryId}/user/*`)] },
      ),
    });
    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key });
    // The user deny does not reach access configurations; the configuration's own ARN does.
    await api.call('TagResources', { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [open], Tag: [{ Key: 'k', Value: 'v' }] });
    for (const [action, extra] of [
      ['TagResources', { Tag: [{ Key: 'k', Value: 'v' }] }],
      ['UntagResources', { All: true }],
      ['ListTagResources', {}],
    ] as const) {
      expectDenied(await api.fail(action, { DirectoryId, ResourceType: 'accessconfiguration', ResourceId: [kept], ...extra }), {
        action: `cloudsso:${action}`,
        resources: [ARN(`directory/${DirectoryId}/access-configuration/${kept}`)],
        userName: `tagger-${dialect}`,
        type: 'ExplicitDeny',
        denyingPolicy: { PolicyName: `no-kept-no-users-${dialect}`, StatementIndex: 1 },
      });
    }
    expect((await api.call('ListTagResources', { DirectoryId, ResourceType: 'accessconfiguration' })).TagResources).toEqual([
      { ResourceId: open, ResourceType: 'accessconfiguration', TagKey: 'k', TagValue: 'v' },
    ]);
    expect((await root.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId: kept })).AccessConfiguration.Tags).toEqual([]);
  });
});
