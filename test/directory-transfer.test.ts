import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportDirectory, type TransferDocument } from '../src/core/directory-transfer.js';
import { runCli, spawnCli } from './support/cli-process.js';
import { makeClient, type ApiClient } from './support/clients.js';
import { client, coreOf, storeOf } from './support/management.js';
import { createTestDatabase } from './support/postgres.js';
import { newTestIdp } from './support/saml-idp.js';
import { DIALECTS, startTestServer, type TestServer } from './support/server.js';

/**
 * `cloudsso export` / `cloudsso import` and CLOUDSSO_SEED_FILE (docs/decisions/0185-0187), each
 * through the real CLI in a process of its own, on both databases: a populated directory exported
 * and imported into an empty server comes out the same row by row, a second import changes
 * nothing, a dry run writes nothing, a bad row is reported by its path with nothing written, and
 * no secret of the directory is in the document.
 */
const MANAGEMENT = '1234567890123456';
const PASSWORD = 'Imp0rt-Secret-Pa55!';
const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:Describe*', Resource: '*' }] });

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'cloudsso-transfer-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** What the CLI needs to open a test server's store (no root key: export and import need none). */
const cliEnv = (node: TestServer): Record<string, string> => ({
  CLOUDSSO_DATA_DIR: node.dataDir,
  ...(node.databaseUrl ? { CLOUDSSO_DATABASE_URL: node.databaseUrl } : {}),
  ...(node.masterKey ? { CLOUDSSO_MASTER_KEY: node.masterKey } : {}),
});

const withoutTime = (d: TransferDocument) => ({ ...d, exportTime: undefined });

async function onlyDirectory(node: TestServer): Promise<string> {
  const all = await storeOf(node).directories.list();
  expect(all).toHaveLength(1);
  return all[0]!.id;
}

describe.each(DIALECTS)('cloudsso export and import on %s', (dialect) => {
  let source: TestServer;
  let target: TestServer;
  let api: ApiClient;
  let DirectoryId: string;
  let scimSecret: string;
  let file: string;
  const idp = newTestIdp();

  beforeAll(async () => {
    [source, target] = await Promise.all([startTestServer(dialect), startTestServer(dialect)]);
    api = client(source);
    const rm = (node: TestServer, action: string, params: Record<string, unknown> = {}) =>
      makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2020-03-31' }).call(action, params);
    await rm(source, 'EnableResourceDirectory', { EnableMode: 'CurrentAccount' });
    await rm(target, 'EnableResourceDirectory', { EnableMode: 'CurrentAccount' });

    DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `transfer-${dialect}` })).Directory.DirectoryId;
    const user = async (UserName: string, extra: Record<string, unknown> = {}) => (await api.call('CreateUser', { DirectoryId, UserName, ...extra })).User.UserId as string;
    const alice = await user('alice', { DisplayName: 'Alice A', FirstName: 'Alice', LastName: 'Anders', Email: 'alice@example.com', Description: 'first' });
    const bob = await user('bob', { Status: 'Disabled', Email: 'bob@example.com' });
    const carol = await user('carol');
    await api.call('TagResources', { DirectoryId, ResourceType: 'user', ResourceId: [alice, carol], Tag: [{ Key: 'team', Value: 'blue' }] });
    await api.call('TagResources', { DirectoryId, ResourceType: 'user', ResourceId: [alice], Tag: [{ Key: 'cost-center', Value: '42' }] });
    await api.call('ResetUserPassword', { DirectoryId, UserId: alice, Password: PASSWORD });
    await api.call('UpdateUserMFAAuthenticationSettings', { DirectoryId, UserId: bob, UserMFAAuthenticationSettings: 'Disabled' });
    const devs = (await api.call('CreateGroup', { DirectoryId, GroupName: 'devs', Description: 'developers' })).Group.GroupId as string;
    const ops = (await api.call('CreateGroup', { DirectoryId, GroupName: 'ops' })).Group.GroupId as string;
    for (const [g, u] of [[devs, alice], [devs, bob], [ops, carol]] as const) await api.call('AddUserToGroup', { DirectoryId, GroupId: g, UserId: u });
    const admin = (
      await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Admin', Description: 'all', SessionDuration: 7200, RelayState: 'https://ecs.console.aliyun.com/' })
    ).AccessConfiguration.AccessConfigurationId as string;
    const reader = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'Reader' })).AccessConfiguration.AccessConfigurationId as string;
    await api.call('AddPermissionPolicyToAccessConfiguration', { DirectoryId, AccessConfigurationId: admin, PermissionPolicyType: 'System', PermissionPolicyName: 'AdministratorAccess' });
    await api.call('AddPermissionPolicyToAccessConfiguration', {
      DirectoryId,
      AccessConfigurationId: reader,
      PermissionPolicyType: 'Inline',
      PermissionPolicyName: 'EcsRead',
      InlinePolicyDocument: INLINE,
    });
    const untilDone = async (TaskId: string) => {
      for (let i = 0; i < 150; i++) {
        const { TaskStatus } = await api.call('GetTaskStatus', { DirectoryId, TaskId });
        if (TaskStatus.Status !== 'InProgress') return TaskStatus.Status as string;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`task ${TaskId} still InProgress`);
    };
    // Two assignments on the same configuration and account: the import has to run them one after the other.
    for (const [ac, PrincipalType, PrincipalId] of [[admin, 'User', alice], [admin, 'Group', devs], [reader, 'Group', ops]] as const) {
      const { Task } = await api.call('CreateAccessAssignment', { DirectoryId, AccessConfigurationId: ac, TargetType: 'RD-Account', TargetId: MANAGEMENT, PrincipalType, PrincipalId });
      expect(await untilDone(Task.TaskId)).toBe('Success');
    }
    await api.call('SetPasswordPolicy', { DirectoryId, MinPasswordLength: 12, MaxLoginAttempts: 7, PasswordReusePrevention: 2 });
    await api.call('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: true, LoginNetworkMasks: '10.0.0.0/8' });
    await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Byuser' });
    await api.call('SetExternalSAMLIdentityProvider', {
      DirectoryId,
      EntityId: idp.entityId,
      LoginUrl: 'https://idp.example.test/sso',
      X509Certificate: idp.certificatePem,
      WantRequestSigned: true,
      SSOStatus: 'Enabled',
    });
    scimSecret = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret;
    await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    file = join(tempDir(), 'directory.json');
  }, 300_000);
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it('exports every section with no secret in it, to a file of mode 0600', async () => {
    const r = await runCli(['export', '--out', file], cliEnv(source));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`Exported directory transfer-${dialect} (${DirectoryId}) to ${file} (mode 0600): 3 users, 2 groups, 3 memberships, 2 access configurations, 3 assignments.`);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    const doc = JSON.parse(text) as TransferDocument;
    expect(doc.format).toBe(1);
    expect(doc.directory).toEqual({
      name: `transfer-${dialect}`,
      scimSynchronizationStatus: 'Enabled',
      loginPreference: { allowUserToGetCredentials: true, loginNetworkMasks: '10.0.0.0/8' },
      passwordPolicy: { minPasswordLength: 12, minPasswordDifferentChars: 0, passwordNotContainUsername: true, maxPasswordAge: 90, passwordReusePrevention: 2, maxLoginAttempts: 7 },
      mfaAuthenticationSettings: { mode: 'Byuser', operationForRiskLogin: 'Autonomous', allowedVerificationTypes: ['TOTP'] },
      externalSAMLIdentityProvider: {
        entityId: idp.entityId,
        loginUrl: 'https://idp.example.test/sso',
        wantRequestSigned: true,
        bindingType: 'Post',
        ssoStatus: 'Enabled',
        certificates: [expect.stringContaining('BEGIN CERTIFICATE')],
      },
    });
    expect(doc.users.map((u) => u.userName).sort()).toEqual(['alice', 'bob', 'carol']);
    expect(doc.users.find((u) => u.userName === 'alice')).toEqual({
      userName: 'alice',
      displayName: 'Alice A',
      firstName: 'Alice',
      lastName: 'Anders',
      email: 'alice@example.com',
      description: 'first',
      status: 'Enabled',
      mfaAuthenticationSetting: 'Enabled',
      tags: [
        { key: 'cost-center', value: '42' },
        { key: 'team', value: 'blue' },
      ],
    });
    expect(doc.users.find((u) => u.userName === 'bob')).toMatchObject({ status: 'Disabled', mfaAuthenticationSetting: 'Disabled', tags: [] });
    expect(doc.accessConfigurations.find((c) => c.name === 'Reader')?.permissionPolicies).toEqual([{ type: 'Inline', name: 'EcsRead', document: INLINE }]);
    expect(doc.accessAssignments).toHaveLength(3);

    // No secret of the directory: the SCIM credential, the password or its hash, keys of the server.
    for (const secret of [scimSecret, PASSWORD, source.rootKey.secret, source.masterKey ?? 'no-master-key', idp.privateKeyPem.split('\n')[1]!]) {
      expect(text).not.toContain(secret);
    }
    expect(text).not.toMatch(/\$argon2|PRIVATE KEY|CredentialSecret|password_hash|passwordHash/i);
  }, 120_000);

  it('a dry run prints the changes and writes nothing', async () => {
    const r = await runCli(['import', file, '--dry-run'], cliEnv(target));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('would create directory: directory transfer-');
    expect(r.stdout).toContain('would create users[0]: user ');
    expect(r.stdout).toContain('would create memberships[2]: membership ');
    expect(r.stdout).toContain('would create accessAssignments[2]: assignment of ');
    expect(r.stdout).toMatch(/Would make \d+ change\(s\): \d+ created, \d+ updated\. Nothing was written \(dry run\)\./);
    expect(await storeOf(target).directories.list()).toEqual([]);
    const events = await storeOf(target).audit.lookup({ startTime: 0, endTime: Date.now() + 3_600_000, where: {}, direction: 'BACKWARD', limit: 100 });
    expect(events.filter((e) => e.actorId === 'cloudsso-import')).toEqual([]);
  }, 120_000);

  it('an import into an empty server reproduces the directory row by row, and a second import changes nothing', async () => {
    const r = await runCli(['import', file], cliEnv(target));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Made \d+ change\(s\)/);
    const id = await onlyDirectory(target);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as TransferDocument;
    const again = await exportDirectory(coreOf(target), id);
    // Row by row, each section (users, groups, ... in the store's order are matched by name).
    const byKey = <T>(rows: readonly T[], key: (t: T) => string) => [...rows].sort((a, b) => key(a).localeCompare(key(b)));
    expect(again.directory).toEqual(exported.directory);
    expect(byKey(again.users, (u) => u.userName)).toEqual(byKey(exported.users, (u) => u.userName));
    expect(byKey(again.groups, (g) => g.groupName)).toEqual(byKey(exported.groups, (g) => g.groupName));
    const m = (x: { groupName: string; userName: string }) => `${x.groupName}/${x.userName}`;
    expect(byKey(again.memberships, m)).toEqual(byKey(exported.memberships, m));
    expect(byKey(again.accessConfigurations, (c) => c.name)).toEqual(byKey(exported.accessConfigurations, (c) => c.name));
    const a = (x: TransferDocument['accessAssignments'][number]) => JSON.stringify(x);
    expect(byKey(again.accessAssignments, a)).toEqual(byKey(exported.accessAssignments, a));
    // The assignments were provisioned through tasks, as CreateAccessAssignment does.
    const tasks = await storeOf(target).tasks.list({ directoryId: id, since: 0 }, undefined, 100);
    expect(tasks.filter((t) => t.taskType === 'CreateAccessAssignment').map((t) => t.status)).toEqual(['Success', 'Success', 'Success']);
    expect(await storeOf(target).access.countProvisionings(id)).toBe(2);
    // Each write was audited, naming the importer.
    const events = await storeOf(target).audit.list(id, 500);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['CreateUser', 'CreateGroup', 'AddUserToGroup', 'CreateAccessConfiguration', 'CreateAccessAssignment', 'SetPasswordPolicy']));
    expect(new Set(events.filter((e) => e.actorId !== 'AliyunServiceRoleForCloudSSO').map((e) => e.actorId))).toEqual(new Set(['cloudsso-import']));

    const second = await runCli(['import', file], cliEnv(target));
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim()).toBe('Nothing to change: the directory already matches the document.');
    expect((await storeOf(target).audit.list(id, 500)).length).toBe(events.length);
    expect(withoutTime(await exportDirectory(coreOf(target), id))).toEqual(withoutTime(again));
  }, 300_000);

  it('a bad row is reported with its path and reason, and nothing of the document is written', async () => {
    const id = await onlyDirectory(target);
    const before = withoutTime(await exportDirectory(coreOf(target), id));
    const doc = JSON.parse(readFileSync(file, 'utf8')) as Record<string, any>;
    // Shape errors: all reported at once, before anything is read from the store.
    const shape = structuredClone(doc);
    shape.users[1].status = 'Maybe';
    shape.memberships.push({ groupName: 'devs' });
    shape.accessConfigurations[0].sessionDuration = 10;
    const shapeFile = join(tempDir(), 'shape.json');
    writeFileSync(shapeFile, JSON.stringify(shape));
    const r1 = await runCli(['import', shapeFile], cliEnv(target));
    expect(r1.code).toBe(1);
    expect(r1.stderr).toContain('The import document was refused; nothing was written:');
    expect(r1.stderr).toContain('users[1].status: must be one of Enabled, Disabled');
    expect(r1.stderr).toContain('memberships[3].userName: must be a string');
    expect(r1.stderr).toContain('accessConfigurations[0].sessionDuration: must be an integer from 900 to 43200');

    // A row the core refuses half-way through: the rows before it (new users, a new group) are rolled back.
    const late = structuredClone(doc);
    late.users.push({ userName: 'dave' }, { userName: 'erin', email: 'not-an-address' });
    late.groups.push({ groupName: 'newcomers', description: null });
    late.directory.passwordPolicy.minPasswordLength = 20;
    const lateFile = join(tempDir(), 'late.json');
    writeFileSync(lateFile, JSON.stringify(late));
    const r2 = await runCli(['import', lateFile], cliEnv(target));
    expect(r2.code).toBe(1);
    expect(r2.stderr).toContain('users[4]: InvalidParameter: NewEmail must be an email address.'.replace('NewEmail', 'Email'));
    expect(withoutTime(await exportDirectory(coreOf(target), id))).toEqual(before);

    const notJson = join(tempDir(), 'broken.json');
    writeFileSync(notJson, '{"format": 1,');
    const r3 = await runCli(['import', notJson], cliEnv(target));
    expect(r3.code).toBe(1);
    expect(r3.stderr).toContain('$: not JSON:');
    const format = join(tempDir(), 'format.json');
    writeFileSync(format, JSON.stringify({ ...doc, format: 2 }));
    const r4 = await runCli(['import', format], cliEnv(target));
    expect(r4.stderr).toContain('format: must be 1 (this server reads format 1; got 2)');
    expect(withoutTime(await exportDirectory(coreOf(target), id))).toEqual(before);
  }, 300_000);
});

describe.each(DIALECTS)('CLOUDSSO_SEED_FILE on %s', (dialect) => {
  it('imports the document before the server listens, finds nothing to change at the next start, and refuses to start on a bad file', async () => {
    const dataDir = tempDir();
    const database = dialect === 'postgres' ? await createTestDatabase() : undefined;
    const seedFile = join(dataDir, 'seed.json');
    writeFileSync(
      seedFile,
      JSON.stringify({
        format: 1,
        directory: { name: 'seeded', passwordPolicy: { minPasswordLength: 10 } },
        users: [{ userName: 'ci-user', email: 'ci@example.com', tags: [{ key: 'env', value: 'ci' }] }],
        groups: [{ groupName: 'ci', description: null }],
        memberships: [{ groupName: 'ci', userName: 'ci-user' }],
        accessConfigurations: [{ name: 'CiRead', permissionPolicies: [{ type: 'System', name: 'ReadOnlyAccess' }] }],
      }),
    );
    const env = {
      CLOUDSSO_DATA_DIR: dataDir,
      CLOUDSSO_PORT: '0',
      CLOUDSSO_LOG_LEVEL: 'silent',
      CLOUDSSO_SEED_FILE: seedFile,
      CLOUDSSO_ROOT_ACCESS_KEY_ID: 'LTAI5tSeedFileTestKey01',
      CLOUDSSO_ROOT_ACCESS_KEY_SECRET: 'seed-file-test-secret-0123456789abcdef',
      ...(database ? { CLOUDSSO_DATABASE_URL: database.url } : {}),
    };
    const start = async (): Promise<{ stdout: string; url: string; stop: () => Promise<void> }> => {
      const p = spawnCli(['serve'], env);
      // The last line of the start (a signal sent during the start also ends in a clean shutdown).
      await p.waitFor('SCIM 2.0 endpoint');
      const url = /listening on (http:\/\/[^ ]+)/.exec(p.stdout())![1]!;
      return {
        stdout: p.stdout(),
        url,
        stop: async () => {
          p.child.kill('SIGTERM');
          expect((await p.exited).code).toBe(0);
        },
      };
    };
    try {
      const first = await start();
      expect(first.stdout).toMatch(/Seed file .*seed\.json: directory d-\w+, 6 created, 1 updated\./);
      const api = makeClient('openapi-client ACS3', {
        endpoint: first.url.replace('http://', ''),
        key: { id: env.CLOUDSSO_ROOT_ACCESS_KEY_ID, secret: env.CLOUDSSO_ROOT_ACCESS_KEY_SECRET },
      });
      const { Directories } = await api.call('ListDirectories', {});
      expect(Directories.map((d: { DirectoryName: string }) => d.DirectoryName)).toEqual(['seeded']);
      const DirectoryId = Directories[0].DirectoryId;
      const { Users } = await api.call('ListUsers', { DirectoryId });
      expect(Users.map((u: { UserName: string; Email: string }) => [u.UserName, u.Email])).toEqual([['ci-user', 'ci@example.com']]);
      expect((await api.call('GetPasswordPolicy', { DirectoryId })).PasswordPolicy.MinPasswordLength).toBe(10);
      await first.stop();

      const second = await start();
      expect(second.stdout).toMatch(/Seed file .*seed\.json: directory d-\w+ already matches it\./);
      await second.stop();

      writeFileSync(seedFile, JSON.stringify({ format: 1, directory: { name: 'seeded' }, users: [{ userName: 'bad name!' }] }));
      const bad = spawnCli(['serve'], env);
      const { code } = await bad.exited;
      expect(code).toBe(1);
      expect(bad.stderr()).toContain(`CLOUDSSO_SEED_FILE ${seedFile}: The import document was refused; nothing was written:`);
      expect(bad.stderr()).toContain('users[0]: InvalidParameter: The user name must be 1 to 64 characters');
      expect(bad.stdout()).not.toContain('listening');
    } finally {
      await database?.drop();
    }
  }, 300_000);
});
