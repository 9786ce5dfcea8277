import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createScimGroup, createScimUser, patchOp, scim, startScimTarget, type ScimTarget } from '../support/scim-harness.js';
import { DIALECTS } from '../support/server.js';

/**
 * Issue 9 item 6: a write without If-Match never fails for concurrency (the core reads under its
 * row lock and retries with jittered backoff, docs/decisions/0030); with If-Match, a stale version
 * is still 412, and of N writers pinned to the same version exactly one wins.
 */
const N = 16;

describe.each(DIALECTS)('concurrent SCIM writes on %s', (dialect) => {
  let t: ScimTarget;
  beforeAll(async () => {
    t = await startScimTarget(dialect);
  });
  afterAll(() => t?.close());

  it(`${N} concurrent PATCHes of one user without If-Match all succeed and every change is kept`, async () => {
    const u = await createScimUser(t, 'race-user');
    const results = await Promise.all(
      Array.from({ length: N }, (_, i) =>
        scim(t, 'PATCH', `/Users/${u.id}`, patchOp({ op: 'add', path: 'emails', value: [{ value: `race${i}@example.com`, type: 'other' }] })),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(N).fill(204));
    const after = (await scim(t, 'GET', `/Users/${u.id}`)).json;
    expect(after.emails.map((e: { value: string }) => e.value).sort()).toEqual(Array.from({ length: N }, (_, i) => `race${i}@example.com`).sort());
    // One version step per write.
    expect(after.meta.version).toBe(`W/"${1 + N}"`);
  });

  it(`${N} concurrent add-member PATCHes to one group without If-Match all succeed and every member is kept`, async () => {
    const users = await Promise.all(Array.from({ length: N }, (_, i) => createScimUser(t, `race-member-${i}`)));
    const g = await createScimGroup(t, 'race-group');
    const results = await Promise.all(users.map((u) => scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: u.id }] }))));
    expect(results.map((r) => r.status)).toEqual(Array(N).fill(204));
    const after = (await scim(t, 'GET', `/Groups/${g.id}`)).json;
    expect(after.members.map((m: { value: string }) => m.value).sort()).toEqual(users.map((u) => u.id).sort());
    expect(after.meta.version).toBe(`W/"${1 + N}"`);
  });

  // The adds as Okta sends them, each member with its `display` (decision 0208).
  it(`${N} concurrent PATCHes to one group, half adding (with displays) and half removing a member: every change is kept, one version step each`, async () => {
    const users = await Promise.all(Array.from({ length: N }, (_, i) => createScimUser(t, `race-mixed-${i}`)));
    const leaving = users.slice(0, N / 2);
    const joining = users.slice(N / 2);
    const g = await createScimGroup(t, 'race-mixed', leaving.map((u) => u.id));
    const before = Number(/\d+/.exec((await scim(t, 'GET', `/Groups/${g.id}`)).json.meta.version)![0]);
    const results = await Promise.all([
      ...leaving.map((u) => scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'remove', path: `members[value eq "${u.id}"]` }))),
      ...joining.map((u) => scim(t, 'PATCH', `/Groups/${g.id}`, patchOp({ op: 'add', path: 'members', value: [{ value: u.id, display: `shown ${u.userName}` }] }))),
    ]);
    expect(results.map((r) => r.status)).toEqual(Array(N).fill(204));
    const after = (await scim(t, 'GET', `/Groups/${g.id}`)).json;
    const shown = (list: Array<{ id?: string; value?: string; userName?: string; display?: string }>) => list.map((m) => `${m.id ?? m.value} ${m.display ?? `shown ${m.userName}`}`).sort();
    expect(shown(after.members)).toEqual(shown(joining));
    expect(after.meta.version).toBe(`W/"${before + N}"`);
  });

  it(`${N} concurrent PATCHes pinned to one version: exactly one wins, the others are 412; a stale If-Match stays 412`, async () => {
    const u = await createScimUser(t, 'race-pinned');
    const g = await createScimGroup(t, 'race-pinned');
    for (const [path, body] of [
      [`/Users/${u.id}`, (i: number) => patchOp({ op: 'replace', path: 'title', value: `T${i}` })],
      [`/Groups/${g.id}`, (i: number) => patchOp({ op: 'replace', path: 'displayName', value: `race-pinned-${i}` })],
    ] as const) {
      const etag = (await scim(t, 'GET', path)).headers.get('etag')!;
      const results = await Promise.all(Array.from({ length: N }, (_, i) => scim(t, 'PATCH', path, body(i), { 'if-match': etag })));
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([204, ...Array(N - 1).fill(412)]);
      expect((await scim(t, 'PATCH', path, body(99), { 'if-match': etag })).status).toBe(412);
      expect((await scim(t, 'PUT', path, path.startsWith('/Users') ? { userName: 'race-pinned' } : { displayName: 'race-pinned-put' }, { 'if-match': etag })).status).toBe(412);
    }
  });
});
