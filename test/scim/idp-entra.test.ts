import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { createScimGroup, createScimUser, ENTERPRISE, GROUP_SCHEMA, patchOp, scim, startScimTarget, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';

/**
 * Microsoft Entra ID provisioning, one test per behaviour of scim-ecosystem.md §2 (rows 1-23),
 * with the request shapes of Microsoft's tutorial, known-issues page and validator.
 */
describe.each(DIALECTS)('Entra on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());

  const uniq = () => randomUUID().slice(0, 8);
  const get = async (id: string) => (await scim(t, 'GET', `/Users/${id}`)).json;

  it('Entra row 1: PATCH ops Add, Replace and Remove match case-insensitively', async () => {
    const u = await createScimUser(t, `e1-${uniq()}@contoso.com`, { title: 'Engineer' });
    const r = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp(
      { op: 'Replace', path: 'displayName', value: 'Replaced' },
      { op: 'Add', path: 'nickName', value: 'Nick' },
      { op: 'Remove', path: 'title' },
    ));
    expect([200, 204]).toContain(r.status);
    const after = await get(u.id);
    expect(after).toMatchObject({ displayName: 'Replaced', nickName: 'Nick' });
    expect(after.title).toBeUndefined();
  });

  it('Entra row 2: active as the strings "False" and "True" is coerced, in PATCH, POST and PUT', async () => {
    const u = await createScimUser(t, `e2-${uniq()}@contoso.com`, { active: 'True' });
    expect(u.active).toBe(true);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'active', value: 'False' }));
    expect((await get(u.id)).active).toBe(false);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'active', value: 'true' }));
    expect((await get(u.id)).active).toBe(true);
    const put = await scim(t, 'PUT', `/Users/${u.id}`, { schemas: [USER_SCHEMA], userName: u.userName, active: 'false' });
    expect(put.status).toBe(200);
    expect(put.json.active).toBe(false);
  });

  it('Entra row 3: deprovisioning sent as op Add on path active replaces it', async () => {
    const u = await createScimUser(t, `e3-${uniq()}@contoso.com`);
    const r = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Add', path: 'active', value: 'False' }));
    expect([200, 204]).toContain(r.status);
    expect((await get(u.id)).active).toBe(false);
  });

  it('Entra row 4: member removal with path members and a value array removes only those members', async () => {
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((x) => createScimUser(t, `e4${x}-${uniq()}@contoso.com`)));
    const g = await createScimGroup(t, `e4-${uniq()}`, [a.id, b.id, c.id]);
    const r = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'Remove', path: 'members', value: [{ value: a.id }] }));
    expect(r.status).toBe(204);
    const ids = (await scim(t, 'GET', `/Groups/${g.id}`)).json.members.map((m: any) => m.value).sort();
    expect(ids).toEqual([b.id, c.id].sort());
  });

  it('Entra row 4: member removal with members[value eq "id"] (aadOptscim062020)', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((x) => createScimUser(t, `e4f${x}-${uniq()}@contoso.com`)));
    const g = await createScimGroup(t, `e4f-${uniq()}`, [a.id, b.id]);
    const r = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'Remove', path: `members[value eq "${a.id}"]` }));
    expect(r.status).toBe(204);
    expect((await scim(t, 'GET', `/Groups/${g.id}`)).json.members.map((m: any) => m.value)).toEqual([b.id]);
  });

  it('Entra row 5: member add with a null $ref, several members at once, and an idempotent re-add', async () => {
    const [a, b] = await Promise.all(['a', 'b'].map((x) => createScimUser(t, `e5${x}-${uniq()}@contoso.com`)));
    const g = await createScimGroup(t, `e5-${uniq()}`);
    const add = patchOp({ op: 'Add', path: 'members', value: [{ $ref: null, value: a.id }, { $ref: null, value: b.id }] });
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, add)).status).toBe(204);
    const again = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'Add', path: 'members', value: [{ $ref: null, value: a.id }] }));
    expect(again.status).toBe(204);
    const ids = (await scim(t, 'GET', `/Groups/${g.id}`)).json.members.map((m: any) => m.value).sort();
    expect(ids).toEqual([a.id, b.id].sort());
  });

  it('Entra row 6: value-filtered paths replace or create the element with its type', async () => {
    const u = await createScimUser(t, `e6-${uniq()}@contoso.com`, { emails: [{ value: 'old@contoso.com', type: 'work', primary: true }] });
    const r = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp(
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'new@contoso.com' },
      { op: 'Replace', path: 'addresses[type eq "work"].formatted', value: '1 Main St' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1-555-0100' },
    ));
    expect([200, 204]).toContain(r.status);
    const after = await get(u.id);
    expect(after.emails).toEqual([{ value: 'new@contoso.com', type: 'work', primary: true }]);
    expect(after.addresses).toEqual([expect.objectContaining({ type: 'work', formatted: '1 Main St' })]);
    expect(after.phoneNumbers).toEqual([expect.objectContaining({ type: 'mobile', value: '+1-555-0100' })]);
    // The primary email is CloudSSO's Email.
    const core = await import('../../src/core/users.js');
    expect((await core.getUser(t.core, t.directoryId, u.id)).email).toBe('new@contoso.com');
  });

  it('Entra row 7: URN-prefixed enterprise paths and the manager as a bare id, as [{$ref, value}], removed by filter', async () => {
    const boss = await createScimUser(t, `e7b-${uniq()}@contoso.com`);
    const u = await createScimUser(t, `e7-${uniq()}@contoso.com`);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp(
      { op: 'Add', path: `${ENTERPRISE}:department`, value: 'Sales' },
      { op: 'Add', path: `${ENTERPRISE}:employeeNumber`, value: '701984' },
      { op: 'Replace', path: `${ENTERPRISE}:manager`, value: boss.id },
    ));
    let after = await get(u.id);
    expect(after.schemas).toContain(ENTERPRISE);
    expect(after[ENTERPRISE]).toMatchObject({ department: 'Sales', employeeNumber: '701984', manager: { value: boss.id } });
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Add', path: 'manager', value: [{ $ref: null, value: boss.id }] }));
    expect((await get(u.id))[ENTERPRISE].manager.value).toBe(boss.id);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Remove', path: `${ENTERPRISE}:manager[value eq "${boss.id}"]` }));
    after = await get(u.id);
    expect(after[ENTERPRISE].manager).toBeUndefined();
    expect(after[ENTERPRISE].department).toBe('Sales');
  });

  it('Entra row 8: a Replace with "" and then null unassigns (SCIM_Null_Update_Test, SCIM_Update_Manager_Test)', async () => {
    const boss = await createScimUser(t, `e8b-${uniq()}@contoso.com`);
    const u = await createScimUser(t, `e8-${uniq()}@contoso.com`, { title: 'Lead', [ENTERPRISE]: { manager: { value: boss.id } } });
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'title', value: '' }, { op: 'Replace', path: `${ENTERPRISE}:manager`, value: '' }));
    let after = await get(u.id);
    expect(after.title).toBeUndefined();
    expect(after[ENTERPRISE]?.manager).toBeUndefined();
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'displayName', value: null }));
    after = await get(u.id);
    expect(after.displayName).toBeUndefined();
  });

  it('Entra row 9: a path-less Replace whose keys are dotted and URN paths', async () => {
    const u = await createScimUser(t, `e9-${uniq()}@contoso.com`);
    const r = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({
      op: 'Replace',
      value: { 'name.givenName': 'Ada', 'name.familyName': 'Lovelace', [`${ENTERPRISE}:employeeNumber`]: '1815', active: 'True' },
    }));
    expect([200, 204]).toContain(r.status);
    const after = await get(u.id);
    expect(after.name).toMatchObject({ givenName: 'Ada', familyName: 'Lovelace' });
    expect(after[ENTERPRISE].employeeNumber).toBe('1815');
  });

  it('Entra row 10: matching filters on userName, externalId (unquoted), emails[type eq "work"].value, id and manager; 200 with an empty list when nothing matches', async () => {
    const boss = await createScimUser(t, `e10b-${uniq()}@contoso.com`);
    const ext = `jyoung${uniq()}`;
    const mail = `e10-${uniq()}@contoso.com`;
    const u = await createScimUser(t, mail, { externalId: ext, emails: [{ value: mail, type: 'work', primary: true }], [ENTERPRISE]: { manager: { value: boss.id } } });
    const q = async (filter: string) => (await scim(t, 'GET', `/Users?filter=${encodeURIComponent(filter)}`)).json;
    expect((await q(`userName eq "${mail.toUpperCase()}"`)).Resources.map((x: any) => x.id)).toEqual([u.id]);
    expect((await q(`externalId eq ${ext}`)).Resources.map((x: any) => x.id)).toEqual([u.id]);
    expect((await q(`emails[type eq "work"].value eq "${mail}"`)).Resources.map((x: any) => x.id)).toEqual([u.id]);
    expect((await q(`id eq "${u.id}" and manager eq "${boss.id}"`)).Resources.map((x: any) => x.id)).toEqual([u.id]);
    const none = await scim(t, 'GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@contoso.com"')}`);
    expect(none.status).toBe(200);
    expect(none.json).toMatchObject({ totalResults: 0, Resources: [] });
  });

  it('Entra row 10: groups by displayName eq with excludedAttributes=members', async () => {
    const u = await createScimUser(t, `e10g-${uniq()}@contoso.com`);
    const name = `Group1DisplayName ${uniq()}`;
    const g = await createScimGroup(t, name, [u.id]);
    const r = await scim(t, 'GET', `/Groups?excludedAttributes=members&filter=${encodeURIComponent(`displayName eq "${name}"`)}`);
    expect(r.status).toBe(200);
    expect(r.json.Resources).toEqual([expect.objectContaining({ id: g.id, displayName: name })]);
    expect(r.json.Resources[0].members).toBeUndefined();
  });

  it('Entra row 11: Test Connection with a random GUID gets 200 and an empty list', async () => {
    const r = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`);
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });
  });

  it('Entra row 12: POST /Users with meta, roles [], top-level nulls and a malformed schema URN', async () => {
    const userName = `e12-${uniq()}@contoso.com`;
    const r = await scim(t, 'POST', '/Users', {
      schemas: [USER_SCHEMA, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0User'],
      externalId: uniq(),
      userName,
      active: true,
      addresses: null,
      title: null,
      roles: [],
      meta: { resourceType: 'User' },
      id: 'client-chosen-id',
      name: { formatted: 'Andrew Ryan', familyName: 'Ryan', givenName: 'Andrew' },
      'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User': { manager: null, department: 'Finance' },
    });
    expect(r.status).toBe(201);
    expect(r.json.id).not.toBe('client-chosen-id');
    expect(r.json.meta.resourceType).toBe('User');
    expect(r.json.title).toBeUndefined();
    expect(r.json.roles).toBeUndefined();
    expect(r.json[ENTERPRISE]).toEqual({ department: 'Finance' });
  });

  it('Entra row 13: POST /Groups with the legacy ADSCIM group schema URN', async () => {
    const r = await scim(t, 'POST', '/Groups', {
      externalId: uniq(),
      displayName: `e13 ${uniq()}`,
      meta: { resourceType: 'Group' },
      schemas: ['http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group', GROUP_SCHEMA],
    });
    expect(r.status).toBe(201);
    expect(r.json.schemas).toEqual([GROUP_SCHEMA]);
  });

  it('Entra row 14: group PATCH answers 204; user PATCH 204, or 200 with the resource when attributes are asked for', async () => {
    const u = await createScimUser(t, `e14-${uniq()}@contoso.com`);
    const g = await createScimGroup(t, `e14-${uniq()}`);
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'Add', path: 'members', value: [{ value: u.id }] }))).status).toBe(204);
    const plain = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'displayName', value: 'X' }));
    expect(plain.status).toBe(204);
    expect(plain.headers.get('etag')).toMatch(/^W\/"\d+"$/);
    const withBody = await scim(t, 'PATCH', `/Users/${u.id}?attributes=displayName`, patchOp({ op: 'Replace', path: 'displayName', value: 'Y' }));
    expect(withBody.status).toBe(200);
    expect(withBody.json).toMatchObject({ id: u.id, displayName: 'Y' });
  });

  it('Entra row 15: soft-deleted (inactive) users stay visible by GET and filter; DELETE is 204 and a later GET 404; a re-POST restores', async () => {
    const userName = `e15-${uniq()}@contoso.com`;
    const u = await createScimUser(t, userName);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'active', value: false }));
    expect((await scim(t, 'GET', `/Users/${u.id}`)).json.active).toBe(false);
    const f = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`);
    expect(f.json.Resources).toEqual([expect.objectContaining({ id: u.id, active: false })]);
    expect((await scim(t, 'DELETE', `/Users/${u.id}`)).status).toBe(204);
    const gone = await scim(t, 'GET', `/Users/${u.id}`);
    expect(gone.status).toBe(404);
    expect(gone.json.schemas).toEqual(['urn:ietf:params:scim:api:messages:2.0:Error']);
    const again = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName, active: true });
    expect(again.status).toBe(201);
  });

  it('Entra row 16: two emails of type "work" are accepted; [type eq "work"] acts on the first', async () => {
    const u = await createScimUser(t, `e16-${uniq()}@contoso.com`, {
      emails: [
        { type: 'work', primary: true, value: 'anna33@gmail.com' },
        { type: 'work', primary: false, value: 'anna33@example.com' },
      ],
    });
    expect(u.emails).toHaveLength(2);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'emails[type eq "work"].value', value: 'first@example.com' }));
    const after = await get(u.id);
    expect(after.emails.map((e: any) => e.value)).toEqual(['first@example.com', 'anna33@example.com']);
  });

  it('Entra row 17: paging with count=5 over two pages echoes startIndex and keeps a stable order', async () => {
    const prefix = `e17${uniq()}`;
    for (let i = 0; i < 7; i++) await createScimUser(t, `${prefix}-${i}@contoso.com`);
    const filter = encodeURIComponent(`userName sw "${prefix}"`);
    const p1 = (await scim(t, 'GET', `/Users?filter=${filter}&startIndex=1&count=5`)).json;
    const p2 = (await scim(t, 'GET', `/Users?filter=${filter}&startIndex=6&count=5`)).json;
    expect(p1).toMatchObject({ totalResults: 7, itemsPerPage: 5, startIndex: 1 });
    expect(p2).toMatchObject({ totalResults: 7, itemsPerPage: 2, startIndex: 6 });
    const names = [...p1.Resources, ...p2.Resources].map((x: any) => x.userName);
    expect(new Set(names).size).toBe(7);
  });

  it('Entra row 18: /Schemas lists User, EnterpriseUser and Group in camelCase', async () => {
    const r = await scim(t, 'GET', '/Schemas');
    expect(r.status).toBe(200);
    const ids = r.json.Resources.map((s: any) => s.id);
    expect(ids).toEqual([USER_SCHEMA, ENTERPRISE, GROUP_SCHEMA]);
    expect(r.text).toContain('User Account');
    const user = r.json.Resources[0];
    expect(user.attributes.map((a: any) => a.name)).toContain('userName');
    expect(user.attributes.find((a: any) => a.name === 'password')).toMatchObject({ returned: 'never', mutability: 'writeOnly' });
  });

  it('Entra row 19: the long-lived bearer token works and any other token is 401', async () => {
    expect((await scim(t, 'GET', '/Users?count=1')).status).toBe(200);
    const bad = await fetch(`${t.base}/Users`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(bad.status).toBe(401);
  });

  it('Entra row 21: bulk is not advertised (Entra does not use /Bulk)', async () => {
    const r = await scim(t, 'GET', '/ServiceProviderConfig');
    expect(r.json.bulk.supported).toBe(false);
    expect(r.json).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 100 }, sort: { supported: true }, etag: { supported: true } });
  });

  it('Entra row 22: responses are application/scim+json and an unknown id is 404 with a detail', async () => {
    const r = await scim(t, 'GET', '/Users/u-doesnotexist00000000');
    expect(r.status).toBe(404);
    expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(r.json.detail).toBeTruthy();
  });

  it('Entra row 23: both PATCH shapes are accepted at all times (no feature flag)', async () => {
    const a = await createScimUser(t, `e23a-${uniq()}@contoso.com`);
    const g = await createScimGroup(t, `e23-${uniq()}`, [a.id]);
    // Without the flag: value array; with it: filter path. Same server, no setting.
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'Remove', path: 'members', value: [{ value: a.id }] }))).status).toBe(204);
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'Add', path: 'members', value: [{ value: a.id }] }))).status).toBe(204);
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'Remove', path: `members[value eq "${a.id}"]` }))).status).toBe(204);
    expect((await scim(t, 'GET', `/Groups/${g.id}`)).json.members).toEqual([]);
  });
});
