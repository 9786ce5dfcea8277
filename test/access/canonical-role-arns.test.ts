import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { policyDocument, Ram, ramClient, ramUserWith, rejection, type RamClient } from '../support/ram.js';
import { DIALECTS, startTestServer, type AccessKeyPair, type TestServer } from '../support/server.js';

/**
 * The siblings of issue 9 item 1 in the products added after decision 0040: STS AssumeRole judged
 * the RoleArn as written, so `role/ADMIN` (or fullwidth) slipped past a Deny on `role/admin`; RAM's
 * role actions were judged on the stored spelling (`role/Mixed.Role`) while RAM shows, and policy
 * authors copy, the lower-case ARN (`role/mixed.role`); a trust policy naming a role by that ARN
 * did not admit the role's own sessions; Resource Directory's AccountId (docs/decisions/0085).
 */
const require = createRequire(import.meta.url);
const Sts = require('@alicloud/sts20150401');
const RM = require('@alicloud/resourcemanager20200331');
const Core = require('@alicloud/openapi-core');

const UID = '1234567890123456';
const ROLE = (name: string) => `acs:ram::${UID}:role/${name}`;
const fullwidth = (s: string) => [...s].map((c) => (c >= '!' && c <= '~' ? String.fromCodePoint(c.codePointAt(0)! + 0xfee0) : c)).join('');
const TRUST_ACCOUNT = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [`acs:ram::${UID}:root`] } }] });

interface Creds extends AccessKeyPair {
  readonly token?: string;
}

function config(endpoint: string, c: Creds): unknown {
  return new Core.$OpenApiUtil.Config({
    accessKeyId: c.id,
    accessKeySecret: c.secret,
    ...(c.token ? { securityToken: c.token } : {}),
    endpoint,
    protocol: 'http',
    regionId: 'cn-shanghai',
  });
}
const stsClient = (endpoint: string, c: Creds) => new Sts.default(config(endpoint, c));
const rmClient = (endpoint: string, c: Creds) => new RM.default(config(endpoint, c));

async function explicitDeny(p: Promise<unknown>, resources: string[]): Promise<void> {
  const e = await rejection(p);
  const detail = e.data?.AccessDeniedDetail;
  expect({ code: e.code, status: e.statusCode, type: detail?.NoPermissionType }).toEqual({ code: 'NoPermission', status: 403, type: 'ExplicitDeny' });
  expect(JSON.parse(Buffer.from(detail.EncodedDiagnosticMessage, 'base64').toString('utf8')).AuthResources).toEqual(resources);
}

describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let root: RamClient;
  let attackerKey: AccessKeyPair;

  beforeAll(async () => {
    node = await startTestServer(dialect);
    root = ramClient(node.endpoint, node.rootKey);
    for (const roleName of ['admin', 'helper', 'Mixed.Role']) {
      await root.createRole(new Ram.CreateRoleRequest({ roleName, assumeRolePolicyDocument: TRUST_ACCOUNT }));
    }
    attackerKey = await ramUserWith(root, 'attacker', {
      'assume-all-but-admin': policyDocument(
        { Effect: 'Allow', Action: ['sts:AssumeRole', 'ram:*'], Resource: '*' },
        { Effect: 'Deny', Action: 'sts:AssumeRole', Resource: [ROLE('admin'), ROLE('ghost')] },
        // The ARN GetRole shows for the role stored as Mixed.Role.
        { Effect: 'Deny', Action: 'ram:*', Resource: ROLE('mixed.role') },
      ),
    });
  });
  afterAll(() => node?.close());

  it('AssumeRole on the denied role is refused in every case and width of the RoleArn, judged on the stored role', async () => {
    const attacker = stsClient(node.endpoint, attackerKey);
    const spellings = [
      ROLE('admin'),
      ROLE('ADMIN'),
      ROLE('Admin'),
      ROLE('ａｄｍｉｎ'),
      ROLE('ＡＤＭＩＮ'),
      `ACS:RAM::${UID}:ROLE/admin`,
      `Acs:Ram::${UID}:Role/Admin`,
      fullwidth(ROLE('admin')),
    ];
    for (const roleArn of spellings) {
      await explicitDeny(attacker.assumeRole(new Sts.AssumeRoleRequest({ roleArn, roleSessionName: 'pwn' })), [ROLE('admin')]);
    }
    // A denied name nobody has yet: 403, not "does not exist", whatever the spelling.
    for (const roleArn of [ROLE('ghost'), ROLE('GHOST'), ROLE('Ｇｈｏｓｔ')]) {
      await explicitDeny(attacker.assumeRole(new Sts.AssumeRoleRequest({ roleArn, roleSessionName: 'pwn' })), [ROLE('ghost')]);
    }
    // The root of the account is not denied: the role itself is assumable, so the Deny is what refused.
    const ok = (await stsClient(node.endpoint, node.rootKey).assumeRole(new Sts.AssumeRoleRequest({ roleArn: ROLE('ADMIN'), roleSessionName: 'root' }))).body;
    expect(ok.assumedRoleUser.arn).toBe(`${ROLE('admin')}/root`);
  });

  it('what is not denied is assumable under any ASCII spelling and acts on the stored role; a fullwidth RoleArn is malformed once authorized', async () => {
    const attacker = stsClient(node.endpoint, attackerKey);
    for (const roleArn of [ROLE('HELPER'), `ACS:RAM::${UID}:ROLE/Helper`]) {
      const res = (await attacker.assumeRole(new Sts.AssumeRoleRequest({ roleArn, roleSessionName: 'attacker' }))).body;
      expect(res.assumedRoleUser.arn).toBe(`${ROLE('helper')}/attacker`);
      const roleId = (await root.getRole(new Ram.GetRoleRequest({ roleName: 'helper' }))).body.role.roleId;
      expect(res.assumedRoleUser.assumedRoleId).toBe(`${roleId}:attacker`);
    }
    const e = await rejection(attacker.assumeRole(new Sts.AssumeRoleRequest({ roleArn: ROLE('ｈｅｌｐｅｒ'), roleSessionName: 'attacker' })));
    expect({ code: e.code, status: e.statusCode }).toEqual({ code: 'InvalidParameter.RoleArn', status: 400 });
  });

  it('RAM role actions are judged on the ARN RAM shows (lower case), in every spelling of the role name', async () => {
    const attacker = ramClient(node.endpoint, attackerKey);
    const shown = (await root.getRole(new Ram.GetRoleRequest({ roleName: 'mixed.role' }))).body.role;
    expect(shown).toMatchObject({ roleName: 'Mixed.Role', arn: ROLE('mixed.role') });
    for (const roleName of ['Mixed.Role', 'mixed.role', 'MIXED.ROLE', 'ｍｉｘｅｄ.ｒｏｌｅ']) {
      const role = [ROLE('mixed.role')];
      await explicitDeny(attacker.getRole(new Ram.GetRoleRequest({ roleName })), role);
      await explicitDeny(attacker.updateRole(new Ram.UpdateRoleRequest({ roleName, newDescription: 'pwned' })), role);
      await explicitDeny(attacker.deleteRole(new Ram.DeleteRoleRequest({ roleName })), role);
      await explicitDeny(attacker.listPoliciesForRole(new Ram.ListPoliciesForRoleRequest({ roleName })), role);
      await explicitDeny(
        attacker.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({ policyType: 'System', policyName: 'AdministratorAccess', roleName })),
        [`acs:ram::${UID}:policy/AdministratorAccess`, ...role],
      );
    }
    const after = (await root.getRole(new Ram.GetRoleRequest({ roleName: 'Mixed.Role' }))).body.role;
    expect(after.description ?? '').not.toBe('pwned');
    expect((await root.listPoliciesForRole(new Ram.ListPoliciesForRoleRequest({ roleName: 'Mixed.Role' }))).body.policies.policy).toEqual([]);
  });

  it('a trust policy naming a role by the ARN RAM shows admits that role\'s sessions (role chaining)', async () => {
    await root.createRole(new Ram.CreateRoleRequest({ roleName: 'Chain.Source', assumeRolePolicyDocument: TRUST_ACCOUNT }));
    await root.attachPolicyToRole(new Ram.AttachPolicyToRoleRequest({ policyType: 'System', policyName: 'AliyunSTSAssumeRoleAccess', roleName: 'Chain.Source' }));
    const trustSource = JSON.stringify({ Version: '1', Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Principal: { RAM: [ROLE('chain.source')] } }] });
    await root.createRole(new Ram.CreateRoleRequest({ roleName: 'chained', assumeRolePolicyDocument: trustSource }));
    const source = (await stsClient(node.endpoint, node.rootKey).assumeRole(new Sts.AssumeRoleRequest({ roleArn: ROLE('chain.source'), roleSessionName: 's1' })))
      .body.credentials;
    const session: Creds = { id: source.accessKeyId, secret: source.accessKeySecret, token: source.securityToken };
    const chained = (await stsClient(node.endpoint, session).assumeRole(new Sts.AssumeRoleRequest({ roleArn: ROLE('chained'), roleSessionName: 's2' }))).body;
    expect(chained.assumedRoleUser.arn).toBe(`${ROLE('chained')}/s2`);
    // The root of the account is not the source role: the trust names only the role.
    const e = await rejection(stsClient(node.endpoint, node.rootKey).assumeRole(new Sts.AssumeRoleRequest({ roleArn: ROLE('chained'), roleSessionName: 's3' })));
    expect({ code: e.code, status: e.statusCode }).toEqual({ code: 'NoPermission', status: 403 });
  });

  it('Resource Directory: a Deny on a member account holds; another spelling of its AccountId names no account and changes nothing', async () => {
    const rootRm = rmClient(node.endpoint, node.rootKey);
    await rootRm.enableResourceDirectory(new RM.EnableResourceDirectoryRequest({ enableMode: 'CurrentAccount' }));
    const memberId: string = (await rootRm.createResourceAccount(new RM.CreateResourceAccountRequest({ displayName: 'Guarded', accountNamePrefix: 'guarded' })))
      .body.account.accountId;
    const key = await ramUserWith(root, 'rd-operator', {
      'rd-all-but-guarded': policyDocument(
        { Effect: 'Allow', Action: 'resourcemanager:*', Resource: '*' },
        { Effect: 'Deny', Action: 'resourcemanager:*', Resource: `acs:resourcemanager::${UID}:account/${memberId}` },
      ),
    });
    const operator = rmClient(node.endpoint, key);
    await explicitDeny(operator.deleteAccount(new RM.DeleteAccountRequest({ accountId: memberId })), [`acs:resourcemanager::${UID}:account/${memberId}`]);
    for (const accountId of [fullwidth(memberId), ` ${memberId}`, `${memberId} `, `0${memberId}`, `+${memberId}`]) {
      for (const call of [
        () => operator.getAccount(new RM.GetAccountRequest({ accountId })),
        () => operator.updateAccount(new RM.UpdateAccountRequest({ accountId, newDisplayName: 'pwned' })),
        () => operator.deleteAccount(new RM.DeleteAccountRequest({ accountId })),
      ]) {
        const e = await rejection(call());
        expect({ accountId, code: e.code, status: e.statusCode }).toEqual({ accountId, code: 'EntityNotExists.Account', status: 404 });
      }
    }
    expect((await rootRm.getAccount(new RM.GetAccountRequest({ accountId: memberId }))).body.account.displayName).toBe('Guarded');
  });
});
