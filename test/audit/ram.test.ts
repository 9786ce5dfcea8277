import { describe, expect, it } from 'vitest';
import { RAM } from '../../src/products/ram/index.js';
import { checkEveryStep, coreOn, invoke, ROOT_ACTOR, writeActions, type WriteStep } from '../support/audit.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/**
 * RAM: every write action leaves exactly one audit row (no directory: RAM entities belong to the
 * account; actions named `ram:<Action>`), in the write's own transaction.
 */
describe.each(DIALECTS)('RAM audit trail on %s', (dialect) => {
  const database = useStoreDatabase(dialect);

  it('every write action leaves exactly one audit row, in its own transaction', async () => {
    const ctx = coreOn(database());
    const ids = { user: '', group: '', key: '', role: '' };
    const POLICY = 'audit-policy';
    const call = (name: string, flat: (ids: { user: string; group: string; key: string; role: string }) => Record<string, string>, grab?: (r: any) => void) => ({
      name,
      run: async (c: Parameters<WriteStep['run']>[0], requestId: string) => {
        const r = await invoke(RAM, name, c, flat(ids), requestId);
        grab?.(r);
      },
    });
    const row = (action: string, resourceType: string, resourceId: () => string) => () => ({
      actorType: ROOT_ACTOR.type,
      actorId: ROOT_ACTOR.id,
      directoryId: null,
      action: `ram:${action}`,
      resourceType,
      resourceId: resourceId(),
    });
    const onUser = (action: string) => row(action, 'ram-user', () => ids.user);
    const onGroup = (action: string) => row(action, 'ram-group', () => ids.group);
    const onPolicy = (action: string) => row(action, 'policy', () => POLICY);
    const onKey = (action: string) => row(action, 'access-key', () => ids.key);
    const onRole = (action: string) => row(action, 'ram-role', () => ids.role);
    const onProvider = (action: string) => row(action, 'saml-provider', () => PROVIDER);
    const user = { UserName: 'audit-user' };
    const group = { GroupName: 'audit-group' };
    const policy = { PolicyType: 'Custom', PolicyName: POLICY };
    const role = { RoleName: 'audit-role' };
    const PROVIDER = 'audit-idp';
    const trust = JSON.stringify({
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${ctx.settings.accountId}:root`] } }],
    });
    const metadata = Buffer.from('<?xml version="1.0"?><EntityDescriptor entityID="https://idp.example.com"/>').toString('base64');
    const document = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:Get*', Resource: '*' }] });

    const steps: WriteStep[] = [
      { ...call('CreateUser', () => user, (r) => (ids.user = r.User.UserId)), expected: onUser('CreateUser') },
      { ...call('CreateGroup', () => group, (r) => (ids.group = r.Group.GroupId)), expected: onGroup('CreateGroup') },
      { ...call('UpdateUser', () => ({ ...user, NewDisplayName: 'Audited' })), expected: onUser('UpdateUser') },
      { ...call('UpdateGroup', () => ({ ...group, NewComments: 'audited' })), expected: onGroup('UpdateGroup') },
      { ...call('AddUserToGroup', () => ({ ...group, ...user })), expected: onGroup('AddUserToGroup') },
      { ...call('RemoveUserFromGroup', () => ({ ...group, ...user })), expected: onGroup('RemoveUserFromGroup') },
      { ...call('CreatePolicy', () => ({ PolicyName: POLICY, PolicyDocument: document })), expected: onPolicy('CreatePolicy') },
      { ...call('AttachPolicyToUser', () => ({ ...policy, ...user })), expected: onPolicy('AttachPolicyToUser') },
      { ...call('DetachPolicyFromUser', () => ({ ...policy, ...user })), expected: onPolicy('DetachPolicyFromUser') },
      { ...call('AttachPolicyToGroup', () => ({ ...policy, ...group })), expected: onPolicy('AttachPolicyToGroup') },
      { ...call('DetachPolicyFromGroup', () => ({ ...policy, ...group })), expected: onPolicy('DetachPolicyFromGroup') },
      { ...call('CreateRole', () => ({ ...role, AssumeRolePolicyDocument: trust }), (r) => (ids.role = r.Role.RoleId)), expected: onRole('CreateRole') },
      { ...call('UpdateRole', () => ({ ...role, NewDescription: 'audited' })), expected: onRole('UpdateRole') },
      { ...call('AttachPolicyToRole', () => ({ ...policy, ...role })), expected: onPolicy('AttachPolicyToRole') },
      { ...call('DetachPolicyFromRole', () => ({ ...policy, ...role })), expected: onPolicy('DetachPolicyFromRole') },
      { ...call('DeleteRole', () => role), expected: onRole('DeleteRole') },
      { ...call('CreateSAMLProvider', () => ({ SAMLProviderName: PROVIDER, EncodedSAMLMetadataDocument: metadata })), expected: onProvider('CreateSAMLProvider') },
      { ...call('DeleteSAMLProvider', () => ({ SAMLProviderName: PROVIDER })), expected: onProvider('DeleteSAMLProvider') },
      { ...call('CreateAccessKey', () => user, (r) => (ids.key = r.AccessKey.AccessKeyId)), expected: onKey('CreateAccessKey') },
      { ...call('UpdateAccessKey', (i) => ({ ...user, UserAccessKeyId: i.key, Status: 'Inactive' })), expected: onKey('DisableAccessKey') },
      { ...call('DeleteAccessKey', (i) => ({ ...user, UserAccessKeyId: i.key })), expected: onKey('DeleteAccessKey') },
      { ...call('DeletePolicy', () => ({ PolicyName: POLICY })), expected: onPolicy('DeletePolicy') },
      { ...call('DeleteGroup', () => group), expected: onGroup('DeleteGroup') },
      { ...call('DeleteUser', () => user), expected: onUser('DeleteUser') },
    ];
    // A write action added to the product without a step here fails this test.
    expect(steps.map((s) => s.name).sort()).toEqual(writeActions(RAM));
    await checkEveryStep(database(), ctx, steps);
  });
});
