import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { createScimGroup, createScimUser, ENTERPRISE, GROUP_SCHEMA, patchOp, scim, startScimTarget, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';

const SEARCH = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';

/** Issue 9, items 5 and 7-12: odd input and what strict SCIM clients (RFC 7643/7644) object to. */
describe.each(DIALECTS)('SCIM hardening on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());
  const uniq = () => randomUUID().slice(0, 8);

  describe('odd input is a 4xx, never a 500 (item 5)', () => {
    it('sortBy naming Object.prototype members is 400 invalidValue', async () => {
      for (const sortBy of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        for (const path of ['/Users', '/Groups']) {
          const r = await scim(t, 'GET', `${path}?sortBy=${sortBy}`);
          expect({ sortBy, path, status: r.status, scimType: r.json?.scimType }).toEqual({ sortBy, path, status: 400, scimType: 'invalidValue' });
        }
      }
    });

    it('a startIndex beyond 64 bits is clamped: an empty page with the right total', async () => {
      await createScimUser(t, `si-${uniq()}`);
      for (const path of ['/Users', '/Groups']) {
        const all = await scim(t, 'GET', `${path}?count=0`);
        for (const startIndex of ['99999999999999999999', '9223372036854775808', '1e300', String(2 ** 53 + 1)]) {
          const r = await scim(t, 'GET', `${path}?startIndex=${startIndex}&count=5`);
          expect({ path, startIndex, status: r.status }).toEqual({ path, startIndex, status: 200 });
          expect(r.json).toMatchObject({ totalResults: all.json.totalResults, itemsPerPage: 0, startIndex: 2_147_483_647, Resources: [] });
        }
        expect((await scim(t, 'GET', `${path}?startIndex=1e400`)).json).toMatchObject({ status: '400', scimType: 'invalidValue' });
        expect((await scim(t, 'GET', `${path}?count=-1e400`)).json).toMatchObject({ status: '400', scimType: 'invalidValue' });
      }
    });

    it('a NUL character in an id, a query parameter or any body string is 400 invalidValue', async () => {
      const u = await createScimUser(t, `nul-${uniq()}`);
      const g = await createScimGroup(t, `nul-${uniq()}`);
      const urls = [
        `/Users/${u.id}%00`,
        `/Groups/%00`,
        `/Users?filter=${encodeURIComponent('userName eq "a\u0000b"')}`,
        `/Users?attributes=user%00Name`,
        `/Groups?sortBy=display%00Name`,
      ];
      for (const url of urls) {
        const r = await scim(t, 'GET', url);
        expect({ url, status: r.status, scimType: r.json?.scimType }).toEqual({ url, status: 400, scimType: 'invalidValue' });
      }
      const bodies: Array<[string, string, unknown]> = [
        ['POST', '/Users', { schemas: [USER_SCHEMA], userName: `nul\u0000${uniq()}` }],
        ['POST', '/Users', { schemas: [USER_SCHEMA], userName: `nul-${uniq()}`, title: 'a\u0000b' }],
        ['POST', '/Users', { schemas: [USER_SCHEMA], userName: `nul-${uniq()}`, 'x\u0000y': 'z' }],
        ['PUT', `/Users/${u.id}`, { schemas: [USER_SCHEMA], userName: u.userName, emails: [{ value: 'a\u0000@x.com' }] }],
        ['PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'displayName', value: 'a\u0000' })],
        ['PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: `${u.id}\u0000` }] })],
        ['POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `g\u0000${uniq()}` }],
        ['POST', '/Users/.search', { schemas: [SEARCH], filter: 'userName eq "\u0000"' }],
      ];
      for (const [method, url, body] of bodies) {
        const r = await scim(t, method, url, body);
        expect({ method, url, status: r.status, scimType: r.json?.scimType }).toEqual({ method, url, status: 400, scimType: 'invalidValue' });
      }
      expect((await scim(t, 'GET', `/Users/${u.id}`)).json.userName).toBe(u.userName);
    });

    it('router errors are SCIM errors: an over-long id is 404, a malformed escape in the path 400', async () => {
      const long = await scim(t, 'GET', `/Users/${'a'.repeat(300)}`);
      expect(long.status).toBe(404);
      expect(long.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
      const bad = await scim(t, 'PUT', '/Groups/%E0%A4%A', { schemas: [GROUP_SCHEMA], displayName: 'x' });
      expect(bad.status).toBe(400);
      expect(bad.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400' });
    });

    it('a body nested deeper than any resource is 400 invalidSyntax', async () => {
      const deep = `${'['.repeat(10_000)}"x"${']'.repeat(10_000)}`;
      const r = await scim(t, 'POST', '/Users', `{"schemas":["${USER_SCHEMA}"],"userName":"deep-${uniq()}","title":${deep}}`);
      expect(r.json).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
      const p = await scim(t, 'PATCH', '/Users/u-x', `{"Operations":[{"op":"add","path":"title","value":${deep}}]}`);
      expect(p.json).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    });
  });

  it('ServiceProviderConfig carries only attributes of its schema (item 7)', async () => {
    const r = await scim(t, 'GET', '/ServiceProviderConfig');
    const schema = (await scim(t, 'GET', '/Schemas')).json.Resources.find((s: any) => s.id.endsWith(':ServiceProviderConfig'));
    const allowed = new Set(['schemas', 'id', 'meta', 'documentationUri', 'patch', 'bulk', 'filter', 'changePassword', 'sort', 'etag', 'authenticationSchemes']);
    if (schema) for (const a of schema.attributes) allowed.add(a.name);
    expect(Object.keys(r.json).filter((k) => !allowed.has(k))).toEqual([]);
    expect(r.json.unsupportedEndpoints).toBeUndefined();
  });

  describe('$ref is derived from the id on output (item 8)', () => {
    it('manager.$ref is absolute after POST, PUT and PATCH, whatever $ref the client sent', async () => {
      const boss = await createScimUser(t, `boss-${uniq()}`);
      const expected = { value: boss.id, $ref: `${t.base}/Users/${boss.id}` };
      const u = await createScimUser(t, `emp-${uniq()}`, { schemas: [USER_SCHEMA, ENTERPRISE], [ENTERPRISE]: { manager: { value: boss.id, $ref: `../Users/${boss.id}` } } });
      expect(u[ENTERPRISE].manager).toEqual(expected);
      expect((await scim(t, 'GET', `/Users/${u.id}`)).json[ENTERPRISE].manager).toEqual(expected);

      const put = await scim(t, 'PUT', `/Users/${u.id}`, { schemas: [USER_SCHEMA, ENTERPRISE], userName: u.userName, [ENTERPRISE]: { manager: { value: boss.id, $ref: 'relative' } } });
      expect(put.json[ENTERPRISE].manager).toEqual(expected);

      for (const op of [
        { op: 'replace', path: `${ENTERPRISE}:manager`, value: boss.id },
        { op: 'replace', path: `${ENTERPRISE}:manager`, value: { value: boss.id, $ref: 'Users/elsewhere' } },
        { op: 'add', path: 'manager', value: [{ $ref: null, value: boss.id }] },
      ]) {
        expect((await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: `${ENTERPRISE}:manager`, value: '' }))).status).toBe(204);
        const r = await scim(t, 'PATCH', `/Users/${u.id}?attributes=${ENTERPRISE}:manager`, patchOp(op));
        expect(r.json[ENTERPRISE].manager).toEqual(expected);
        expect((await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`id eq "${u.id}"`)}`)).json.Resources[0][ENTERPRISE].manager).toEqual(expected);
      }
    });

    it('members and groups carry absolute $ref built from the id, not what the client sent', async () => {
      const u = await createScimUser(t, `mref-${uniq()}`);
      const r = await scim(t, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `mref-${uniq()}`, members: [{ value: u.id, $ref: `Users/${u.id}` }] });
      expect(r.json.members).toEqual([expect.objectContaining({ value: u.id, $ref: `${t.base}/Users/${u.id}` })]);
      await scim(t, 'PATCH', `/Groups/${r.json.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: u.id, $ref: 'x' }] }));
      expect((await scim(t, 'GET', `/Groups/${r.json.id}`)).json.members[0].$ref).toBe(`${t.base}/Users/${u.id}`);
      expect((await scim(t, 'GET', `/Users/${u.id}?attributes=groups`)).json.groups).toEqual([expect.objectContaining({ value: r.json.id, $ref: `${t.base}/Groups/${r.json.id}` })]);
    });
  });

  describe('multi-valued attributes (item 9, decision 0046)', () => {
    it('two primary values in one attribute are 400 invalidValue on POST, PUT and PATCH', async () => {
      const two = [
        { value: 'a@example.com', type: 'work', primary: true },
        { value: 'b@example.com', type: 'home', primary: 'True' },
      ];
      const post = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `pp-${uniq()}`, emails: two });
      expect(post.json).toMatchObject({ status: '400', scimType: 'invalidValue' });
      const u = await createScimUser(t, `pp-${uniq()}`, { emails: [two[0]] });
      const put = await scim(t, 'PUT', `/Users/${u.id}`, { schemas: [USER_SCHEMA], userName: u.userName, phoneNumbers: [{ value: '1', primary: true }, { value: '2', primary: true }] });
      expect(put.json).toMatchObject({ status: '400', scimType: 'invalidValue' });
      // RFC 7644 §3.5.2: a PATCH that sets primary on one value demotes the others; one PATCH value with two leaves one.
      const patch = await scim(t, 'PATCH', `/Users/${u.id}?attributes=phoneNumbers`, patchOp({ op: 'add', path: 'phoneNumbers', value: [{ value: '1', primary: true }, { value: '2', primary: true }] }));
      expect(patch.json.phoneNumbers.filter((e: any) => e.primary === true)).toHaveLength(1);
      const demote = await scim(t, 'PATCH', `/Users/${u.id}?attributes=emails`, patchOp({ op: 'add', path: 'emails', value: [{ value: 'c@example.com', type: 'home', primary: true }] }));
      expect(demote.json.emails.filter((e: any) => e.primary === true)).toEqual([{ value: 'c@example.com', type: 'home', primary: true }]);
    });

    it('a repeated (type, value) is stored once; the same type with another value stays (Microsoft quirk 16)', async () => {
      const u = await createScimUser(t, `dup-${uniq()}`, {
        emails: [
          { value: 'Same@example.com', type: 'work' },
          { value: 'same@example.com', type: 'Work', primary: true },
          { value: 'other@example.com', type: 'work' },
        ],
      });
      expect(u.emails).toEqual([
        { value: 'Same@example.com', type: 'work', primary: true },
        { value: 'other@example.com', type: 'work' },
      ]);
      const r = await scim(t, 'PATCH', `/Users/${u.id}?attributes=emails`, patchOp({ op: 'replace', path: 'emails', value: [{ value: 'x@example.com', type: 'home' }, { value: 'x@example.com', type: 'home' }] }));
      expect(r.json.emails).toEqual([{ value: 'x@example.com', type: 'home' }]);
    });
  });

  it('a 401 names the Bearer scheme in WWW-Authenticate (item 10)', async () => {
    const none = await fetch(`${t.base}/Users`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer realm="scim"');
    const bad = await fetch(`${t.base}/Groups`, { headers: { authorization: 'Bearer wrong' } });
    expect(bad.status).toBe(401);
    expect(bad.headers.get('www-authenticate')).toBe('Bearer realm="scim", error="invalid_token"');
    const basic = await fetch(`${t.base}/Users/x`, { method: 'DELETE', headers: { authorization: 'Basic eDp5' } });
    expect(basic.status).toBe(401);
    expect(basic.headers.get('www-authenticate')).toMatch(/^Bearer /);
    expect((await scim(t, 'GET', '/Users?count=1')).headers.get('www-authenticate')).toBeNull();
  });

  describe('/Me, /Bulk and /.search (item 11)', () => {
    it('/Me, /Bulk and the root /.search answer 501 with a SCIM error', async () => {
      for (const [method, path] of [['GET', '/Me'], ['PATCH', '/Me'], ['DELETE', '/Me'], ['POST', '/Bulk'], ['POST', '/.search']] as const) {
        const r = await scim(t, method, path, method === 'GET' || method === 'DELETE' ? undefined : { schemas: [SEARCH] });
        expect({ method, path, status: r.status }).toEqual({ method, path, status: 501 });
        expect(r.headers.get('content-type')).toMatch(/^application\/scim\+json/);
        expect(r.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '501' });
      }
    });

    it('POST /Users/.search and /Groups/.search filter, sort, page and project like GET', async () => {
      const tag = uniq();
      const a = await createScimUser(t, `s-${tag}-a`, { displayName: 'Zed' });
      const b = await createScimUser(t, `s-${tag}-b`, { displayName: 'Amy' });
      const g = await createScimGroup(t, `sg-${tag}`, [a.id]);
      const body = { schemas: [SEARCH], filter: `userName sw "s-${tag}"`, sortBy: 'displayName', sortOrder: 'ascending', startIndex: 1, count: 10, attributes: ['displayName'] };
      const r = await scim(t, 'POST', '/Users/.search', body);
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 2, startIndex: 1 });
      expect(r.json.Resources).toEqual([
        { schemas: [USER_SCHEMA], id: b.id, displayName: 'Amy' },
        { schemas: [USER_SCHEMA], id: a.id, displayName: 'Zed' },
      ]);
      const get = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(body.filter)}&sortBy=displayName&attributes=displayName`);
      expect(get.json.Resources).toEqual(r.json.Resources);
      const page2 = await scim(t, 'POST', '/Users/.search', { ...body, startIndex: 2, count: 1, attributes: undefined, excludedAttributes: ['emails'] });
      expect(page2.json.Resources.map((x: any) => x.id)).toEqual([a.id]);

      const gs = await scim(t, 'POST', '/Groups/.search', { schemas: [SEARCH], filter: `displayName eq "sg-${tag}"`, attributes: ['members'] });
      expect(gs.status).toBe(200);
      expect(gs.json.Resources).toEqual([expect.objectContaining({ id: g.id, members: [expect.objectContaining({ value: a.id })] })]);
    });

    it('a malformed search request is 400 with a scimType', async () => {
      const cases: Array<[unknown, string]> = [
        [{ schemas: ['urn:wrong'] }, 'invalidSyntax'],
        [[1, 2], 'invalidSyntax'],
        [{ schemas: [SEARCH], filter: 'userName eq' }, 'invalidFilter'],
        [{ schemas: [SEARCH], filter: 'password eq "x"' }, 'invalidFilter'],
        [{ schemas: [SEARCH], count: 'many' }, 'invalidValue'],
        [{ schemas: [SEARCH], attributes: [1] }, 'invalidValue'],
        [{ schemas: [SEARCH], sortBy: '__proto__' }, 'invalidValue'],
        [{ schemas: [SEARCH], filter: { op: 'eq' } }, 'invalidValue'],
      ];
      for (const [body, scimType] of cases) {
        const r = await scim(t, 'POST', '/Users/.search', body);
        expect({ body, status: r.status, scimType: r.json?.scimType }).toEqual({ body, status: 400, scimType });
      }
      expect((await fetch(`${t.base}/Users/.search`, { method: 'POST', body: '{}', headers: { 'content-type': 'application/scim+json' } })).status).toBe(401);
    });
  });

  it('a member id that is no user of the directory is ignored: 204, the group unchanged (item 12, decision 0047)', async () => {
    const u = await createScimUser(t, `m-${uniq()}`);
    const g = await createScimGroup(t, `m-${uniq()}`, [u.id]);
    const before = (await scim(t, 'GET', `/Groups/${g.id}`)).headers.get('etag');
    for (const value of ['string id 1', 'u-doesnotexist00000000', `${u.id}x`]) {
      const r = await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value }] }));
      expect(r.status).toBe(204);
    }
    const after = await scim(t, 'GET', `/Groups/${g.id}`);
    expect(after.json.members.map((m: any) => m.value)).toEqual([u.id]);
    expect(after.headers.get('etag')).toBe(before);
    // Mixed with a real user: the real one is added, the unknown one is not.
    const v = await createScimUser(t, `m-${uniq()}`);
    expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: 'nobody' }, { value: v.id }] }))).status).toBe(204);
    expect((await scim(t, 'GET', `/Groups/${g.id}`)).json.members.map((m: any) => m.value).sort()).toEqual([u.id, v.id].sort());
    // POST and PUT the same.
    const created = await scim(t, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName: `m-${uniq()}`, members: [{ value: 'nobody' }, { value: u.id }] });
    expect(created.status).toBe(201);
    expect(created.json.members.map((m: any) => m.value)).toEqual([u.id]);
  });
});
