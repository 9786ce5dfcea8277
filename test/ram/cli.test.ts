import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ramCommand } from '../../src/cli/ram.js';
import { loadConfig } from '../../src/config.js';
import { makeClient, type ApiClient } from '../support/clients.js';
import { DIALECTS, startTestServer, type TestServer } from '../support/server.js';
import { ARN, expectDenied, policyDocument } from '../support/ram.js';

/**
 * `cloudsso ram ...` end to end: the CLI is a client of the server's RAM API, so what it creates
 * is in the store and governs the very next management API call.
 */
describe.each(DIALECTS)('on %s', (dialect) => {
  let node: TestServer;
  let root: ApiClient;
  let tmp: string;
  let directoryId: string;
  let credentialId: string;

  /** Runs one `cloudsso ram` command; returns its exit code and what it printed. */
  async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({
      CLOUDSSO_DATA_DIR: node.dataDir,
      CLOUDSSO_ROOT_ACCESS_KEY_ID: node.rootKey.id,
      CLOUDSSO_ROOT_ACCESS_KEY_SECRET: node.rootKey.secret,
    });
    const code = await ramCommand(config, args, { out: (s) => out.push(s), err: (s) => err.push(s), env: { CLOUDSSO_ENDPOINT: node.url } });
    return { code, out: out.join('\n'), err: err.join('\n') };
  }
  const ok = async (...args: string[]) => {
    const r = await cli(...args);
    expect(r, `cloudsso ram ${args.join(' ')}`).toMatchObject({ code: 0, err: '' });
    return r.out;
  };

  beforeAll(async () => {
    node = await startTestServer(dialect);
    root = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    tmp = mkdtempSync(join(tmpdir(), 'cloudsso-ram-cli-'));
    directoryId = (await root.call('CreateDirectory', { DirectoryName: 'cli-corp' })).Directory.DirectoryId;
    credentialId = (await root.call('CreateSCIMServerCredential', { DirectoryId: directoryId })).SCIMServerCredential.CredentialId;
  });
  afterAll(async () => {
    await node?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('a command named like an Object.prototype member is an unknown command, not a crash', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      const r = await cli(name);
      expect({ name, code: r.code }).toEqual({ name, code: 2 });
      expect(r.err).toContain(`Unknown ram command "${name}"`);
    }
  });

  it('create-user, create-access-key, create-policy, attach-policy, then a call with that key is authorized by it', async () => {
    expect(JSON.parse(await ok('create-user', '--name', 'deployer', '--display-name', 'CI deployer'))).toMatchObject({
      UserName: 'deployer',
      DisplayName: 'CI deployer',
    });
    const printed = await ok('create-access-key', '--user', 'deployer');
    const key = JSON.parse(printed);
    expect(Object.keys(key)).toEqual(['AccessKeyId', 'AccessKeySecret']);

    const file = join(tmp, 'rotate.json');
    const arn = ARN(`directory/${directoryId}/scim-credential/${credentialId}`);
    writeFileSync(file, policyDocument({ Effect: 'Allow', Action: 'cloudsso:UpdateSCIMServerCredentialStatus', Resource: arn }));
    expect(JSON.parse(await ok('create-policy', '--name', 'rotate-scim', '--document', file, '--description', 'Rotate one credential'))).toMatchObject({
      PolicyName: 'rotate-scim',
      PolicyType: 'Custom',
    });
    await ok('create-policy', '--name', 'read-directory', '--document', policyDocument({ Effect: 'Allow', Action: 'cloudsso:GetDirectory', Resource: '*' }));
    await ok('attach-policy', '--policy', 'rotate-scim', '--user', 'deployer');

    const api = makeClient('pop-core POST', { endpoint: node.endpoint, key: { id: key.AccessKeyId, secret: key.AccessKeySecret } });
    const r = await api.call('UpdateSCIMServerCredentialStatus', { DirectoryId: directoryId, CredentialId: credentialId, NewStatus: 'Disabled' });
    expect(r.SCIMServerCredential.Status).toBe('Disabled');
    expectDenied(await api.fail('GetDirectory', { DirectoryId: directoryId }), {
      action: 'cloudsso:GetDirectory',
      resources: [ARN(`directory/${directoryId}`)],
      userName: 'deployer',
      type: 'ImplicitDeny',
    });

    // Through a group.
    await ok('create-group', '--name', 'readers');
    await ok('add-user-to-group', '--group', 'readers', '--user', 'deployer');
    await ok('attach-policy', '--policy', 'read-directory', '--group', 'readers');
    expect((await api.call('GetDirectory', { DirectoryId: directoryId })).Directory.DirectoryId).toBe(directoryId);

    // Listings.
    const policies = JSON.parse(await ok('list-policies'));
    expect(policies.map((p: any) => [p.PolicyName, p.AttachmentCount])).toEqual([
      ['read-directory', 1],
      ['rotate-scim', 1],
    ]);
    expect(JSON.parse(await ok('list-policies', '--user', 'deployer')).map((p: any) => p.PolicyName)).toEqual(['rotate-scim']);
    expect(JSON.parse(await ok('list-policies', '--group', 'readers')).map((p: any) => p.PolicyName)).toEqual(['read-directory']);
    expect(JSON.parse(await ok('list-users')).map((u: any) => u.UserName)).toEqual(['deployer']);
    const keys = await ok('list-access-keys', '--user', 'deployer');
    expect(JSON.parse(keys)).toEqual([expect.objectContaining({ AccessKeyId: key.AccessKeyId, Status: 'Active' })]);
    expect(keys).not.toContain(key.AccessKeySecret);

    // disable-access-key finds the owner itself; the next call is refused.
    await ok('disable-access-key', '--id', key.AccessKeyId);
    expect((await api.fail('GetDirectory', { DirectoryId: directoryId })).code).toBe('InvalidAccessKeyId.Inactive');
    await ok('enable-access-key', '--id', key.AccessKeyId, '--user', 'deployer');
    await api.call('GetDirectory', { DirectoryId: directoryId });

    // Errors: the server's error body on stderr and exit 1; usage errors exit 2.
    const bad = await cli('create-policy', '--name', 'broken', '--document', '{"Version":"1","Statement":[{"Effect":"Permit","Action":"*","Resource":"*"}]}');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.err)).toMatchObject({ Code: 'InvalidParameter.PolicyDocument' });
    expect(JSON.parse(bad.err).Message).toContain('Statement[0].Effect');
    expect((await cli('attach-policy', '--policy', 'rotate-scim')).code).toBe(2);
    expect((await cli('no-such-command')).code).toBe(2);
    const refused = await cli('delete-user', '--name', 'deployer');
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.err).Code).toBe('DeleteConflict.User.AccessKey');

    // Tear down in RAM's order.
    await ok('detach-policy', '--policy', 'rotate-scim', '--user', 'deployer');
    await ok('detach-policy', '--policy', 'read-directory', '--group', 'readers');
    await ok('remove-user-from-group', '--group', 'readers', '--user', 'deployer');
    await ok('delete-access-key', '--id', key.AccessKeyId);
    expect((await api.fail('GetDirectory', { DirectoryId: directoryId })).code).toBe('InvalidAccessKeyId.NotFound');
    await ok('delete-user', '--name', 'deployer');
    await ok('delete-group', '--name', 'readers');
    await ok('delete-policy', '--name', 'rotate-scim');
    expect(JSON.parse(await ok('list-policies')).map((p: any) => p.PolicyName)).toEqual(['read-directory']);
  });
});
