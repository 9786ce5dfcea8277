import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getUser } from '../../src/core/users.js';
import { DIALECTS } from '../support/server.js';
import { createScimGroup, createScimUser, ENTERPRISE, GROUP_SCHEMA, patchOp, scim, startScimTarget, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';

/**
 * Okta (rows 24-37), Google (38-39), OneLogin (40), JumpCloud (41-42) and AWS-shaped clients (43)
 * of scim-ecosystem.md §2, one test per behaviour.
 */
describe.each(DIALECTS)('Okta, Google, OneLogin, JumpCloud and AWS shapes on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());

  const uniq = () => randomUUID().slice(0, 8);
  const members = async (groupId: string) => ((await scim(t, 'GET', `/Groups/${groupId}`)).json.members ?? []).map((m: any) => m.value).sort();
  const okta = { 'user-agent': 'Okta SCIM Client 1.0.0' };

  it('Okta row 24: the existence check filters userName case-insensitively with startIndex=1&count=100', async () => {
    const userName = `Kaia.Hoeger-${uniq()}@example.com`;
    const u = await createScimUser(t, userName);
    const hit = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName.toUpperCase()}"`)}&startIndex=1&count=100`, undefined, okta);
    expect(hit.status).toBe(200);
    expect(hit.json.Resources.map((x: any) => x.id)).toEqual([u.id]);
    const miss = await scim(t, 'GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}&startIndex=1&count=100`, undefined, okta);
    expect(miss.status).toBe(200);
    expect(miss.json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('Okta row 25: POST with password, groups [], locale and externalId; the password is stored hashed and never returned', async () => {
    const r = await scim(t, 'POST', '/Users', {
      schemas: [USER_SCHEMA],
      userName: `o25-${uniq()}@example.com`,
      name: { givenName: 'Okta', familyName: 'User' },
      emails: [{ primary: true, value: 'o25@example.com', type: 'work' }],
      displayName: 'Okta User',
      locale: 'en-US',
      externalId: '00u1ab2cd3EF4gh5i6j7',
      groups: [],
      password: 'T0p-Secret!',
      active: true,
    }, okta);
    expect(r.status).toBe(201);
    expect(r.text).not.toContain('T0p-Secret!');
    expect(r.json.password).toBeUndefined();
    expect(r.json.groups).toBeUndefined();
    expect(r.json.locale).toBe('en-US');
    const got = await scim(t, 'GET', `/Users/${r.json.id}?attributes=password,userName`);
    expect(got.json.password).toBeUndefined();
    const db = t.node.server.runtime.db.db as any;
    const row = await db.selectFrom('users').select(['password_hash', 'scim']).where('id', '=', r.json.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.scim).not.toContain('T0p-Secret!');
    const filter = await scim(t, 'GET', `/Users?filter=${encodeURIComponent('password eq "T0p-Secret!"')}`);
    expect(filter.status).toBe(400);
    expect(filter.json.scimType).toBe('invalidFilter');
  });

  it('Okta row 26: a duplicate create is 409 with the SCIM Error schema', async () => {
    const userName = `o26-${uniq()}@example.com`;
    await createScimUser(t, userName);
    const r = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: userName.toUpperCase(), active: true });
    expect(r.status).toBe(409);
    expect(r.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '409', scimType: 'uniqueness' });
    expect(r.json.detail).toBeTruthy();
  });

  it('Okta row 27: a 201 always carries the created user, with a Location header', async () => {
    const r = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `o27-${uniq()}@example.com`, name: { givenName: 'A', familyName: 'B' } });
    expect(r.status).toBe(201);
    expect(r.headers.get('location')).toBe(`${t.base}/Users/${r.json.id}`);
    expect(r.json).toMatchObject({ schemas: [USER_SCHEMA], name: { givenName: 'A', familyName: 'B' }, active: true });
    expect(r.json.meta).toMatchObject({ resourceType: 'User', location: `${t.base}/Users/${r.json.id}` });
  });

  it('Okta row 28: import paging with count=100 returns numbers and a consistent order', async () => {
    const p1 = (await scim(t, 'GET', '/Users?startIndex=1&count=100')).json;
    const p1again = (await scim(t, 'GET', '/Users?startIndex=1&count=100')).json;
    expect(typeof p1.totalResults).toBe('number');
    expect(typeof p1.itemsPerPage).toBe('number');
    expect(typeof p1.startIndex).toBe('number');
    expect(p1.Resources.map((x: any) => x.id)).toEqual(p1again.Resources.map((x: any) => x.id));
    const groups = (await scim(t, 'GET', '/Groups?startIndex=1&count=100')).json;
    expect(typeof groups.totalResults).toBe('number');
  });

  it('Okta row 29: an AIW PUT is a full replace, omitted attributes are cleared and active comes from the body', async () => {
    const u = await createScimUser(t, `o29-${uniq()}@example.com`, { title: 'Engineer', nickName: 'Bob', name: { givenName: 'Bob', familyName: 'Smith' } });
    const r = await scim(t, 'PUT', `/Users/${u.id}`, {
      schemas: [USER_SCHEMA],
      id: u.id,
      userName: u.userName,
      name: { givenName: 'Robert', familyName: 'Smith' },
      active: false,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ name: { givenName: 'Robert', familyName: 'Smith' }, active: false });
    expect(r.json.title).toBeUndefined();
    expect(r.json.nickName).toBeUndefined();
  });

  it('Okta row 30: deactivation by a path-less replace {"active": false}', async () => {
    const u = await createScimUser(t, `o30-${uniq()}@example.com`);
    const r = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', value: { active: false } }), okta);
    expect([200, 204]).toContain(r.status);
    expect((await scim(t, 'GET', `/Users/${u.id}`)).json.active).toBe(false);
    expect((await getUser(t.core, t.directoryId, u.id)).status).toBe('Disabled');
  });

  it('Okta row 31: deactivation is reversible (reactivate with active true)', async () => {
    const u = await createScimUser(t, `o31-${uniq()}@example.com`);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', value: { active: false } }));
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', value: { active: true } }));
    expect((await getUser(t.core, t.directoryId, u.id)).status).toBe('Enabled');
  });

  it('Okta row 32: group push: create with members [], rename with id + displayName, membership by remove filter + add, and replace of the whole list', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((x) => createScimUser(t, `o32${x}-${uniq()}@example.com`)));
    const create = await scim(t, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `Engineering ${uniq()}`, members: [] });
    expect(create.status).toBe(201);
    const g = create.json;
    const newName = `Engineering Team ${uniq()}`;
    const rename = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'replace', value: { id: g.id, displayName: newName } }));
    expect([200, 204]).toContain(rename.status);
    expect((await scim(t, 'GET', `/Groups/${g.id}`)).json.displayName).toBe(newName);
    await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: a.id, display: 'A' }, { value: b.id, display: 'B' }] }));
    const move = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp(
      { op: 'replace', value: { id: g.id, displayName: newName } },
      { op: 'remove', path: `members[value eq "${a.id}"]` },
      { op: 'add', path: 'members', value: [{ value: c.id, display: 'C' }] },
    ));
    expect([200, 204]).toContain(move.status);
    expect(await members(g.id)).toEqual([b.id, c.id].sort());
    await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'replace', path: 'members', value: [{ value: a.id }] }));
    expect(await members(g.id)).toEqual([a.id]);
  });

  it('Okta row 33: AIW apps POST and PUT groups with members, and a PUT keeping its own name is not a conflict', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((x) => createScimUser(t, `o33${x}-${uniq()}@example.com`)));
    const name = `AIW Group ${uniq()}`;
    const g = (await scim(t, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: name, members: [{ value: a.id, display: 'A' }] })).json;
    expect(await members(g.id)).toEqual([a.id]);
    const put = await scim(t, 'PUT', `/Groups/${g.id}`, { schemas: [GROUP_SCHEMA], id: g.id, displayName: name, members: [{ value: a.id }, { value: b.id }] });
    expect(put.status).toBe(200);
    expect(put.json.members.map((m: any) => m.value).sort()).toEqual([a.id, b.id].sort());
  });

  it('Okta row 34: a PATCH may be answered 204 (Okta accepts it)', async () => {
    const g = await createScimGroup(t, `o34-${uniq()}`);
    const r = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'replace', value: { displayName: `o34-renamed-${uniq()}` } }));
    expect(r.status).toBe(204);
    expect(r.text).toBe('');
  });

  it('Okta row 35: a bad token is 401 and an unknown id 404, both with SCIM Error JSON', async () => {
    const bad = await fetch(`${t.base}/Users`, { headers: { authorization: 'non-token' } });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '401', detail: expect.any(String) });
    const missing = await scim(t, 'GET', '/Users/00919288221112222');
    expect(missing.status).toBe(404);
    expect(missing.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
  });

  it('Okta row 36: POST as application/json; charset=utf-8 and GET with Accept scim+json and Accept-Charset', async () => {
    const post = await scim(t, 'POST', '/Users', JSON.stringify({ schemas: [USER_SCHEMA], userName: `o36-${uniq()}@example.com` }), { 'content-type': 'application/json; charset=utf-8' });
    expect(post.status).toBe(201);
    const get = await scim(t, 'GET', `/Users/${post.json.id}`, undefined, { accept: 'application/scim+json', 'accept-charset': 'utf-8' });
    expect(get.status).toBe(200);
    expect(get.headers.get('content-type')).toBe('application/scim+json; charset=utf-8');
  });

  it('Okta row 37: a static Authorization header value is enough (no OAuth flow)', async () => {
    const r = await fetch(`${t.base}/Users?count=1`, { headers: { authorization: `Bearer ${t.token}` } });
    expect(r.status).toBe(200);
  });

  it('Google row 38: the probe GET /Users?count=1 works and deactivate and delete are idempotent', async () => {
    expect((await scim(t, 'GET', '/Users?count=1')).status).toBe(200);
    const u = await createScimUser(t, `g38-${uniq()}@example.com`);
    for (let i = 0; i < 2; i++) {
      const r = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'active', value: false }));
      expect(r.status).toBe(204);
    }
    expect((await scim(t, 'DELETE', `/Users/${u.id}`)).status).toBe(204);
    // Deleting again: the user is gone, which is what was asked; 404 says so without error elsewhere.
    expect((await scim(t, 'DELETE', `/Users/${u.id}`)).status).toBe(404);
  });

  it('Google row 39: the subset Google implements as a server (two operations, one member change by filter) works here too', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((x) => createScimUser(t, `g39${x}-${uniq()}@example.com`)));
    const g = await createScimGroup(t, `g39-${uniq()}`, [a.id]);
    const r = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: `members[value eq "${a.id}"]` }, { op: 'add', path: 'members', value: [{ value: b.id }] }));
    expect(r.status).toBe(204);
    expect(await members(g.id)).toEqual([b.id]);
  });

  it('OneLogin row 40: a templated body with string booleans, "id": null, meta, a custom manager.managerId, a SCIM 1.1 URN and "" values', async () => {
    const r = await scim(t, 'POST', '/Users', {
      schemas: ['urn:scim:schemas:core:1.0', USER_SCHEMA],
      id: null,
      meta: { created: '2020-01-01T00:00:00Z' },
      userName: `ol40-${uniq()}@example.com`,
      active: 'true',
      title: '',
      name: { givenName: 'One', familyName: '' },
      [ENTERPRISE]: { manager: { managerId: 'm-1', value: '' }, department: '' },
    });
    expect(r.status).toBe(201);
    expect(r.json.active).toBe(true);
    expect(r.json.title).toBeUndefined();
    expect(r.json.name).toEqual({ givenName: 'One' });
    expect(r.json[ENTERPRISE]).toBeUndefined();
    expect(r.json.meta.created).not.toBe('2020-01-01T00:00:00Z');
  });

  it('JumpCloud row 41: Test Connection creates a test user and group, then deletes both', async () => {
    const u = await createScimUser(t, `jc41-${uniq()}@example.com`, { emails: [{ value: 'jc41@example.com', type: 'work', primary: true }] });
    const g = await createScimGroup(t, `jc41-${uniq()}`, [u.id]);
    expect((await scim(t, 'DELETE', `/Groups/${g.id}`)).status).toBe(204);
    expect((await scim(t, 'DELETE', `/Users/${u.id}`)).status).toBe(204);
    expect((await scim(t, 'GET', `/Groups/${g.id}`)).status).toBe(404);
    expect((await scim(t, 'GET', `/Users/${u.id}`)).status).toBe(404);
  });

  it('JumpCloud row 42: member add and remove in the Entra style value=[{value}] without a filter', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((x) => createScimUser(t, `jc42${x}-${uniq()}@example.com`)));
    const g = await createScimGroup(t, `jc42-${uniq()}`);
    await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: a.id }, { value: b.id }] }));
    await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: 'members', value: [{ value: b.id }] }));
    expect(await members(g.id)).toEqual([a.id]);
  });

  it('AWS row 43: the shapes of IdP connectors that target IAM Identity Center (groups.value filter, id and manager, 100 membership changes)', async () => {
    const boss = await createScimUser(t, `aws43b-${uniq()}@example.com`);
    const users = [];
    for (let i = 0; i < 100; i++) users.push(await createScimUser(t, `aws43-${uniq()}-${i}@example.com`));
    const g = await createScimGroup(t, `aws43-${uniq()}`);
    const r = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: users.map((u) => ({ value: u.id })) }));
    expect(r.status).toBe(204);
    expect((await members(g.id)).length).toBe(100);
    const byGroup = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`groups.value eq "${g.id}"`)}&count=100`);
    expect(byGroup.json.totalResults).toBe(100);
    await scim(t, 'PATCH', `/Users/${users[0]!.id}`, patchOp({ op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: boss.id } }));
    const both = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`id eq "${users[0]!.id}" and manager eq "${boss.id}"`)}`);
    expect(both.json.Resources.map((x: any) => x.id)).toEqual([users[0]!.id]);
  });
});
