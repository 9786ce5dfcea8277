import { describe, expect, it } from 'vitest';
import { CLOUDSSO } from '../../src/products/cloudsso/index.js';
import { checkEveryStep, coreOn, invoke, ROOT_ACTOR, writeActions, type WriteStep } from '../support/audit.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/**
 * CloudSSO: every write action of the management API leaves exactly one audit row, naming the
 * key that signed it, the request, the directory and the resource, in the write's own transaction
 * (a failure right after the row is inserted leaves neither row nor change).
 */
describe.each(DIALECTS)('CloudSSO audit trail on %s', (dialect) => {
  const database = useStoreDatabase(dialect);

  it('every write action leaves exactly one audit row, in its own transaction', async () => {
    const ctx = coreOn(database());
    type Ids = { dir: string; cred: string; user: string; group: string };
    const ids: Ids = { dir: '', cred: '', user: '', group: '' };
    const call = (name: string, flat: (ids: Ids) => Record<string, string>, grab?: (r: any) => void) => ({
      name,
      run: async (c: Parameters<WriteStep['run']>[0], requestId: string) => {
        const r = await invoke(CLOUDSSO, name, c, flat(ids), requestId);
        grab?.(r);
      },
    });
    const by = { actorType: ROOT_ACTOR.type, actorId: ROOT_ACTOR.id };
    const onDir = (action: string) => () => ({ ...by, action, directoryId: ids.dir, resourceType: 'directory', resourceId: ids.dir });
    const onCred = (action: string) => () => ({ ...by, action, directoryId: ids.dir, resourceType: 'scim-credential', resourceId: ids.cred });
    const onUser = (action: string) => () => ({ ...by, action, directoryId: ids.dir, resourceType: 'user', resourceId: ids.user });
    const onGroup = (action: string) => () => ({ ...by, action, directoryId: ids.dir, resourceType: 'group', resourceId: ids.group });
    const d = (i: Ids) => ({ DirectoryId: i.dir });

    const steps: WriteStep[] = [
      { ...call('CreateDirectory', () => ({ DirectoryName: `audit-${dialect}` }), (r) => (ids.dir = r.Directory.DirectoryId)), expected: onDir('CreateDirectory') },
      { ...call('UpdateDirectory', (i) => ({ ...d(i), NewDirectoryName: `audit-${dialect}-renamed` })), expected: onDir('UpdateDirectory') },
      { ...call('SetPasswordPolicy', (i) => ({ ...d(i), MinPasswordLength: '10' })), expected: onDir('SetPasswordPolicy') },
      {
        ...call('CreateSCIMServerCredential', d, (r) => (ids.cred = r.SCIMServerCredential.CredentialId)),
        expected: onCred('CreateSCIMServerCredential'),
      },
      { ...call('UpdateSCIMServerCredentialStatus', (i) => ({ ...d(i), CredentialId: i.cred, NewStatus: 'Disabled' })), expected: onCred('UpdateSCIMServerCredentialStatus') },
      { ...call('SetSCIMSynchronizationStatus', (i) => ({ ...d(i), SCIMSynchronizationStatus: 'Enabled' })), expected: onDir('SetSCIMSynchronizationStatus') },
      { ...call('CreateUser', (i) => ({ ...d(i), UserName: 'alice' }), (r) => (ids.user = r.User.UserId)), expected: onUser('CreateUser') },
      { ...call('UpdateUser', (i) => ({ ...d(i), UserId: i.user, NewDisplayName: 'Alice' })), expected: onUser('UpdateUser') },
      { ...call('UpdateUserStatus', (i) => ({ ...d(i), UserId: i.user, NewStatus: 'Disabled' })), expected: onUser('UpdateUserStatus') },
      { ...call('ResetUserPassword', (i) => ({ ...d(i), UserId: i.user, Password: 'Audit-Passw0rd!x' })), expected: onUser('ResetUserPassword') },
      {
        ...call('TagResources', (i) => ({ ...d(i), ResourceType: 'user', 'ResourceId.1': i.user, 'Tag.1.Key': 'team', 'Tag.1.Value': 'a' })),
        expected: onUser('TagResources'),
      },
      { ...call('UntagResources', (i) => ({ ...d(i), ResourceType: 'user', 'ResourceId.1': i.user, 'TagKey.1': 'team' })), expected: onUser('UntagResources') },
      { ...call('CreateGroup', (i) => ({ ...d(i), GroupName: 'audit-group' }), (r) => (ids.group = r.Group.GroupId)), expected: onGroup('CreateGroup') },
      { ...call('UpdateGroup', (i) => ({ ...d(i), GroupId: i.group, NewDescription: 'audited' })), expected: onGroup('UpdateGroup') },
      { ...call('AddUserToGroup', (i) => ({ ...d(i), GroupId: i.group, UserId: i.user })), expected: onGroup('AddUserToGroup') },
      { ...call('RemoveUserFromGroup', (i) => ({ ...d(i), GroupId: i.group, UserId: i.user })), expected: onGroup('RemoveUserFromGroup') },
      { ...call('DeleteGroup', (i) => ({ ...d(i), GroupId: i.group })), expected: onGroup('DeleteGroup') },
      { ...call('DeleteUser', (i) => ({ ...d(i), UserId: i.user })), expected: onUser('DeleteUser') },
      { ...call('DeleteSCIMServerCredential', (i) => ({ ...d(i), CredentialId: i.cred })), expected: onCred('DeleteSCIMServerCredential') },
      { ...call('DeleteDirectory', d), expected: onDir('DeleteDirectory') },
    ];
    // A write action added to the product without a step here fails this test.
    expect(steps.map((s) => s.name).sort()).toEqual(writeActions(CLOUDSSO));
    await checkEveryStep(database(), ctx, steps);
  });
});
