import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditCommand } from '../../src/cli/audit.js';
import { loadConfig } from '../../src/config.js';
import { makeClient } from '../support/clients.js';
import { startTestServer, type TestServer } from '../support/server.js';

/** `cloudsso audit` against a running server: its rows, its filters, JSON lines, its errors. */
describe('cloudsso audit', () => {
  let node: TestServer;
  let credentialId: string;
  let credentialSecret: string;

  async function audit(...args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const config = loadConfig({
      CLOUDSSO_DATA_DIR: node.dataDir,
      CLOUDSSO_PORT: String(node.port),
      CLOUDSSO_ROOT_ACCESS_KEY_ID: node.rootKey.id,
      CLOUDSSO_ROOT_ACCESS_KEY_SECRET: node.rootKey.secret,
    });
    const code = await auditCommand(config, args, {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: {},
    });
    return { code, out, err };
  }

  beforeAll(async () => {
    node = await startTestServer('sqlite');
    const api = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    const directoryId = (await api.call('CreateDirectory', { DirectoryName: 'cli-audit' })).Directory.DirectoryId;
    const credential = (await api.call('CreateSCIMServerCredential', { DirectoryId: directoryId })).SCIMServerCredential;
    credentialId = credential.CredentialId;
    credentialSecret = credential.CredentialSecret;
    await api.call('SetSCIMSynchronizationStatus', { DirectoryId: directoryId, SCIMSynchronizationStatus: 'Enabled' });
    await api.call('CreateUser', { DirectoryId: directoryId, UserName: 'manual' });
    await api.fail('CreateUser', { DirectoryId: directoryId, UserName: 'manual' });
    const res = await fetch(`${node.url}/scim/v2/Users`, {
      method: 'POST',
      headers: { authorization: `Bearer ${credentialSecret}`, 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'idp-user@example.com' }),
    });
    expect(res.status).toBe(201);
  });
  afterAll(async () => {
    await node?.close();
  });

  it('prints one row per event, newest first, naming who, from where, and how it ended', async () => {
    const r = await audit();
    expect(r.code).toBe(0);
    expect(r.out[0]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ {2}scim {8}CreateUser {19}\S+ +127\.0\.0\.1 +ok user\/u-/);
    expect(r.out.some((l) => / cloudsso {4}CreateUser {19}root +127\.0\.0\.1 +FAILED EntityAlreadyExists\.User\.UserName/.test(l))).toBe(true);
  });

  it('filters by SCIM credential, by failure, and prints JSON lines', async () => {
    const mine = await audit('--credential', credentialId, '--json');
    expect(mine.code).toBe(0);
    const events = mine.out.map((l) => JSON.parse(l));
    expect(events.map((e) => [e.eventName, e.userIdentity.accessKeyId])).toEqual([['CreateUser', credentialId]]);
    const failed = await audit('--failed', '--since', '1h');
    expect(failed.out).toHaveLength(1);
    expect(failed.out[0]).toContain('FAILED EntityAlreadyExists.User.UserName');
    expect((await audit('--event', 'DeleteUser')).err).toEqual(['No events match.']);
    expect((await audit('--limit', '1')).out).toHaveLength(1);
  });

  it('exits 2 on bad arguments and 1 on an error response', async () => {
    expect((await audit('--since', 'last tuesday')).code).toBe(2);
    expect((await audit('--bogus')).code).toBe(2);
    const future = await audit('--since', '2999-01-02T00:00:00Z', '--until', '2999-01-01T00:00:00Z');
    expect(future.code).toBe(1);
    expect(future.err.join('\n')).toContain('InvalidParameter.EndTime');
  });
});
