import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { client, newDirectory, startManagementServer } from '../support/management.js';
import { DIALECTS, type TestServer } from '../support/server.js';
import { expectFailure, expectSuccess, TIME } from '../support/wire.js';

/**
 * Access configurations and their permission policies (cloudsso-access.md §2) through the ACS3
 * OpenAPI client and the V1 signature, on both stores: shapes, name rules, SessionDuration,
 * the 20 System + 1 Inline limits, filters and paging, and every error code of the area.
 */
const AC_KEYS = [
  'AccessConfigurationId',
  'AccessConfigurationName',
  'CreateTime',
  'Description',
  'RelayState',
  'SessionDuration',
  'StatusNotifications',
  'Tags',
  'UpdateTime',
];
const DOC = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }] });
const SYSTEM = [
  'AdministratorAccess',
  'ReadOnlyAccess',
  'AliyunRAMFullAccess',
  'AliyunRAMReadOnlyAccess',
  'AliyunCloudSSOFullAccess',
  'AliyunCloudSSOReadOnlyAccess',
  'AliyunSTSAssumeRoleAccess',
];

describe.each(DIALECTS)('access configurations on %s', (dialect) => {
  let node: TestServer;
  beforeAll(async () => {
    node = await startManagementServer(dialect, { CLOUDSSO_ACCESS_CONFIGURATION_QUOTA: '3' });
  });
  afterAll(() => node?.close());

  describe.each(['openapi-client ACS3', 'openapi-client v2'] as const)('through %s', (mode) => {
    let api: ApiClient;
    beforeAll(() => {
      api = client(node, mode);
    });

    it('creates, reads, lists, updates and deletes access configurations', async () => {
      const DirectoryId = await newDirectory(api, 'ac');
      const created = await api.call('CreateAccessConfiguration', {
        DirectoryId,
        AccessConfigurationName: 'ECS-Admin',
        Description: 'ECS administrators',
        RelayState: 'https://ecs.console.aliyun.com',
        SessionDuration: 7200,
      });
      expectSuccess(created, ['AccessConfiguration']);
      const ac = created.AccessConfiguration;
      expect(Object.keys(ac).sort()).toEqual(AC_KEYS);
      expect(ac).toMatchObject({
        AccessConfigurationId: expect.stringMatching(/^ac-[0-9a-z]{20}$/),
        AccessConfigurationName: 'ECS-Admin',
        Description: 'ECS administrators',
        RelayState: 'https://ecs.console.aliyun.com',
        SessionDuration: 7200,
        StatusNotifications: [],
        Tags: [],
        CreateTime: expect.stringMatching(TIME),
      });
      const plain = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'vpc-reader' })).AccessConfiguration;
      expect(plain).toMatchObject({ SessionDuration: 3600, Description: '', RelayState: '' });

      expect((await api.call('GetAccessConfiguration', { DirectoryId, AccessConfigurationId: ac.AccessConfigurationId })).AccessConfiguration).toEqual(ac);
      const listed = await api.call('ListAccessConfigurations', { DirectoryId });
      expect(listed).toMatchObject({ IsTruncated: false, MaxResults: 10, TotalCounts: 2 });
      expect(listed.AccessConfigurations).toEqual([ac, plain]);
      const names = async (params: Record<string, unknown>) =>
        (await api.call('ListAccessConfigurations', { DirectoryId, ...params })).AccessConfigurations.map((c: any) => c.AccessConfigurationName);
      expect(await names({ Filter: 'AccessConfigurationName eq ecs-admin' })).toEqual(['ECS-Admin']);
      expect(await names({ Filter: 'accessconfigurationname sw VPC' })).toEqual(['vpc-reader']);
      expect(await names({ StatusNotifications: 'ReprovisionRequired' })).toEqual([]);
      const page1 = await api.call('ListAccessConfigurations', { DirectoryId, MaxResults: 1 });
      expect(page1).toMatchObject({ IsTruncated: true, MaxResults: 1, TotalCounts: 2, NextToken: expect.any(String) });
      const page2 = await api.call('ListAccessConfigurations', { DirectoryId, MaxResults: 1, NextToken: page1.NextToken });
      expect([...page1.AccessConfigurations, ...page2.AccessConfigurations]).toEqual([ac, plain]);
      expect(page2.IsTruncated).toBe(false);

      const updated = await api.call('UpdateAccessConfiguration', {
        DirectoryId,
        AccessConfigurationId: ac.AccessConfigurationId,
        NewDescription: '',
        NewSessionDuration: 900,
        NewRelayState: 'https://ram.console.aliyun.com',
      });
      expect(Object.keys(updated.AccessConfiguration).sort()).toEqual(AC_KEYS.filter((k) => k !== 'Tags'));
      expect(updated.AccessConfiguration).toMatchObject({ Description: '', SessionDuration: 900, RelayState: 'https://ram.console.aliyun.com' });

      await api.call('DeleteAccessConfiguration', { DirectoryId, AccessConfigurationId: plain.AccessConfigurationId });
      expectFailure(
        await api.fail('GetAccessConfiguration', { DirectoryId, AccessConfigurationId: plain.AccessConfigurationId }),
        'EntityNotExists.AccessConfiguration',
        404,
      );
      expectFailure(
        await api.fail('DeleteAccessConfiguration', { DirectoryId, AccessConfigurationId: plain.AccessConfigurationId }),
        'EntityNotExists.AccessConfiguration',
        404,
      );
    });

    it('refuses bad names, durations, relay states, duplicates and more than the quota', async () => {
      const DirectoryId = await newDirectory(api, 'ac-rules');
      const create = (p: Record<string, unknown>) => api.fail('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'ok', ...p });
      expectFailure(await create({ AccessConfigurationName: 'has_underscore' }), 'InvalidParameter.AccessConfigurationName', 400);
      expectFailure(await create({ AccessConfigurationName: 'x'.repeat(33) }), 'InvalidParameter.AccessConfigurationName', 400);
      expectFailure(await api.fail('CreateAccessConfiguration', { DirectoryId }), 'MissingParameter.AccessConfigurationName', 400);
      expectFailure(await create({ SessionDuration: 899 }), 'InvalidParameter.SessionDuration', 400);
      expectFailure(await create({ SessionDuration: 43201 }), 'InvalidParameter.SessionDuration', 400);
      expectFailure(await create({ SessionDuration: '1.5' }), 'InvalidParameter.SessionDuration', 400);
      expectFailure(await create({ RelayState: 'javascript:alert(1)' }), 'InvalidParameter.RelayState', 400);
      expectFailure(await create({ Description: 'd'.repeat(1025) }), 'InvalidParameter.Description', 400);
      expectFailure(await api.fail('CreateAccessConfiguration', { DirectoryId: 'd-000000000000', AccessConfigurationName: 'x' }), 'EntityNotExists.Directory', 404);

      expect((await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'A-1', SessionDuration: 43200 })).AccessConfiguration.SessionDuration).toBe(43200);
      expectFailure(await create({ AccessConfigurationName: 'a-1' }), 'EntityAlreadyExists.AccessConfiguration', 409);
      const b = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'B' })).AccessConfiguration;
      await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'C' });
      expectFailure(await create({ AccessConfigurationName: 'D' }), 'QuotaExceeded.AccessConfiguration', 409);
      expect((await api.call('GetDirectoryStatistics', { DirectoryId })).DirectoryStatistics).toMatchObject({
        AccessConfigurationCount: 3,
        AccessConfigurationQuota: 3,
        SystemPolicyPerAccessConfigurationQuota: 20,
        InlinePolicyPerAccessConfigurationQuota: 1,
      });

      const update = (p: Record<string, unknown>) => api.fail('UpdateAccessConfiguration', { DirectoryId, AccessConfigurationId: b.AccessConfigurationId, ...p });
      expectFailure(await update({ NewSessionDuration: 100 }), 'InvalidParameter.NewSessionDuration', 400);
      expectFailure(await update({ NewRelayState: 'http://insecure.example.com' }), 'InvalidParameter.NewRelayState', 400);
      expectFailure(await api.fail('ListAccessConfigurations', { DirectoryId, Filter: 'Description eq x' }), 'InvalidParameter.Filter', 400);
      expectFailure(await api.fail('ListAccessConfigurations', { DirectoryId, MaxResults: 101 }), 'InvalidParameter.MaxResults', 400);
      expectFailure(await api.fail('ListAccessConfigurations', { DirectoryId, StatusNotifications: 'Other' }), 'InvalidParameter.StatusNotifications', 400);
    });

    it('holds up to 20 System policies and one Inline policy, validated, listed and removed', async () => {
      const DirectoryId = await newDirectory(api, 'ac-policies');
      const { AccessConfigurationId } = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Ops' })).AccessConfiguration;
      const ids = { DirectoryId, AccessConfigurationId };
      await api.call('AddPermissionPolicyToAccessConfiguration', { ...ids, PermissionPolicyType: 'System', PermissionPolicyName: 'ReadOnlyAccess' });
      await api.call('AddPermissionPolicyToAccessConfiguration', { ...ids, PermissionPolicyType: 'Inline', PermissionPolicyName: 'ecs-describe', InlinePolicyDocument: DOC });
      const listed = await api.call('ListPermissionPoliciesInAccessConfiguration', ids);
      expectSuccess(listed, ['PermissionPolicies', 'TotalCounts']);
      expect(listed.TotalCounts).toBe(2);
      expect(listed.PermissionPolicies).toEqual([
        { PermissionPolicyName: 'ReadOnlyAccess', PermissionPolicyType: 'System', AddTime: expect.stringMatching(TIME) },
        { PermissionPolicyName: 'ecs-describe', PermissionPolicyType: 'Inline', PermissionPolicyDocument: DOC, AddTime: expect.stringMatching(TIME) },
      ]);
      expect((await api.call('ListPermissionPoliciesInAccessConfiguration', { ...ids, PermissionPolicyType: 'Inline' })).TotalCounts).toBe(1);

      const add = (p: Record<string, unknown>) => api.fail('AddPermissionPolicyToAccessConfiguration', { ...ids, ...p });
      expectFailure(await add({ PermissionPolicyType: 'System', PermissionPolicyName: 'ReadOnlyAccess' }), 'EntityAlreadyExists.PermissionPolicy', 409);
      expectFailure(await add({ PermissionPolicyType: 'System', PermissionPolicyName: 'NoSuchPolicy' }), 'EntityNotExists.SystemPolicy', 404);
      expectFailure(await add({ PermissionPolicyType: 'Inline', PermissionPolicyName: 'second', InlinePolicyDocument: DOC }), 'QuotaExceeded.AccessConfiguration.InlinePolicy', 409);
      expectFailure(await add({ PermissionPolicyType: 'Inline', PermissionPolicyName: 'x' }), 'MissingParameter.InlinePolicyDocument', 400);
      expectFailure(await add({ PermissionPolicyType: 'Custom', PermissionPolicyName: 'x' }), 'InvalidParameter.PermissionPolicyType', 400);
      expectFailure(await add({ PermissionPolicyType: 'Inline', PermissionPolicyName: 'bad_name', InlinePolicyDocument: DOC }), 'InvalidParameter.PermissionPolicyName', 400);

      const update = (p: Record<string, unknown>) => api.fail('UpdateInlinePolicyForAccessConfiguration', { ...ids, InlinePolicyName: 'ecs-describe', ...p });
      expectFailure(await update({ NewInlinePolicyDocument: '{"Version":"1","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}' }), 'InvalidParameter.NewInlinePolicyDocument', 400);
      expectFailure(await update({ NewInlinePolicyDocument: 'not json' }), 'InvalidParameter.NewInlinePolicyDocument', 400);
      const long = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: `acs:ecs:*:*:instance/${'i'.repeat(6200)}` }] });
      expectFailure(await update({ NewInlinePolicyDocument: long }), 'InvalidParameter.NewInlinePolicyDocument', 400);
      expectFailure(await update({ InlinePolicyName: 'other', NewInlinePolicyDocument: DOC }), 'EntityNotExists.PermissionPolicy', 404);
      const doc2 = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] });
      await api.call('UpdateInlinePolicyForAccessConfiguration', { ...ids, InlinePolicyName: 'ecs-describe', NewInlinePolicyDocument: doc2 });
      expect((await api.call('ListPermissionPoliciesInAccessConfiguration', { ...ids, PermissionPolicyType: 'Inline' })).PermissionPolicies[0].PermissionPolicyDocument).toBe(doc2);

      // 20 System policies at most (the catalogue has more than 20 names).
      const catalogue = SYSTEM.concat(
        ['ECS', 'OSS', 'VPC', 'RDS', 'SLB', 'Log', 'CloudMonitor', 'KMS', 'ActionTrail', 'ResourceManager', 'ACK', 'CDN', 'DNS', 'Cms', 'FC'].flatMap((p) => [
          `Aliyun${p}FullAccess`,
          `Aliyun${p}ReadOnlyAccess`,
        ]),
      );
      const { systemPolicy } = await import('../../src/core/ram/system-policies.js');
      const known = catalogue.filter((n) => systemPolicy(n) && n !== 'ReadOnlyAccess');
      expect(known.length).toBeGreaterThanOrEqual(19);
      for (const name of known.slice(0, 19)) {
        await api.call('AddPermissionPolicyToAccessConfiguration', { ...ids, PermissionPolicyType: 'System', PermissionPolicyName: name });
      }
      expectFailure(await add({ PermissionPolicyType: 'System', PermissionPolicyName: known[19] ?? 'AdministratorAccess' }), known[19] ? 'QuotaExceeded.AccessConfiguration.SystemPolicy' : 'EntityAlreadyExists.PermissionPolicy', 409);
      expect((await api.call('ListPermissionPoliciesInAccessConfiguration', { ...ids, PermissionPolicyType: 'System' })).TotalCounts).toBe(20);

      const remove = (type: string, name: string) => api.call('RemovePermissionPolicyFromAccessConfiguration', { ...ids, PermissionPolicyType: type, PermissionPolicyName: name });
      await remove('Inline', 'ecs-describe');
      expectFailure(
        await api.fail('RemovePermissionPolicyFromAccessConfiguration', { ...ids, PermissionPolicyType: 'Inline', PermissionPolicyName: 'ecs-describe' }),
        'EntityNotExists.PermissionPolicy',
        404,
      );
      expectFailure(await api.fail('DeleteAccessConfiguration', ids), 'DeletionConflict.AccessConfiguration.PermissionPolicy', 409);
      await api.call('DeleteAccessConfiguration', { ...ids, ForceRemovePermissionPolicies: true });
      expectFailure(await api.fail('ListPermissionPoliciesInAccessConfiguration', ids), 'EntityNotExists.AccessConfiguration', 404);
    });
  });
});
