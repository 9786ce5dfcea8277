import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../support/clients.js';
import { runCli, spawnCli, type CliProcess } from '../support/cli-process.js';
import { client } from '../support/management.js';
import { PortalBrowser } from '../support/portal.js';
import { Ram, rejection } from '../support/ram.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';

/**
 * `cloudsso sso login` and `cloudsso sso credentials` as a real process (issue 13;
 * docs/decisions/0165, 0166) against a real server on both databases: a user provisioned by SCIM as
 * Entra does it, assigned an access configuration on a member account; the CLI runs the device
 * flow, the user approves on the portal's device page (HTTP with the session cookie), and the CLI
 * writes a CloudSSO profile in $HOME/.aliyun/config.json. @alicloud/credentials, unchanged, loads
 * that profile through its default chain (ALIBABA_CLOUD_PROFILE → its CLI-profile provider → its
 * CloudSSO provider) and the RAM SDK calls the member account with it: allowed by the
 * configuration's policy, 403 otherwise.
 */
const require = createRequire(import.meta.url);
const RM = require('@alicloud/resourcemanager20200331');
const Sts = require('@alicloud/sts20150401');
const Core = require('@alicloud/openapi-core');
const Credential = require('@alicloud/credentials').default;

const PASSWORD = 'Corr3ct!horse';
const INLINE = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:ListUsers', Resource: '*' }] });

describe.each(DIALECTS)('cloudsso sso on %s', (dialect) => {
  let node: TestServer;
  let api: ApiClient;
  let memberId: string;
  const home = mkdtempSync(join(tmpdir(), 'cloudsso-sso-home-'));
  const configPath = join(home, '.aliyun', 'config.json');
  const env = { HOME: home, USERPROFILE: home };
  const saved = { HOME: process.env.HOME, ALIBABA_CLOUD_PROFILE: process.env.ALIBABA_CLOUD_PROFILE };
  let d: { DirectoryId: string; name: string; UserId: string; AccessConfigurationId: string };

  beforeAll(async () => {
    node = await startTestServer(dialect, { env: { CLOUDSSO_MAX_DIRECTORIES: '1000', CLOUDSSO_AUTH_FAILURES_PER_IP: '10000', CLOUDSSO_DEVICE_POLL_INTERVAL: '1' } });
    api = client(node);
    const cfg = new Core.$OpenApiUtil.Config({ accessKeyId: node.rootKey.id, accessKeySecret: node.rootKey.secret, endpoint: node.endpoint, protocol: 'http', regionId: 'cn-shanghai' });
    const rm = new RM.default(cfg);
    await rm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }));
    memberId = (await rm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Production', accountNamePrefix: 'prod' }))).body.account.accountId;

    // A directory whose users come from an IdP over SCIM (an Entra-style POST /Users).
    const DirectoryId = (await api.call('CreateDirectory', { DirectoryName: `ssocli-${dialect}` })).Directory.DirectoryId as string;
    const name = (await api.call('GetDirectory', { DirectoryId })).Directory.DirectoryName as string;
    const scim = (await api.call('CreateSCIMServerCredential', { DirectoryId })).SCIMServerCredential.CredentialSecret as string;
    await api.call('SetSCIMSynchronizationStatus', { DirectoryId, SCIMSynchronizationStatus: 'Enabled' });
    const created = await fetch(`${node.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${scim}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
        externalId: '0a3a9f1e-5b1c-4c8e-9a57-3f7e2d9b1c11',
        userName: 'alice@example.com',
        active: true,
        displayName: 'Alice',
        emails: [{ primary: true, type: 'work', value: 'alice@example.com' }],
        name: { givenName: 'Alice', familyName: 'Liddell' },
      }),
    });
    expect(created.status).toBe(201);
    const UserId = ((await created.json()) as { id: string }).id;
    await api.call('ResetUserPassword', { DirectoryId, UserId, Password: PASSWORD });
    await api.call('UpdateMFAAuthenticationSettings', { DirectoryId, MFAAuthenticationSettings: 'Disabled' });
    await api.call('SetLoginPreference', { DirectoryId, AllowUserToGetCredentials: true });
    const AccessConfigurationId = (await api.call('CreateAccessConfiguration', { DirectoryId, AccessConfigurationName: 'ReadUsers', SessionDuration: 3600 }))
      .AccessConfiguration.AccessConfigurationId as string;
    await api.call('AddPermissionPolicyToAccessConfiguration', { DirectoryId, AccessConfigurationId, PermissionPolicyType: 'Inline', PermissionPolicyName: 'list-users', InlinePolicyDocument: INLINE });
    const task = await api.call('CreateAccessAssignment', { DirectoryId, AccessConfigurationId, TargetType: 'RD-Account', TargetId: memberId, PrincipalType: 'User', PrincipalId: UserId });
    for (let i = 0; ; i++) {
      const s = (await api.call('GetTaskStatus', { DirectoryId, TaskId: task.Task.TaskId })).TaskStatus.Status;
      if (s === 'Success') break;
      if (s !== 'InProgress' || i > 60) throw new Error(`assignment task ${s}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    d = { DirectoryId, name, UserId, AccessConfigurationId };
  });
  afterAll(async () => {
    process.env.HOME = saved.HOME;
    if (saved.ALIBABA_CLOUD_PROFILE === undefined) delete process.env.ALIBABA_CLOUD_PROFILE;
    else process.env.ALIBABA_CLOUD_PROFILE = saved.ALIBABA_CLOUD_PROFILE;
    await node?.close();
    rmSync(home, { recursive: true, force: true });
  });

  const portal = () => `${node.url}/portal/${d.name}`;

  /** Signs alice in to the portal and decides the code the CLI printed. */
  async function decide(cli: CliProcess, decision: 'approve' | 'deny'): Promise<string> {
    await cli.waitFor('Waiting for your approval');
    const code = /approve the code ([B-Z]{4}-[B-Z]{4})/.exec(cli.stdout())?.[1];
    expect(code).toBeDefined();
    expect(cli.stdout()).toContain(`${node.url}/device/code?user_code=${code}`);
    const b = new PortalBrowser(node.url);
    await b.get(`/portal/${d.name}/login`);
    expect((await b.post(`/portal/${d.name}/login`, { username: 'alice@example.com', password: PASSWORD })).status).toBe(303);
    const page = await b.get(`/portal/${d.name}/device?user_code=${code}`);
    expect(page.status).toBe(200);
    expect((await b.post(`/portal/${d.name}/device`, { user_code: code!, decision })).status).toBe(200);
    return code!;
  }

  const readConfig = () => JSON.parse(readFileSync(configPath, 'utf8')) as { current: string; profiles: Record<string, unknown>[]; meta_path: string };

  it('tells device-flow clients the configured poll interval (CLOUDSSO_DEVICE_POLL_INTERVAL)', async () => {
    const challenge = createHash('sha256').update('v'.repeat(48)).digest('base64url');
    const res = await fetch(`${node.url}/device-authorization`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ PortalUrl: portal(), ClientId: 'app-vaz16tltdxs96audqf35', CodeChallenge: challenge, CodeChallengeMethod: 'S256' }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { Interval: number }).Interval).toBe(1);
  });

  it('logs in by the device flow and writes a CloudSSO profile that @alicloud/credentials loads unchanged; RAM allows what the policy allows', async () => {
    // Someone's existing Alibaba CLI configuration: left as it is, but for the profile written.
    const keep = { name: 'keep', mode: 'AK', access_key_id: 'LTAIkeep', access_key_secret: 'keep-secret', region_id: 'cn-beijing', output_format: 'json', language: 'en' };
    mkdirSync(join(home, '.aliyun'), { recursive: true });
    writeFileSync(configPath, JSON.stringify({ current: 'keep', profiles: [keep], meta_path: '/opt/meta' }, null, 4), { mode: 0o644 });

    const cli = spawnCli(['sso', 'login', '--portal', portal(), '--profile', 'dev', '--no-browser'], env);
    await decide(cli, 'approve');
    const { code } = await cli.exited;
    expect({ code, stderr: cli.stderr() }).toEqual({ code: 0, stderr: '' });
    expect(cli.stdout()).toContain(`Profile "dev" written to ${configPath} (mode 0600): account Production (${memberId}), access configuration ReadUsers (${d.AccessConfigurationId}).`);

    expect(statSync(configPath).mode & 0o777).toBe(0o600);
    const conf = readConfig();
    expect(conf.current).toBe('dev');
    expect(conf.meta_path).toBe('/opt/meta');
    expect(conf.profiles[0]).toEqual(keep);
    const nowS = Math.floor(Date.now() / 1000);
    expect(conf.profiles[1]).toEqual({
      name: 'dev',
      mode: 'CloudSSO',
      region_id: 'cn-hangzhou',
      output_format: 'json',
      language: 'en',
      cloud_sso_sign_in_url: portal(),
      access_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      cloud_sso_access_token_expire: expect.any(Number),
      cloud_sso_account_id: memberId,
      cloud_sso_access_config: d.AccessConfigurationId,
      access_key_id: expect.stringMatching(/^STS\./),
      access_key_secret: expect.any(String),
      sts_token: expect.stringMatching(/^CAIS/),
      sts_expiration: expect.any(Number),
    });
    const dev = conf.profiles[1]!;
    expect(dev.cloud_sso_access_token_expire as number).toBeGreaterThan(nowS + 7 * 3600);
    expect(Math.abs((dev.sts_expiration as number) - (nowS + 3600))).toBeLessThan(30);
    // The access token is in the file only: not on the terminal.
    expect(cli.stdout()).not.toContain(dev.access_token as string);

    // The SDK's own default chain, as an application would use it.
    process.env.HOME = home;
    process.env.ALIBABA_CLOUD_PROFILE = 'dev';
    const credential = new Credential();
    const got = await credential.getCredential();
    expect(got.providerName).toBe('default/cli_profile');
    expect(got.accessKeyId).toMatch(/^STS\./);
    const cfg = new Core.$OpenApiUtil.Config({ credential, endpoint: node.endpoint, protocol: 'http', regionId: 'cn-shanghai' });
    const who = (await new Sts.default(cfg).getCallerIdentity()).body;
    expect(who).toMatchObject({ accountId: memberId, identityType: 'AssumedRoleUser', arn: `acs:ram::${memberId}:role/aliyunreservedsso-readusers/alice@example.com` });
    const ram = new Ram.default(cfg);
    expect((await ram.listUsers(new Ram.ListUsersRequest({}))).body.users).toBeDefined();
    const denied = await rejection(ram.createUser(new Ram.CreateUserRequest({ userName: 'mallory' })));
    expect({ code: denied.code, status: denied.statusCode }).toEqual({ code: 'NoPermission', status: 403 });

    // `cloudsso sso credentials`: the cached credentials as env lines, PowerShell lines or JSON.
    const envOut = await runCli(['sso', 'credentials', '--profile', 'dev'], env);
    expect(envOut.code).toBe(0);
    expect(envOut.stdout).toBe(
      `export ALIBABA_CLOUD_ACCESS_KEY_ID=${String(dev.access_key_id)}\nexport ALIBABA_CLOUD_ACCESS_KEY_SECRET=${String(dev.access_key_secret)}\nexport ALIBABA_CLOUD_SECURITY_TOKEN=${String(dev.sts_token)}\n`,
    );
    const ps = await runCli(['sso', 'credentials', '--format', 'powershell'], { ...env, ALIBABA_CLOUD_PROFILE: 'dev' });
    expect(ps.stdout.split('\n')[0]).toBe(`$Env:ALIBABA_CLOUD_ACCESS_KEY_ID="${String(dev.access_key_id)}"`);

    // Cached credentials expired, token still valid: fresh ones from the portal, stored in the profile.
    writeFileSync(configPath, JSON.stringify({ ...conf, profiles: [keep, { ...dev, sts_expiration: nowS - 1 }] }, null, 4));
    const fresh = await runCli(['sso', 'credentials', '--format', 'json'], env);
    expect(fresh.code).toBe(0);
    const fc = JSON.parse(fresh.stdout) as Record<string, string>;
    expect(fc).toEqual({ AccessKeyId: expect.stringMatching(/^STS\./), AccessKeySecret: expect.any(String), SecurityToken: expect.stringMatching(/^CAIS/), Expiration: expect.stringMatching(/Z$/) });
    expect(fc.AccessKeyId).not.toBe(dev.access_key_id);
    expect(readConfig().profiles[1]).toMatchObject({ access_key_id: fc.AccessKeyId, sts_token: fc.SecurityToken });
    expect(readConfig().profiles[0]).toEqual(keep);
    expect(statSync(configPath).mode & 0o777).toBe(0o600);

    // Both expired: a clear message, and @alicloud/credentials says the same in its words.
    writeFileSync(configPath, JSON.stringify({ ...conf, profiles: [keep, { ...dev, sts_expiration: nowS - 1, cloud_sso_access_token_expire: nowS - 1 }] }, null, 4));
    const expired = await runCli(['sso', 'credentials', '--profile', 'dev'], env);
    expect(expired.code).toBe(1);
    expect(expired.stdout).toBe('');
    expect(expired.stderr).toContain(`The CloudSSO access token of profile "dev" expired at ${new Date((nowS - 1) * 1000).toISOString()}. Run cloudsso sso login --portal ${portal()} --profile dev again.`);
    const sdkExpired = await rejection(new Credential().getCredential());
    expect(sdkExpired.message).toContain('CloudSSO access token is empty or expired');

    // A token the server no longer knows (revoked): the same advice.
    writeFileSync(configPath, JSON.stringify({ ...conf, profiles: [keep, { ...dev, sts_expiration: nowS - 1, access_token: 'x'.repeat(43) }] }, null, 4));
    const revoked = await runCli(['sso', 'credentials', '--profile', 'dev'], env);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain(`The CloudSSO access token of profile "dev" is no longer valid`);
    expect(revoked.stderr).toContain('Run cloudsso sso login');
  }, 240_000);

  it('takes the account and access configuration from flags, refuses one not assigned, and reports a denied sign-in', async () => {
    const byName = spawnCli(
      ['sso', 'login', '--portal', `${node.url}/device/login`, '--profile', 'ci', '--account-id', memberId, '--access-configuration-id', 'ReadUsers', '--region', 'cn-shanghai', '--no-browser'],
      { ...env, ALIBABA_CLOUD_SSO_CLIENT_ID: 'app-vaz16tltdxs96audqf35' },
    );
    await decide(byName, 'approve');
    expect((await byName.exited).code).toBe(0);
    const ci = readConfig().profiles.find((p) => p.name === 'ci')!;
    expect(ci).toMatchObject({ mode: 'CloudSSO', region_id: 'cn-shanghai', cloud_sso_account_id: memberId, cloud_sso_access_config: d.AccessConfigurationId });
    expect(readConfig().profiles.map((p) => p.name)).toEqual(['keep', 'dev', 'ci']);

    const wrong = spawnCli(['sso', 'login', '--portal', portal(), '--profile', 'x', '--account-id', '1999999999999999', '--no-browser'], env);
    await decide(wrong, 'approve');
    expect((await wrong.exited).code).toBe(1);
    expect(wrong.stderr()).toContain(`--account-id 1999999999999999 is not one of the accounts assigned to you:\n  1. Production (${memberId})`);
    expect(readConfig().profiles.map((p) => p.name)).toEqual(['keep', 'dev', 'ci']);

    const denied = spawnCli(['sso', 'login', '--portal', portal(), '--profile', 'y', '--no-browser'], env);
    await decide(denied, 'deny');
    expect((await denied.exited).code).toBe(1);
    expect(denied.stderr()).toContain('The sign-in was denied');

    // Another client ID than the portal's public one is refused by the server, before any browser.
    const otherClient = await runCli(['sso', 'login', '--portal', portal(), '--no-browser'], { ...env, ALIBABACLOUD_SSO_CLIENT_ID: 'app-someoneelse' });
    expect(otherClient.code).toBe(1);
    expect(otherClient.stderr).toContain('Could not start the sign-in: InvalidClientId');
    const usage = await runCli(['sso', 'login'], env);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('cloudsso sso login needs --portal URL');
  }, 300_000);
});

describe('cloudsso sso without a server', () => {
  it('leaves a configuration file that is not JSON alone, and explains a missing or non-CloudSSO profile', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cloudsso-sso-home-'));
    try {
      const env = { HOME: home, USERPROFILE: home };
      const path = join(home, '.aliyun', 'config.json');
      const none = await runCli(['sso', 'credentials'], env);
      expect({ code: none.code, stderr: none.stderr }).toEqual({ code: 1, stderr: `There is no ${path} yet. Run cloudsso sso login --portal URL first.\n` });

      mkdirSync(join(home, '.aliyun'));
      writeFileSync(path, '{"profiles": [', { mode: 0o600 });
      // Refused before any request: the portal URL points nowhere.
      const broken = await runCli(['sso', 'login', '--portal', 'http://127.0.0.1:9/portal/x', '--no-browser'], env);
      expect({ code: broken.code, stderr: broken.stderr }).toEqual({ code: 1, stderr: `${path} is not valid JSON; fix or move it first (it is left as it is).\n` });
      expect(readFileSync(path, 'utf8')).toBe('{"profiles": [');

      writeFileSync(path, JSON.stringify({ current: 'ak', profiles: [{ name: 'ak', mode: 'AK', access_key_id: 'LTAIx', access_key_secret: 's' }] }));
      const ak = await runCli(['sso', 'credentials'], env);
      expect(ak.code).toBe(1);
      expect(ak.stderr).toContain('Profile "ak" in');
      expect(ak.stderr).toContain('is in AK mode, not CloudSSO.');
      const missing = await runCli(['sso', 'credentials', '--profile', 'nope', '--format', 'json'], env);
      expect(missing.stderr).toContain('There is no profile "nope"');
      const format = await runCli(['sso', 'credentials', '--format', 'yaml'], env);
      expect({ code: format.code, stderr: format.stderr }).toEqual({ code: 2, stderr: '--format must be env, powershell or json, not "yaml".\n' });
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  }, 180_000);
});
