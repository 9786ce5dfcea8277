import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/server.js';
import { createScimUser, patchOp, scim, startScimTarget, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';

/**
 * docs/decisions/0035-string-booleans.md: Entra's "True"/"False" (row 2) and OneLogin's templated
 * values (row 40) mean the same in POST, PUT and PATCH; `""` and white space alone leave the
 * boolean unassigned; anything else is 400 invalidValue in all three.
 */
describe.each(DIALECTS)('string booleans on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());

  const uniq = () => randomUUID().slice(0, 8);
  const get = async (id: string) => (await scim(t, 'GET', `/Users/${id}`)).json;
  const body = (userName: string, extra: Record<string, unknown>) => ({ schemas: [USER_SCHEMA], userName, ...extra });

  it('POST: " FALSE " is false, "  " and "" are unassigned (the user is created active), "yes" is refused', async () => {
    const f = await scim(t, 'POST', '/Users', body(`sb-f-${uniq()}`, { active: ' FALSE ' }));
    expect(f.status).toBe(201);
    expect(f.json.active).toBe(false);
    for (const blank of ['', '   ']) {
      const r = await scim(t, 'POST', '/Users', body(`sb-b-${uniq()}`, { active: blank }));
      expect(r.status).toBe(201);
      expect(r.json.active).toBe(true);
    }
    const bad = await scim(t, 'POST', '/Users', body(`sb-x-${uniq()}`, { active: 'yes' }));
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ scimType: 'invalidValue' });
    expect(bad.json.detail).toContain('must be a boolean');
  });

  it('PUT: "True" is true, "  " and "" leave Status as it is, "yes" is refused', async () => {
    const u = await createScimUser(t, `sb-put-${uniq()}`, { active: 'False' });
    expect(u.active).toBe(false);
    for (const blank of ['', '   ']) {
      const r = await scim(t, 'PUT', `/Users/${u.id}`, body(u.userName, { active: blank }));
      expect(r.status).toBe(200);
      expect(r.json.active).toBe(false);
    }
    const on = await scim(t, 'PUT', `/Users/${u.id}`, body(u.userName, { active: 'True' }));
    expect(on.json.active).toBe(true);
    const bad = await scim(t, 'PUT', `/Users/${u.id}`, body(u.userName, { active: 'yes' }));
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ scimType: 'invalidValue' });
    expect((await get(u.id)).active).toBe(true);
  });

  it('PATCH: "  " and "" leave Status as it is (with and without a path), "False" deactivates, "yes" is refused', async () => {
    const u = await createScimUser(t, `sb-patch-${uniq()}`, { active: 'False' });
    for (const op of [
      { op: 'Replace', path: 'active', value: '   ' },
      { op: 'Replace', path: 'active', value: '' },
      { op: 'replace', value: { active: '  ' } },
      { op: 'Add', path: 'active', value: '\t' },
    ]) {
      const r = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp(op));
      expect(r.status, JSON.stringify(op)).toBe(204);
      expect((await get(u.id)).active).toBe(false);
    }
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'active', value: ' TRUE ' }));
    expect((await get(u.id)).active).toBe(true);
    const bad = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'Replace', path: 'active', value: 'yes' }));
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ scimType: 'invalidValue' });
    expect((await get(u.id)).active).toBe(true);
  });

  it('primary: "True" is true and "  " is dropped, in POST, PUT and PATCH alike', async () => {
    const email = (primary: unknown) => [{ value: 'p@example.com', type: 'work', primary }];
    const u = await createScimUser(t, `sb-pri-${uniq()}`, { emails: email('True') });
    expect(u.emails).toEqual([{ value: 'p@example.com', type: 'work', primary: true }]);
    const put = await scim(t, 'PUT', `/Users/${u.id}`, body(u.userName, { emails: email('  ') }));
    expect(put.status).toBe(200);
    expect(put.json.emails).toEqual([{ value: 'p@example.com', type: 'work' }]);
    await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'emails[type eq "work"].primary', value: 'TRUE' }));
    expect((await get(u.id)).emails).toEqual([{ value: 'p@example.com', type: 'work', primary: true }]);
    const blank = await scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'replace', path: 'emails[type eq "work"].primary', value: '  ' }));
    expect(blank.status).toBe(204);
    expect((await get(u.id)).emails).toEqual([{ value: 'p@example.com', type: 'work' }]);
    const bad = await scim(t, 'POST', '/Users', body(`sb-pri-x-${uniq()}`, { emails: email('no') }));
    expect(bad.status).toBe(400);
  });
});
