import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { createScimGroup, createScimUser, ENTERPRISE, patchOp, scim, startScimTarget, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';

/** RFC 7643/7644 behaviour of /Users and /Groups: errors, ETags, projection, sorting, streaming. */
describe.each(DIALECTS)('SCIM resources on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());
  const uniq = () => randomUUID().slice(0, 8);

  describe('errors (RFC 7644 §3.12)', () => {
    it('an unsupported or malformed filter is 400 invalidFilter, never a 500', async () => {
      for (const f of ['userName eq', 'nosuchattr eq "x"', 'emails[type eq "work"', 'active gt true', 'emails[nosub eq "x"]', 'userName eq "a" and', 'meta.created gt "not-a-date"']) {
        const r = await scim(t, 'GET', `/Users?filter=${encodeURIComponent(f)}`);
        expect({ f, status: r.status, scimType: r.json.scimType }).toEqual({ f, status: 400, scimType: 'invalidFilter' });
      }
      const g = await scim(t, 'GET', `/Groups?filter=${encodeURIComponent('members.display eq "x"')}`);
      expect(g.json.scimType).toBe('invalidFilter');
    });

    it('invalid JSON is 400 invalidSyntax; a missing userName or a wrong type is 400 invalidValue', async () => {
      const junk = await scim(t, 'POST', '/Users', '{ "userName": tre, }');
      expect(junk.status).toBe(400);
      expect(junk.json.scimType).toBe('invalidSyntax');
      const noName = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], displayName: 'x' });
      expect(noName.status).toBe(400);
      expect(noName.json.scimType).toBe('invalidValue');
      const badBool = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: `x-${uniq()}`, active: 'maybe' });
      expect(badBool.json).toMatchObject({ status: '400', scimType: 'invalidValue' });
      const badName = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], userName: 'has spaces and #' });
      expect(badName.json).toMatchObject({ status: '400', scimType: 'invalidValue' });
    });

    it('a bad PATCH is 400 with invalidPath, invalidSyntax or noTarget', async () => {
      const u = await createScimUser(t, `err-${uniq()}`);
      expect((await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'name..x', value: 1 }))).json.scimType).toBe('invalidPath');
      expect((await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'jump', path: 'title', value: 1 }))).json.scimType).toBe('invalidSyntax');
      expect((await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'remove' }))).json.scimType).toBe('noTarget');
    });

    it('renaming a group to another group\'s name is 409 uniqueness', async () => {
      const a = await createScimGroup(t, `dup-a-${uniq()}`);
      const b = await createScimGroup(t, `dup-b-${uniq()}`);
      const r = await scim(t, 'PATCH', `/Groups/${b.id}`, patchOp({ op: 'replace', path: 'displayName', value: a.displayName }));
      expect(r.status).toBe(409);
      expect(r.json.scimType).toBe('uniqueness');
    });

    it('externalId is not unique (the Microsoft collection reuses one for five users)', async () => {
      const ext = `shared-${uniq()}`;
      await createScimUser(t, `ext1-${uniq()}`, { externalId: ext });
      await createScimUser(t, `ext2-${uniq()}`, { externalId: ext });
      expect((await scim(t, 'GET', `/Users?filter=${encodeURIComponent(`externalId eq "${ext}"`)}`)).json.totalResults).toBe(2);
    });
  });

  describe('ETags (RFC 7644 §3.14)', () => {
    it('every response has an ETag; If-Match with a stale version is 412; If-None-Match current is 304', async () => {
      const u = await createScimUser(t, `etag-${uniq()}`);
      const got = await scim(t, 'GET', `/Users/${u.id}`);
      const etag = got.headers.get('etag')!;
      expect(etag).toBe(u.meta.version);
      expect((await scim(t, 'GET', `/Users/${u.id}`, undefined, { 'if-none-match': etag })).status).toBe(304);
      const ok = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'A' }), { 'if-match': etag });
      expect(ok.status).toBe(204);
      expect(ok.headers.get('etag')).not.toBe(etag);
      const stale = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'title', value: 'B' }), { 'if-match': etag });
      expect(stale.status).toBe(412);
      const stalePut = await scim(t, 'PUT', `/Users/${u.id}`, { userName: u.userName }, { 'if-match': etag });
      expect(stalePut.status).toBe(412);
      expect((await scim(t, 'DELETE', `/Users/${u.id}`, undefined, { 'if-match': etag })).status).toBe(412);
      const g = await createScimGroup(t, `etag-${uniq()}`);
      expect((await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: u.id }] }), { 'if-match': 'W/"999"' })).status).toBe(412);
    });
  });

  describe('projection and sorting', () => {
    it('attributes and excludedAttributes shape the output; id and schemas always stay', async () => {
      const u = await createScimUser(t, `proj-${uniq()}`, { title: 'T', name: { givenName: 'G', familyName: 'F' }, emails: [{ value: 'p@example.com', type: 'work' }], [ENTERPRISE]: { department: 'D' } });
      const a = (await scim(t, 'GET', `/Users/${u.id}?attributes=name.givenName,emails.value,${ENTERPRISE}:department`)).json;
      expect(a).toEqual({ schemas: u.schemas, id: u.id, name: { givenName: 'G' }, emails: [{ value: 'p@example.com' }], [ENTERPRISE]: { department: 'D' } });
      const e = (await scim(t, 'GET', `/Users/${u.id}?excludedAttributes=title,meta,emails`)).json;
      expect(e.title).toBeUndefined();
      expect(e.meta).toBeUndefined();
      expect(e.emails).toBeUndefined();
      expect(e.userName).toBe(u.userName);
      const w = (await scim(t, 'GET', `/Users?attributes=${encodeURIComponent('emails[type eq "work"]')}&filter=${encodeURIComponent(`id eq "${u.id}"`)}`)).json;
      expect(w.Resources[0].emails).toEqual([{ value: 'p@example.com', type: 'work' }]);
    });

    it('users\' groups come when asked for with attributes=groups', async () => {
      const u = await createScimUser(t, `grp-${uniq()}`);
      const g = await createScimGroup(t, `grp-${uniq()}`, [u.id]);
      expect((await scim(t, 'GET', `/Users/${u.id}`)).json.groups).toBeUndefined();
      const r = (await scim(t, 'GET', `/Users/${u.id}?attributes=userName,groups`)).json;
      expect(r.groups).toEqual([{ value: g.id, $ref: `${t.base}/Groups/${g.id}`, display: g.displayName, type: 'direct' }]);
    });

    it('sortBy and sortOrder order the list in the database', async () => {
      const p = `sort${uniq()}`;
      for (const n of ['c', 'a', 'b']) await createScimUser(t, `${p}-${n}`);
      const f = encodeURIComponent(`userName sw "${p}"`);
      const asc = (await scim(t, 'GET', `/Users?filter=${f}&sortBy=userName`)).json.Resources.map((x: any) => x.userName);
      const desc = (await scim(t, 'GET', `/Users?filter=${f}&sortBy=userName&sortOrder=descending`)).json.Resources.map((x: any) => x.userName);
      expect(asc).toEqual([`${p}-a`, `${p}-b`, `${p}-c`]);
      expect(desc).toEqual([`${p}-c`, `${p}-b`, `${p}-a`]);
      expect((await scim(t, 'GET', '/Users?sortBy=title')).json.scimType).toBe('invalidValue');
    });

    it('count is capped at 100 and a negative count is 0', async () => {
      expect((await scim(t, 'GET', '/Users?count=1000')).json.itemsPerPage).toBeLessThanOrEqual(100);
      const zero = (await scim(t, 'GET', '/Users?count=-5')).json;
      expect(zero).toMatchObject({ itemsPerPage: 0, Resources: [] });
      expect(zero.totalResults).toBeGreaterThan(0);
    });
  });

  describe('groups and their members', () => {
    it('streams the members of a group larger than one batch, and excludedAttributes=members does no member work', async () => {
      const db = t.node.server.runtime.db.db as any;
      const g = await createScimGroup(t, `big-${uniq()}`);
      const now = Date.now();
      const ids: string[] = [];
      const rows = [];
      for (let i = 0; i < 2500; i++) {
        const id = `u-${now.toString(36).padStart(10, '0')}${String(i).padStart(10, '0')}`;
        ids.push(id);
        rows.push({ id, directory_id: t.directoryId, user_name: `big-${id}`, user_name_key: `big-${id}`, status: 'Enabled', provision_type: 'Synchronized', version: 1, create_time: now, update_time: now });
      }
      for (let i = 0; i < rows.length; i += 200) await db.insertInto('users').values(rows.slice(i, i + 200)).execute();
      for (let i = 0; i < ids.length; i += 200) {
        await db.insertInto('group_members').values(ids.slice(i, i + 200).map((user_id) => ({ group_id: g.id, user_id, directory_id: t.directoryId, join_time: now }))).execute();
      }
      const res = await fetch(`${t.base}/Groups/${g.id}`, { headers: { authorization: `Bearer ${t.token}` } });
      expect(res.headers.get('transfer-encoding')).toBe('chunked');
      const body = (await res.json()) as any;
      expect(body.members).toHaveLength(2500);
      expect(body.members.map((m: any) => m.value)).toEqual([...ids].sort());
      expect(body.meta.resourceType).toBe('Group');
      const bare = await scim(t, 'GET', `/Groups/${g.id}?excludedAttributes=members`);
      expect(bare.json.members).toBeUndefined();
      expect(bare.headers.get('content-length')).toBeTruthy();
      const listed = (await scim(t, 'GET', `/Groups?attributes=displayName,members&filter=${encodeURIComponent(`id eq "${g.id}"`)}`)).json;
      expect(listed.Resources[0].members).toHaveLength(2500);
      // Back under the directory's user quota for the tests that follow.
      for (let i = 0; i < ids.length; i += 200) {
        await db.deleteFrom('group_members').where('user_id', 'in', ids.slice(i, i + 200)).execute();
        await db.deleteFrom('users').where('id', 'in', ids.slice(i, i + 200)).execute();
      }
    });

    it('the group list leaves members out unless asked for (CloudSSO lists groups without members)', async () => {
      const u = await createScimUser(t, `lm-${uniq()}`);
      const g = await createScimGroup(t, `lm-${uniq()}`, [u.id]);
      const plain = (await scim(t, 'GET', `/Groups?filter=${encodeURIComponent(`id eq "${g.id}"`)}`)).json;
      expect(plain.Resources[0].members).toBeUndefined();
      const byMember = (await scim(t, 'GET', `/Groups?filter=${encodeURIComponent(`members[value eq "${u.id}"]`)}`)).json;
      expect(byMember.Resources.map((x: any) => x.id)).toEqual([g.id]);
    });

    it('a member\'s display is what the IdP sent, else the user\'s display name; unknown member ids are ignored', async () => {
      const u = await createScimUser(t, `disp-${uniq()}`, { displayName: 'Real Name' });
      const v = await createScimUser(t, `disp2-${uniq()}`, { displayName: 'Other' });
      const g = await createScimGroup(t, `disp-${uniq()}`);
      await scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ displayName: 'new User', value: u.id }, { value: v.id }, { value: 'string id 1' }] }));
      const m = (await scim(t, 'GET', `/Groups/${g.id}`)).json.members;
      expect(m).toEqual(
        [
          { value: u.id, $ref: `${t.base}/Users/${u.id}`, display: 'new User', type: 'User' },
          { value: v.id, $ref: `${t.base}/Users/${v.id}`, display: 'Other', type: 'User' },
        ].sort((a, b) => (a.value < b.value ? -1 : 1)),
      );
    });

    it('deleting a user removes it from its groups and moves their ETags', async () => {
      const u = await createScimUser(t, `del-${uniq()}`);
      const g = await createScimGroup(t, `del-${uniq()}`, [u.id]);
      const before = (await scim(t, 'GET', `/Groups/${g.id}`)).headers.get('etag');
      expect((await scim(t, 'DELETE', `/Users/${u.id}`)).status).toBe(204);
      const after = await scim(t, 'GET', `/Groups/${g.id}`);
      expect(after.json.members).toEqual([]);
      expect(after.headers.get('etag')).not.toBe(before);
    });
  });

  describe('paths', () => {
    it('/users (lowercase), a trailing slash, and /serviceConfiguration resolve', async () => {
      expect((await scim(t, 'GET', '/users')).status).toBe(200);
      expect((await scim(t, 'GET', `/Users/?filter=${'DisplayName+eq+%22BobIsAmazing%22'}`)).status).toBe(200);
      const spc = await scim(t, 'GET', '/serviceConfiguration');
      expect(spc.json.patch.supported).toBe(true);
      expect((await scim(t, 'GET', '/ResourceTypes')).json.Resources[0].endpoint).toBe('/Users');
      expect((await scim(t, 'GET', '/ResourceTypes/Group')).json.schema).toBe('urn:ietf:params:scim:schemas:core:2.0:Group');
    });
  });
});
