import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeClient, type ApiClient, type Body } from '../support/clients.js';
import { policyDocument, ramClient, ramUserWith } from '../support/ram.js';
import { DIALECTS, startTestServer, type AccessKeyPair, type TestServer } from '../support/server.js';

/**
 * The audit trail read through ActionTrail's LookupEvents (2020-07-06) with the real
 * @alicloud/openapi-client (no typed ActionTrail SDK exists on npm; the generic client is what the
 * typed one wraps), after a scripted session: a directory with SCIM on, a credential, users made
 * by an IdP through SCIM (one with a password), a management write, failed and denied calls.
 */
const PASSWORD = 'Idp-Set-Passw0rd!x';
const RESET_PASSWORD = 'Admin-Reset-Passw0rd!y';

describe.each(DIALECTS)('LookupEvents on %s', (dialect) => {
  let node: TestServer;
  let cloudsso: ApiClient;
  let trail: ApiClient;
  let directoryId: string;
  let credentialId: string;
  let credentialSecret: string;
  let auditor: AccessKeyPair;
  let intruder: AccessKeyPair;
  let scimUserIds: string[];

  const scim = (method: string, path: string, body?: unknown) =>
    fetch(`${node.url}/scim/v2${path}`, {
      method,
      headers: { authorization: `Bearer ${credentialSecret}`, 'content-type': 'application/scim+json', 'user-agent': 'Okta SCIM Client 1.0' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
  const lookup = (params: Record<string, unknown> = {}) => trail.call('LookupEvents', params);
  /** Every event of a query, through NextToken. */
  async function all(params: Record<string, unknown>): Promise<Body[]> {
    const events: Body[] = [];
    let token: string | undefined;
    do {
      const page = await lookup({ ...params, ...(token ? { NextToken: token } : {}) });
      events.push(...page.Events);
      token = page.NextToken;
    } while (token);
    return events;
  }

  beforeAll(async () => {
    node = await startTestServer(dialect);
    cloudsso = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey });
    trail = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: node.rootKey, version: '2020-07-06' });

    directoryId = (await cloudsso.call('CreateDirectory', { DirectoryName: `audit-${dialect}` })).Directory.DirectoryId;
    const credential = (await cloudsso.call('CreateSCIMServerCredential', { DirectoryId: directoryId })).SCIMServerCredential;
    credentialId = credential.CredentialId;
    credentialSecret = credential.CredentialSecret;
    await cloudsso.call('SetSCIMSynchronizationStatus', { DirectoryId: directoryId, SCIMSynchronizationStatus: 'Enabled' });

    scimUserIds = [];
    for (const [userName, extra] of [
      ['alice@example.com', { password: PASSWORD }],
      ['bob@example.com', {}],
    ] as const) {
      const res = await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName, active: true, ...extra });
      expect(res.status).toBe(201);
      scimUserIds.push(((await res.json()) as { id: string }).id);
    }
    // The IdP retries a create: 409 uniqueness, a failed write of that credential.
    expect((await scim('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'bob@example.com' })).status).toBe(409);

    // Management writes: a user, a password reset, and a duplicate (failed) create.
    const manual = (await cloudsso.call('CreateUser', { DirectoryId: directoryId, UserName: 'carol' })).User.UserId;
    await cloudsso.call('ResetUserPassword', { DirectoryId: directoryId, UserId: manual, Password: RESET_PASSWORD });
    const dup = await cloudsso.fail('CreateUser', { DirectoryId: directoryId, UserName: 'carol' });
    expect(dup.code).toBe('EntityAlreadyExists.User.UserName');

    // RAM: an auditor allowed to read the trail, an intruder allowed nothing.
    const ram = ramClient(node.endpoint, node.rootKey);
    auditor = await ramUserWith(ram, 'auditor', {
      TrailReader: policyDocument({ Effect: 'Allow', Action: 'actiontrail:LookupEvents', Resource: 'acs:actiontrail:*:*:*' }),
    });
    intruder = await ramUserWith(ram, 'intruder');
    const denied = await makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: intruder }).fail('DeleteDirectory', { DirectoryId: directoryId });
    expect(denied.code).toBe('NoPermission');
  }, 60_000);
  afterAll(async () => {
    await node?.close();
  });

  it('lists the session newest first, each event in ActionTrail’s shape, with no secret anywhere', async () => {
    const page = await lookup({ MaxResults: '50' });
    expect(page).toEqual({
      RequestId: expect.any(String),
      StartTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      EndTime: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      Events: expect.any(Array),
    });
    const events = page.Events as Body[];
    const times = events.map((e) => Date.parse(e.eventTime));
    expect([...times].sort((a, b) => b - a)).toEqual(times);

    const text = JSON.stringify(events);
    for (const secret of [PASSWORD, RESET_PASSWORD, credentialSecret, node.rootKey.secret, auditor.secret, intruder.secret]) {
      expect(text).not.toContain(secret);
    }

    const names = events.map((e) => `${e.serviceName}:${e.eventName}${e.errorCode ? `!${e.errorCode}` : ''}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'scim:CreateUser',
        'scim:CreateUser!uniqueness',
        'cloudsso:CreateUser',
        'cloudsso:ResetUserPassword',
        'cloudsso:CreateUser!EntityAlreadyExists.User.UserName',
        'ram:CreateUser',
        'ram:CreateAccessKey',
        'cloudsso:DeleteDirectory!NoPermission',
      ]),
    );
    expect(names.filter((n) => n === 'scim:CreateUser')).toHaveLength(2);

    const reset = events.find((e) => e.eventName === 'ResetUserPassword')!;
    expect(reset).toMatchObject({
      eventId: expect.any(String),
      eventVersion: '1',
      eventType: 'ApiCall',
      eventRW: 'Write',
      acsRegion: 'cn-shanghai',
      serviceName: 'cloudsso',
      apiVersion: '2021-05-15',
      requestId: expect.any(String),
      sourceIpAddress: '127.0.0.1',
      userAgent: expect.stringMatching(/AlibabaCloud/),
      userIdentity: { type: 'root-account', principalId: '1234567890123456', accountId: '1234567890123456', accessKeyId: node.rootKey.id, userName: 'root' },
      requestParameters: { DirectoryId: directoryId, Password: '[redacted]' },
      resourceType: 'user',
    });
    expect(reset).not.toHaveProperty('errorCode');

    const failed = events.find((e) => e.errorCode === 'EntityAlreadyExists.User.UserName')!;
    expect(failed).toMatchObject({ eventName: 'CreateUser', eventRW: 'Write', errorMessage: expect.any(String), requestParameters: { UserName: 'carol' } });

    const refused = events.find((e) => e.errorCode === 'NoPermission')!;
    expect(refused.userIdentity).toMatchObject({ type: 'ram-user', accessKeyId: intruder.id, userName: 'intruder' });
  });

  it('gives a SCIM credential’s own log with EventAccessKeyId: which IdP did what, from where', async () => {
    const events = await all({ 'LookupAttribute.1.Key': 'EventAccessKeyId', 'LookupAttribute.1.Value': credentialId });
    expect(events.map((e) => `${e.eventName}${e.errorCode ? `!${e.errorCode}` : ''}`).sort()).toEqual(['CreateUser', 'CreateUser', 'CreateUser!uniqueness']);
    for (const e of events) {
      expect(e).toMatchObject({
        serviceName: 'scim',
        apiVersion: '2.0',
        sourceIpAddress: '127.0.0.1',
        userAgent: 'Okta SCIM Client 1.0',
        userIdentity: { type: 'scim-credential', principalId: credentialId, accessKeyId: credentialId },
        requestParameters: { httpMethod: 'POST', path: '/scim/v2/Users' },
      });
    }
    const alice = events.find((e) => e.requestParameters.body?.userName === 'alice@example.com')!;
    expect(alice.requestParameters.body.password).toBe('[redacted]');
    expect(alice.resourceName).toBe(scimUserIds[0]);
  });

  it('filters by EventName, User and ServiceName, and ANDs several conditions', async () => {
    const resets = await all({ 'LookupAttribute.1.Key': 'EventName', 'LookupAttribute.1.Value': 'ResetUserPassword' });
    expect(resets).toHaveLength(1);
    const intruders = await all({ 'LookupAttribute.1.Key': 'User', 'LookupAttribute.1.Value': 'intruder' });
    expect(intruders.map((e) => e.errorCode)).toEqual(['NoPermission']);
    const ramEvents = await all({ 'LookupAttribute.1.Key': 'ServiceName', 'LookupAttribute.1.Value': 'Ram' });
    expect(ramEvents.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ramEvents.map((e) => e.serviceName))).toEqual(new Set(['ram']));
    const both = await all({
      'LookupAttribute.1.Key': 'ServiceName',
      'LookupAttribute.1.Value': 'cloudsso',
      'LookupAttribute.2.Key': 'EventName',
      'LookupAttribute.2.Value': 'CreateUser',
    });
    expect(both.map((e) => e.errorCode ?? 'ok').sort()).toEqual(['EntityAlreadyExists.User.UserName', 'ok']);
  });

  it('pages with MaxResults and NextToken without gaps or repeats, in either direction', async () => {
    const whole = (await lookup({ MaxResults: '50' })).Events as Body[];
    const paged = await all({ MaxResults: '2' });
    expect(paged.map((e) => e.eventId)).toEqual(whole.map((e) => e.eventId));
    const forward = await all({ MaxResults: '3', Direction: 'FORWARD' });
    expect(forward.map((e) => e.eventId)).toEqual(whole.map((e) => e.eventId).reverse());

    const first = await lookup({ MaxResults: '2' });
    expect(first.NextToken).toEqual(expect.any(String));
    const other = await trail.fail('LookupEvents', { MaxResults: '2', NextToken: first.NextToken, 'LookupAttribute.1.Key': 'EventRW', 'LookupAttribute.1.Value': 'Write' });
    expect({ code: other.code, status: other.status }).toEqual({ code: 'InvalidParameter.NextToken', status: 400 });
  });

  it('keeps to the time range', async () => {
    const future = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const later = new Date(Date.now() + 7_200_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect((await lookup({ StartTime: future, EndTime: later })).Events).toEqual([]);
    const past = new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    expect((await lookup({ StartTime: past, EndTime: future, MaxResults: '50' })).Events.length).toBeGreaterThanOrEqual(9);
    const reversed = await trail.fail('LookupEvents', { StartTime: later, EndTime: future });
    expect({ code: reversed.code, status: reversed.status }).toEqual({ code: 'InvalidParameter.EndTime', status: 400 });
  });

  it('rejects bad input with InvalidParameter.<Name>', async () => {
    for (const [params, code] of [
      [{ StartTime: 'yesterday' }, 'InvalidParameter.StartTime'],
      [{ MaxResults: '51' }, 'InvalidParameter.MaxResults'],
      [{ Direction: 'SIDEWAYS' }, 'InvalidParameter.Direction'],
      [{ 'LookupAttribute.1.Key': 'Password', 'LookupAttribute.1.Value': 'x' }, 'InvalidParameter.LookupAttribute.1.Key'],
      [{ NextToken: 'forged.token' }, 'InvalidParameter.NextToken'],
    ] as const) {
      const f = await trail.fail('LookupEvents', params);
      expect({ code: f.code, status: f.status }).toEqual({ code, status: 400 });
    }
  });

  it('is authorized as actiontrail:LookupEvents: an allowed RAM user reads the trail, another is refused', async () => {
    const asAuditor = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: auditor, version: '2020-07-06' });
    expect((await asAuditor.call('LookupEvents', { MaxResults: '1' })).Events).toHaveLength(1);
    const asIntruder = makeClient('openapi-client ACS3', { endpoint: node.endpoint, key: intruder, version: '2020-07-06' });
    const f = await asIntruder.fail('LookupEvents', {});
    expect(f.code).toBe('NoPermission');
    expect(f.body.AccessDeniedDetail).toMatchObject({ AuthAction: 'actiontrail:LookupEvents' });
    // The refusal is itself in the trail, as a Read.
    const refusals = await all({ 'LookupAttribute.1.Key': 'EventName', 'LookupAttribute.1.Value': 'LookupEvents' });
    expect(refusals.map((e) => [e.eventRW, e.errorCode, e.userIdentity.userName])).toEqual([['Read', 'NoPermission', 'intruder']]);
  });
});
