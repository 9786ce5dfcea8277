import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { newAccessKeyPair } from '../src/core/access-keys.js';
import { randomBase62 } from '../src/core/ids.js';
import { makeClient, type ApiClient, type Body } from './support/clients.js';
import { spawnCli, type CliProcess } from './support/cli-process.js';
import { createTestDatabase, type TestDatabase } from './support/postgres.js';
import { Ram, rejection } from './support/ram.js';
import { DIALECTS } from './support/server.js';

/**
 * Issue 10: "kill -9 during a provisioning task, restart, the task completes or fails cleanly and
 * the account matches the final state", with the REAL provisioning handler in the real
 * `cloudsso serve`. CLOUDSSO_TEST_TASK_PAUSE (src/cli/task-test-hook.ts) stops the task between
 * two of its steps in the member account (the role made, no policy attached yet; or the role's
 * policies detached, the role not yet deleted) and writes a marker; the process is killed there
 * with SIGKILL and restarted without the hook. The task then runs to Success and the member
 * account, read through @alicloud/ram20150501 after STS AssumeRole into it, holds exactly the
 * final state: nothing half-made, nothing twice.
 */
const require = createRequire(import.meta.url);
const Sts = require('@alicloud/sts20150401');
const RM = require('@alicloud/resourcemanager20200331');
const Core = require('@alicloud/openapi-core');
const Dara = require('@darabonba/typescript');

interface Creds {
  readonly id: string;
  readonly secret: string;
  readonly token?: string;
}

const sdkConfig = (endpoint: string, c: Creds) =>
  new Core.$OpenApiUtil.Config({
    accessKeyId: c.id,
    accessKeySecret: c.secret,
    ...(c.token ? { securityToken: c.token } : {}),
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
  });

/** RAM's SAML provider calls are not in @alicloud/ram20150501: the generic call of its client. */
async function ramCall(endpoint: string, c: Creds, action: string, query: Record<string, string>): Promise<Body> {
  const api = new Core.default(sdkConfig(endpoint, c));
  const params = new Core.$OpenApiUtil.Params({
    action,
    version: '2015-05-01',
    protocol: 'HTTPS',
    pathname: '/',
    method: 'POST',
    authType: 'AK',
    style: 'RPC',
    reqBodyType: 'formData',
    bodyType: 'json',
  });
  const req = new Core.$OpenApiUtil.OpenApiRequest({ query: Core.OpenApiUtil.query(query) });
  return (await api.callApi(params, req, new Dara.RuntimeOptions({}))).body;
}

const portOf = (p: CliProcess) => Number(/listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(p.stdout())![1]);
const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:DescribeInstances', Resource: '*' }] });

async function until(ok: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.each(DIALECTS)('the real provisioning task killed (-9) between its steps on %s', (dialect) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'cloudsso-provision-kill-'));
  let database: TestDatabase | undefined;
  const processes: CliProcess[] = [];
  afterAll(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const root = newAccessKeyPair();
  const masterKey = randomBase62(32);
  const marker = join(dataDir, 'task-paused');

  async function serve(pause?: 'before-policy-attach' | 'before-role-delete'): Promise<{ p: CliProcess; api: ApiClient; endpoint: string }> {
    rmSync(marker, { force: true });
    const p = spawnCli(['serve'], {
      CLOUDSSO_PORT: '0',
      CLOUDSSO_DATA_DIR: dataDir,
      CLOUDSSO_LOG_LEVEL: 'silent',
      CLOUDSSO_MASTER_KEY: masterKey,
      CLOUDSSO_ROOT_ACCESS_KEY_ID: root.id,
      CLOUDSSO_ROOT_ACCESS_KEY_SECRET: root.secret,
      CLOUDSSO_TASK_LEASE_SECONDS: '2',
      ...(pause ? { CLOUDSSO_TEST_TASK_PAUSE: pause } : {}),
      ...(database ? { CLOUDSSO_DATABASE_URL: database.url } : {}),
    });
    processes.push(p);
    await p.waitFor('SCIM 2.0 endpoint');
    if (pause) expect(p.stdout()).toContain(`CLOUDSSO_TEST_TASK_PAUSE is set: a task stops for good at step ${pause}.`);
    const endpoint = `127.0.0.1:${portOf(p)}`;
    return { p, api: makeClient('openapi-client ACS3', { endpoint, key: root }), endpoint };
  }

  /** Waits until the task stopped at `step`, then kills the process there. */
  async function killAt(p: CliProcess, taskId: string, step: string): Promise<void> {
    await until(() => existsSync(marker), 30_000, `the task to reach ${step}`);
    expect(readFileSync(marker, 'utf8')).toBe(`${taskId} ${p.child.pid} ${step}\n`);
    p.child.kill('SIGKILL');
    expect((await p.exited).signal).toBe('SIGKILL');
  }

  async function untilEnded(api: ApiClient, DirectoryId: string, TaskId: string): Promise<Body> {
    let last: Body = {};
    await until(
      async () => {
        last = (await api.call('GetTaskStatus', { DirectoryId, TaskId })).TaskStatus;
        return last.Status !== 'InProgress';
      },
      60_000,
      `task ${TaskId} to end`,
    );
    return last;
  }

  it('finishes the provisioning after a restart with the account exactly provisioned, and a killed deprovisioning with everything removed', async () => {
    if (dialect === 'postgres') database = await createTestDatabase();
    const first = await serve('before-policy-attach');
    const rm = new RM.default(sdkConfig(first.endpoint, root));
    await rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }));
    const memberId: string = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Production', accountNamePrefix: 'prod' })))
      .body.account.accountId;
    const DirectoryId: string = (await first.api.call('CreateDirectory', { DirectoryName: `kill-provision-${dialect}` })).Directory.DirectoryId;
    const user = (await first.api.call('CreateUser', { DirectoryId, UserName: 'alice' })).User;
    const ac = (await first.api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'ECS-Admin', SessionDuration: 7200 }))
      .AccessConfiguration;
    const ids = { DirectoryId, AccessConfigurationId: ac.AccessConfigurationId };
    for (const PermissionPolicyName of ['AliyunECSFullAccess', 'AliyunOSSReadOnlyAccess']) {
      await first.api.call('AddPermissionPolicyToAccessConfiguration', { ...ids, PermissionPolicyType: 'System', PermissionPolicyName });
    }
    await first.api.call('AddPermissionPolicyToAccessConfiguration', {
      ...ids,
      PermissionPolicyType: 'Inline',
      PermissionPolicyName: 'describe',
      InlinePolicyDocument: INLINE,
    });
    const assignment = { ...ids, TargetType: 'RD-Account', TargetId: memberId, PrincipalType: 'User', PrincipalId: user.UserId };

    // Killed with the SAML provider, the role and the inline policy made, no policy attached yet.
    const created = (await first.api.call('CreateAccessAssignment', assignment)).Task.TaskId as string;
    await killAt(first.p, created, 'before-policy-attach');

    // Restarted without the hook: the dead node's lease runs out and the task runs again, to Success.
    const second = await serve();
    expect(await untilEnded(second.api, DirectoryId, created)).toMatchObject({ Status: 'Success' });
    const provisionings = async (api: ApiClient) =>
      (await api.call('ListAccessConfigurationProvisionings', { DirectoryId })).AccessConfigurationProvisionings.map((p: Body) => [
        p.TargetId,
        p.Status,
        p.RAMRoleName,
        p.SAMLProviderName,
        p.RAMPolicyNames,
      ]);
    expect(await provisionings(second.api)).toEqual([
      [memberId, 'Provisioned', 'AliyunReservedSSO-ECS-Admin', `AliyunReservedSSO-${DirectoryId}`, ['AliyunReservedSSO-ECS-Admin-InlinePolicy']],
    ]);

    // The member account, through its access role: exactly the final state, each thing once.
    const memberRam = async (endpoint: string) => {
      const sts = new Sts.default(sdkConfig(endpoint, root));
      const c = (
        await sts.assumeRole(new Sts.AssumeRoleRequest({ roleArn: `acs:ram::${memberId}:role/resourcedirectoryaccountaccessrole`, roleSessionName: 'check' }))
      ).body.credentials;
      const creds: Creds = { id: c.accessKeyId, secret: c.accessKeySecret, token: c.securityToken };
      return { creds, ram: new Ram.default(sdkConfig(endpoint, creds)) };
    };
    const reserved = (names: string[]) => names.filter((n) => n.startsWith('AliyunReservedSSO-'));
    const state = async (endpoint: string) => {
      const { creds, ram } = await memberRam(endpoint);
      const roles = (await ram.listRoles(new Ram.ListRolesRequest({ maxItems: 100 }))).body.roles.role;
      const custom = (await ram.listPolicies(new Ram.ListPoliciesRequest({ policyType: 'Custom', maxItems: 100 }))).body.policies.policy;
      const saml = (await ramCall(endpoint, creds, 'ListSAMLProviders', { MaxItems: '100' })).SAMLProviders.SAMLProvider;
      return {
        ram,
        roles: reserved(roles.map((r: Body) => r.roleName)),
        customPolicies: reserved(custom.map((p: Body) => p.policyName)),
        samlProviders: reserved(saml.map((s: Body) => s.SAMLProviderName)),
      };
    };
    const provisioned = await state(second.endpoint);
    expect(provisioned).toMatchObject({
      roles: ['AliyunReservedSSO-ECS-Admin'],
      customPolicies: ['AliyunReservedSSO-ECS-Admin-InlinePolicy'],
      samlProviders: [`AliyunReservedSSO-${DirectoryId}`],
    });
    const roleName = 'AliyunReservedSSO-ECS-Admin';
    const role = (await provisioned.ram.getRole(new Ram.GetRoleRequest({ roleName }))).body.role;
    expect(role).toMatchObject({ roleName, maxSessionDuration: 7200 });
    expect(JSON.parse(role.assumeRolePolicyDocument).Statement).toEqual([
      expect.objectContaining({ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Federated: [`acs:ram::${memberId}:saml-provider/AliyunReservedSSO-${DirectoryId}`] } }),
    ]);
    const attached = (await provisioned.ram.listPoliciesForRole(new Ram.ListPoliciesForRoleRequest({ roleName }))).body.policies.policy.map((p: Body) => [
      p.policyName,
      p.policyType,
    ]);
    expect(attached.sort()).toEqual([
      ['AliyunECSFullAccess', 'System'],
      ['AliyunOSSReadOnlyAccess', 'System'],
      ['AliyunReservedSSO-ECS-Admin-InlinePolicy', 'Custom'],
    ]);
    const inline = (await provisioned.ram.getPolicy(new Ram.GetPolicyRequest({ policyName: 'AliyunReservedSSO-ECS-Admin-InlinePolicy', policyType: 'Custom' }))).body;
    expect(inline.defaultPolicyVersion.policyDocument).toBe(INLINE);
    second.p.child.kill('SIGTERM');
    expect(await second.p.exited).toEqual({ code: 0, signal: null });

    // Deprovisioning with the last assignment, killed with the role's policies detached and the role still there.
    const third = await serve('before-role-delete');
    const deleted = (await third.api.call('DeleteAccessAssignment', { ...assignment, DeprovisionStrategy: 'DeprovisionForLastAccessAssignmentOnAccount' })).Task
      .TaskId as string;
    await killAt(third.p, deleted, 'before-role-delete');

    const fourth = await serve();
    expect(await untilEnded(fourth.api, DirectoryId, deleted)).toMatchObject({ Status: 'Success' });
    expect(await provisionings(fourth.api)).toEqual([]);
    expect((await fourth.api.call('ListAccessAssignments', { DirectoryId })).TotalCounts).toBe(0);
    const removed = await state(fourth.endpoint);
    expect(removed).toMatchObject({ roles: [], customPolicies: [], samlProviders: [] });
    expect((await rejection(removed.ram.getRole(new Ram.GetRoleRequest({ roleName })))).code).toBe('EntityNotExist.Role');
    expect((await fourth.api.call('ListTasks', { DirectoryId })).Tasks.map((t: Body) => [t.TaskType, t.Status])).toEqual([
      ['DeleteAccessAssignment', 'Success'],
      ['CreateAccessAssignment', 'Success'],
    ]);
    fourth.p.child.kill('SIGTERM');
    expect(await fourth.p.exited).toEqual({ code: 0, signal: null });
  }, 600_000);
});
