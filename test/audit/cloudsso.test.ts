import { describe, expect, it } from 'vitest';
import type { CoreContext } from '../../src/core/context.js';
import { SYSTEM } from '../../src/core/provenance.js';
import { createResourceAccount, enableResourceDirectory } from '../../src/core/resource-directory.js';
import { taskHandlers } from '../../src/core/task-handlers.js';
import { CLOUDSSO } from '../../src/products/cloudsso/index.js';
import { testCertificate } from '../management/fixtures/saml-metadata.js';
import { checkEveryStep, coreOn, invoke, ROOT_ACTOR, writeActions, type WriteStep } from '../support/audit.js';
import { DIALECTS } from '../support/server.js';
import { useStoreDatabase } from '../support/store.js';

/**
 * CloudSSO: every write action of the management API leaves exactly one audit row, naming the
 * key that signed it, the request, the directory and the resource, in the write's own transaction
 * (a failure right after the row is inserted leaves neither row nor change).
 */
/** Runs the submitted tasks to their end, as the server's task runner would. */
async function runTasks(ctx: CoreContext): Promise<void> {
  for (;;) {
    const now = Date.now();
    const task = await ctx.store.tasks.claim('audit', now, now + 60_000);
    if (!task) return;
    await taskHandlers[task.taskType]!({ store: ctx.store, ctx }, task);
    await ctx.store.tasks.complete(task.taskId, 'audit', { status: 'Success', endTime: Date.now(), failureReason: null });
  }
}

describe.each(DIALECTS)('CloudSSO audit trail on %s', (dialect) => {
  const database = useStoreDatabase(dialect);

  it('every write action leaves exactly one audit row, in its own transaction', async () => {
    const ctx = coreOn(database());
    type Ids = { dir: string; cred: string; user: string; group: string; cert: string; ac: string; account: string; up: string };
    const ids: Ids = { dir: '', cred: '', user: '', group: '', cert: '', ac: '', account: '', up: '' };
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
    const onAc = (action: string) => () => ({ ...by, action, directoryId: ids.dir, resourceType: 'access-configuration', resourceId: ids.ac });
    const d = (i: Ids) => ({ DirectoryId: i.dir });
    const ac = (i: Ids) => ({ DirectoryId: i.dir, AccessConfigurationId: i.ac });
    const target = (i: Ids) => ({ ...ac(i), TargetType: 'RD-Account', TargetId: i.account });
    const assignment = (i: Ids) => ({ ...target(i), PrincipalType: 'Group', PrincipalId: i.group });
    const doc = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*' }] });
    // Sign-in settings name the directory, or the user for per-user MFA, as their resource.
    const signIn = (action: string) => () => ({ ...by, action, directoryId: ids.dir });
    const device = 'mfa-00000000000000000042';
    // Key generation is slow: once per certificate, not once per pass.
    const certA = testCertificate('idp-audit-a.example.com');
    const certB = testCertificate('idp-audit-b.example.com');

    const onService = (action: string) => () => ({ ...by, action, directoryId: null, resourceType: 'service', resourceId: ctx.settings.accountId });
    const onUp = (action: string) => () => ({ ...by, action, directoryId: ids.dir, resourceType: 'user-provisioning', resourceId: ids.up });
    const up = (i: Ids) => ({ DirectoryId: i.dir, UserProvisioningId: i.up });
    /** A failed synchronization, as the task would record it. */
    const seedEvent = (id: string) => async (c: CoreContext) => {
      await runTasks(c);
      const snapshot = {
        directoryId: ids.dir,
        principalType: 'User',
        principalId: ids.user,
        principalName: 'alice',
        targetId: ids.account,
        targetName: 'audited',
        duplicationStrategy: 'KeepBoth',
        deletionStrategy: 'Keep',
      } as const;
      await c.store.userProvisioning.insertEvent({
        id,
        directoryId: ids.dir,
        userProvisioningId: ids.up,
        principalType: 'User',
        principalId: ids.user,
        principalName: 'alice',
        targetType: 'RD-Account',
        targetId: ids.account,
        targetName: 'audited',
        sourceType: 'StartProvisioning',
        errorCount: 1,
        errorInfo: 'OperationConflict.UserProvisioning.Process.fail.ImsUserExists',
        latestAsyncTime: Date.now(),
        duplicationStrategy: 'KeepBoth',
        deletionStrategy: 'Keep',
        payload: { userProvisioningId: ids.up, sourceType: 'StartProvisioning', snapshot },
        createTime: Date.now(),
        updateTime: Date.now(),
      });
    };
    const onDelegate = (action: string) => () => ({ ...by, action, directoryId: null, resourceType: 'delegate-account', resourceId: ids.account });

    const steps: WriteStep[] = [
      // Only while no directory exists may the service be switched off.
      { ...call('DisableService', () => ({})), expected: onService('DisableService') },
      { ...call('EnableService', () => ({})), expected: onService('EnableService') },
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
      { ...call('SetMFAAuthenticationStatus', (i) => ({ ...d(i), MFAAuthenticationStatus: 'Disabled' })), expected: signIn('SetMFAAuthenticationStatus') },
      { ...call('UpdateMFAAuthenticationSettings', (i) => ({ ...d(i), MFAAuthenticationSettings: 'Byuser' })), expected: signIn('UpdateMFAAuthenticationSettings') },
      {
        ...call('UpdateUserMFAAuthenticationSettings', (i) => ({ ...d(i), UserId: i.user, UserMFAAuthenticationSettings: 'Disabled' })),
        expected: signIn('UpdateUserMFAAuthenticationSettings'),
      },
      {
        ...call('DeleteMFADeviceForUser', (i) => ({ ...d(i), UserId: i.user, MFADeviceId: device })),
        // Devices are bound by users at sign-in: seeded as the portal would.
        before: (c) =>
          c.store.signIn.insertMfaDevice({ id: device, directoryId: ids.dir, userId: ids.user, name: 'phone', type: 'TOTP', secretSealed: 'v1.sealed', effectiveTime: 1, lastUseTime: null }),
        expected: signIn('DeleteMFADeviceForUser'),
      },
      { ...call('SetLoginPreference', (i) => ({ ...d(i), AllowUserToGetCredentials: 'true' })), expected: signIn('SetLoginPreference') },
      {
        ...call('UpdateDirectoryGlobalAccessStatus', (i) => ({ ...d(i), GlobalAccessStatus: 'Enabled' })),
        expected: onDir('UpdateDirectoryGlobalAccessStatus'),
      },
      { ...call('UpdateAttributePassingSetting', (i) => ({ ...d(i), SourceIdentityPassing: 'UserName' })), expected: onDir('UpdateAttributePassingSetting') },
      { ...call('SetDirectorySAMLServiceProviderInfo', (i) => ({ ...d(i), AuthnSignAlgo: 'rsa-sha256' })), expected: signIn('SetDirectorySAMLServiceProviderInfo') },
      {
        ...call('SetExternalSAMLIdentityProvider', (i) => ({
          ...d(i),
          EntityId: 'https://idp.example.com/audit',
          LoginUrl: 'https://idp.example.com/audit/sso',
          X509Certificate: certA,
        })),
        expected: signIn('SetExternalSAMLIdentityProvider'),
      },
      {
        ...call('AddExternalSAMLIdPCertificate', (i) => ({ ...d(i), X509Certificate: certB }), (r) => (ids.cert = r.CertificateId)),
        expected: signIn('AddExternalSAMLIdPCertificate'),
      },
      { ...call('RemoveExternalSAMLIdPCertificate', (i) => ({ ...d(i), CertificateId: i.cert })), expected: signIn('RemoveExternalSAMLIdPCertificate') },
      { ...call('ClearExternalSAMLIdentityProvider', d), expected: signIn('ClearExternalSAMLIdentityProvider') },
      { ...call('CreateGroup', (i) => ({ ...d(i), GroupName: 'audit-group' }), (r) => (ids.group = r.Group.GroupId)), expected: onGroup('CreateGroup') },
      { ...call('UpdateGroup', (i) => ({ ...d(i), GroupId: i.group, NewDescription: 'audited' })), expected: onGroup('UpdateGroup') },
      {
        ...call('CreateAccessConfiguration', (i) => ({ ...d(i), AccessConfigurationName: 'Audited' }), (r) => (ids.ac = r.AccessConfiguration.AccessConfigurationId)),
        expected: onAc('CreateAccessConfiguration'),
      },
      { ...call('UpdateAccessConfiguration', (i) => ({ ...ac(i), NewSessionDuration: '7200' })), expected: onAc('UpdateAccessConfiguration') },
      {
        ...call('AddPermissionPolicyToAccessConfiguration', (i) => ({
          ...ac(i),
          PermissionPolicyType: 'Inline',
          PermissionPolicyName: 'inline',
          InlinePolicyDocument: doc,
        })),
        expected: onAc('AddPermissionPolicyToAccessConfiguration'),
      },
      {
        ...call('UpdateInlinePolicyForAccessConfiguration', (i) => ({ ...ac(i), InlinePolicyName: 'inline', NewInlinePolicyDocument: doc })),
        expected: onAc('UpdateInlinePolicyForAccessConfiguration'),
      },
      {
        ...call('RemovePermissionPolicyFromAccessConfiguration', (i) => ({ ...ac(i), PermissionPolicyType: 'Inline', PermissionPolicyName: 'inline' })),
        expected: onAc('RemovePermissionPolicyFromAccessConfiguration'),
      },
      {
        ...call('CreateAccessAssignment', assignment),
        // Member accounts are made through Resource Directory, another product.
        before: async (c) => {
          const caller = { ...SYSTEM, accountId: c.settings.accountId };
          await enableResourceDirectory(c, caller);
          ids.account = (await createResourceAccount(c, caller, { displayName: 'audited' })).id;
        },
        expected: onAc('CreateAccessAssignment'),
      },
      { ...call('ProvisionAccessConfiguration', target), before: runTasks, expected: onAc('ProvisionAccessConfiguration') },
      { ...call('DeleteAccessAssignment', assignment), before: runTasks, expected: onAc('DeleteAccessAssignment') },
      { ...call('DeprovisionAccessConfiguration', target), before: runTasks, expected: onAc('DeprovisionAccessConfiguration') },
      { ...call('DeleteAccessConfiguration', ac), before: runTasks, expected: onAc('DeleteAccessConfiguration') },
      { ...call('EnableDelegateAccount', (i) => ({ AccountId: i.account })), expected: onDelegate('EnableDelegateAccount') },
      { ...call('DisableDelegateAccount', (i) => ({ AccountId: i.account })), expected: onDelegate('DisableDelegateAccount') },
      {
        ...call(
          'CreateUserProvisioning',
          (i) => ({ ...d(i), PrincipalType: 'User', PrincipalId: i.user, TargetType: 'RD-Account', TargetId: i.account }),
          (r) => (ids.up = r.UserProvisioning.UserProvisioningId),
        ),
        expected: onUp('CreateUserProvisioning'),
      },
      { ...call('UpdateUserProvisioning', (i) => ({ ...up(i), NewDescription: 'audited' })), expected: onUp('UpdateUserProvisioning') },
      { ...call('UpdateUserProvisioningConfiguration', (i) => ({ ...d(i), NewSessionDuration: '8' })), expected: onDir('UpdateUserProvisioningConfiguration') },
      {
        ...call('RetryUserProvisioningEvent', (i) => ({ ...d(i), EventId: 'upe-0000000000000000aud1' })),
        before: seedEvent('upe-0000000000000000aud1'),
        expected: onUp('RetryUserProvisioningEvent'),
      },
      {
        ...call('DeleteUserProvisioningEvent', (i) => ({ ...up(i), EventId: 'upe-0000000000000000aud2' })),
        before: seedEvent('upe-0000000000000000aud2'),
        expected: onUp('DeleteUserProvisioningEvent'),
      },
      { ...call('DeleteUserProvisioning', up), before: runTasks, expected: onUp('DeleteUserProvisioning') },
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
  }, 120_000);
});
