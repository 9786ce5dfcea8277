import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAccessConfiguration } from '../../src/core/access/configurations.js';
import { addPermissionPolicy } from '../../src/core/access/permission-policies.js';
import { applyProvisioning, removeProvisioning, reservedNames, serviceWriter } from '../../src/core/access/provisioning.js';
import { accessTaskHandlers } from '../../src/core/access/task-handlers.js';
import type { CoreContext } from '../../src/core/context.js';
import { createDirectory } from '../../src/core/directories.js';
import { createGroup, deleteGroup } from '../../src/core/groups.js';
import type { Store } from '../../src/core/ports/store.js';
import { SYSTEM, type Provenance } from '../../src/core/provenance.js';
import { inAccount } from '../../src/core/ram/common.js';
import { attachPolicy, detachPolicy } from '../../src/core/ram/policies.js';
import { createResourceAccount, enableResourceDirectory } from '../../src/core/resource-directory.js';
import type { TaskRecord, TaskType } from '../../src/core/tasks.js';
import { coreOf } from '../support/management.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * Provisioning and its tasks as core functions, on both databases: every step is idempotent, so a
 * task that runs twice, reruns after dying mid-way, or finds the account half-changed converges on
 * the configuration; a failed de-provisioning leaves the provisioning DeprovisionFailed.
 */
const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }] });

describe.each(DIALECTS)('provisioning in the core on %s', (dialect) => {
  let server: TestServer;
  let ctx: CoreContext;
  let directoryId: string;
  let accountId: string;
  let groupId: string;
  beforeAll(async () => {
    server = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '10' } });
    ctx = coreOf(server);
    const caller = { ...SYSTEM, accountId: ctx.settings.accountId };
    await enableResourceDirectory(ctx, caller);
    accountId = (await createResourceAccount(ctx, caller, { displayName: 'Member' })).id;
    directoryId = (await createDirectory(ctx, { name: `core-${dialect}` })).id;
    groupId = (await createGroup(ctx, directoryId, { name: 'ops' }, SYSTEM)).id;
  });
  afterAll(() => server?.close());

  /** The member account's RAM as provisioning shaped it. */
  async function accountState(roleName: string, samlName: string) {
    const role = await ctx.store.ram.getRoleByName(accountId, roleName);
    return {
      role: role && { name: role.name, maxSessionDuration: role.maxSessionDuration },
      policies: role ? (await ctx.store.ram.policiesOf('role', role.id)).map((p) => `${p.policyType}:${p.policyName}`).sort() : [],
      inline: (await ctx.store.ram.getPolicy(accountId, `${roleName}-InlinePolicy`))?.document ?? null,
      saml: Boolean(await ctx.store.ram.getSamlProvider(accountId, samlName)),
    };
  }

  const task = (taskType: TaskType, accessConfigurationId: string, extra: Partial<TaskRecord> = {}): TaskRecord => ({
    taskId: `t-test${Math.random().toString(36).slice(2, 18)}`,
    directoryId,
    taskType,
    status: 'InProgress',
    accessConfigurationId,
    accessConfigurationName: null,
    targetType: 'RD-Account',
    targetId: accountId,
    targetName: null,
    targetPath: null,
    targetPathName: null,
    originTargetId: null,
    principalType: null,
    principalId: null,
    principalName: null,
    failureReason: null,
    createTime: ctx.clock.now(),
    startTime: ctx.clock.now(),
    endTime: null,
    payload: null,
    attempts: 1,
    ...extra,
  });
  const deps = () => ({ store: ctx.store, ctx });

  it('applies twice and removes twice with the same result, and repairs a half-changed account', async () => {
    const ac = await createAccessConfiguration(ctx, directoryId, { name: 'Twice', sessionDuration: 900 }, SYSTEM);
    await addPermissionPolicy(ctx, directoryId, ac.id, { type: 'System', name: 'ReadOnlyAccess' }, SYSTEM);
    await addPermissionPolicy(ctx, directoryId, ac.id, { type: 'Inline', name: 'x', document: INLINE }, SYSTEM);
    const names = reservedNames(directoryId, 'Twice');
    const apply = () =>
      ctx.store.transaction(async (tx: Store) => applyProvisioning(tx, ctx, ac, await tx.access.policiesOf(ac.id), accountId, serviceWriter('t-1')));
    const expected = {
      role: { name: 'AliyunReservedSSO-Twice', maxSessionDuration: 3600 },
      policies: ['Custom:AliyunReservedSSO-Twice-InlinePolicy', 'System:ReadOnlyAccess'],
      inline: INLINE,
      saml: true,
    };
    expect(await apply()).toEqual({ ramRoleName: names.roleName, ramPolicyNames: [names.inlinePolicyName], samlProviderName: names.samlProviderName });
    expect(await accountState(names.roleName, names.samlProviderName)).toEqual(expected);
    await apply();
    expect(await accountState(names.roleName, names.samlProviderName)).toEqual(expected);

    // Someone detached a policy and attached another: the next provisioning puts it right.
    const member = inAccount(ctx, accountId);
    await detachPolicy(member, 'System', 'ReadOnlyAccess', { type: 'role', name: names.roleName }, SYSTEM);
    await attachPolicy(member, 'System', 'AdministratorAccess', { type: 'role', name: names.roleName }, SYSTEM);
    await apply();
    expect(await accountState(names.roleName, names.samlProviderName)).toEqual(expected);

    const remove = () => ctx.store.transaction((tx: Store) => removeProvisioning(tx, ctx, directoryId, 'Twice', accountId, false, serviceWriter('t-2')));
    await remove();
    await remove();
    expect(await accountState(names.roleName, names.samlProviderName)).toEqual({ role: undefined, policies: [], inline: null, saml: false });
  });

  it('a task that dies mid-way leaves nothing, and its rerun completes; a task run twice changes nothing more', async () => {
    const ac = await createAccessConfiguration(ctx, directoryId, { name: 'Crash' }, SYSTEM);
    await addPermissionPolicy(ctx, directoryId, ac.id, { type: 'System', name: 'AliyunECSFullAccess' }, SYSTEM);
    const names = reservedNames(directoryId, 'Crash');
    const t = task('CreateAccessAssignment', ac.id, { principalType: 'Group', principalId: groupId });

    // The process dies after the account was changed but before the transaction committed.
    const crashing: Store = {
      ...ctx.store,
      transaction: (fn) =>
        ctx.store.transaction(async (tx) => {
          await fn(tx);
          throw new Error('killed');
        }),
    };
    await expect(accessTaskHandlers.CreateAccessAssignment({ store: crashing, ctx }, t)).rejects.toThrow('killed');
    expect(await accountState(names.roleName, names.samlProviderName)).toMatchObject({ role: undefined, saml: false });
    expect(await ctx.store.access.getProvisioning(ac.id, accountId)).toBeUndefined();
    expect(await ctx.store.access.countAssignments(directoryId, { accessConfigurationId: ac.id })).toBe(0);

    await accessTaskHandlers.CreateAccessAssignment(deps(), t);
    await accessTaskHandlers.CreateAccessAssignment(deps(), t);
    expect(await ctx.store.access.countAssignments(directoryId, { accessConfigurationId: ac.id })).toBe(1);
    expect(await ctx.store.access.getProvisioning(ac.id, accountId)).toMatchObject({ status: 'Provisioned', ramRoleName: names.roleName, ramPolicyNames: [] });
    expect(await accountState(names.roleName, names.samlProviderName)).toEqual({
      role: { name: names.roleName, maxSessionDuration: 3600 },
      policies: ['System:AliyunECSFullAccess'],
      inline: null,
      saml: true,
    });

    const del = task('DeleteAccessAssignment', ac.id, {
      principalType: 'Group',
      principalId: groupId,
      payload: { deprovisionStrategy: 'DeprovisionForLastAccessAssignmentOnAccount' },
    });
    await accessTaskHandlers.DeleteAccessAssignment(deps(), del);
    await accessTaskHandlers.DeleteAccessAssignment(deps(), del);
    expect(await ctx.store.access.getProvisioning(ac.id, accountId)).toBeUndefined();
    expect((await accountState(names.roleName, names.samlProviderName)).role).toBeUndefined();
  });

  it('keeps the SAML provider while another provisioning of the directory is on the account', async () => {
    const a = await createAccessConfiguration(ctx, directoryId, { name: 'KeepA' }, SYSTEM);
    const b = await createAccessConfiguration(ctx, directoryId, { name: 'KeepB' }, SYSTEM);
    await accessTaskHandlers.ProvisionAccessConfiguration(deps(), task('ProvisionAccessConfiguration', a.id));
    await accessTaskHandlers.ProvisionAccessConfiguration(deps(), task('ProvisionAccessConfiguration', b.id));
    const saml = reservedNames(directoryId, 'KeepA').samlProviderName;
    await accessTaskHandlers.DeprovisionAccessConfiguration(deps(), task('DeprovisionAccessConfiguration', a.id));
    expect(await ctx.store.ram.getSamlProvider(accountId, saml)).toBeDefined();
    expect(await ctx.store.ram.getRoleByName(accountId, 'AliyunReservedSSO-KeepA')).toBeUndefined();
    await accessTaskHandlers.DeprovisionAccessConfiguration(deps(), task('DeprovisionAccessConfiguration', b.id));
    expect(await ctx.store.ram.getSamlProvider(accountId, saml)).toBeUndefined();
  });

  it('a de-provisioning that fails leaves the provisioning DeprovisionFailed, and a later one ends it', async () => {
    const ac = await createAccessConfiguration(ctx, directoryId, { name: 'Fails' }, SYSTEM);
    await addPermissionPolicy(ctx, directoryId, ac.id, { type: 'System', name: 'ReadOnlyAccess' }, SYSTEM);
    await accessTaskHandlers.ProvisionAccessConfiguration(deps(), task('ProvisionAccessConfiguration', ac.id));
    // The member account refuses to delete the role (as when CloudSSO's service role lacks the permission).
    const refusing: Store = {
      ...ctx.store,
      transaction: (fn) =>
        ctx.store.transaction((tx) => {
          const wrapped: Store = {
            ...tx,
            ram: {
              ...tx.ram,
              deleteRole: async () => {
                throw new Error('No Permission.');
              },
            },
            transaction: (inner) => inner(wrapped),
          };
          return fn(wrapped);
        }),
    };
    await expect(accessTaskHandlers.DeprovisionAccessConfiguration({ store: refusing, ctx }, task('DeprovisionAccessConfiguration', ac.id))).rejects.toThrow();
    expect((await ctx.store.access.getProvisioning(ac.id, accountId))?.status).toBe('DeprovisionFailed');
    expect(await ctx.store.ram.getRoleByName(accountId, 'AliyunReservedSSO-Fails')).toBeDefined();

    // A policy change does not turn DeprovisionFailed into ReprovisionRequired.
    await addPermissionPolicy(ctx, directoryId, ac.id, { type: 'System', name: 'AdministratorAccess' }, SYSTEM);
    expect((await ctx.store.access.getProvisioning(ac.id, accountId))?.status).toBe('DeprovisionFailed');

    await accessTaskHandlers.DeprovisionAccessConfiguration(deps(), task('DeprovisionAccessConfiguration', ac.id));
    expect(await ctx.store.access.getProvisioning(ac.id, accountId)).toBeUndefined();
    expect(await ctx.store.ram.getRoleByName(accountId, 'AliyunReservedSSO-Fails')).toBeUndefined();
  });

  it('a group deleted by the IdP (SCIM) takes its assignments with it; through the management API it is refused', async () => {
    const ac = await createAccessConfiguration(ctx, directoryId, { name: 'ScimGone' }, SYSTEM);
    const scimGroup = (await createGroup(ctx, directoryId, { name: 'scim-ops' }, SYSTEM)).id;
    await accessTaskHandlers.CreateAccessAssignment(deps(), task('CreateAccessAssignment', ac.id, { principalType: 'Group', principalId: scimGroup }));
    await expect(deleteGroup(ctx, directoryId, scimGroup, SYSTEM)).rejects.toMatchObject({ code: 'GroupHasAccessAssignments' });
    const viaScim: Provenance = { via: 'scim', actor: { type: 'scim-credential', id: 'scimcred-test' } };
    await deleteGroup(ctx, directoryId, scimGroup, viaScim);
    expect(await ctx.store.access.countAssignments(directoryId, { principal: { type: 'Group', id: scimGroup } })).toBe(0);
    // The provisioning stays until it is de-provisioned.
    expect((await ctx.store.access.getProvisioning(ac.id, accountId))?.status).toBe('Provisioned');
  });
});
