import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../../src/core/users.js';
import { FILTER_FIXTURES } from '../unit/scim/filter/fixtures.js';
import { ENTERPRISE, GROUP_SCHEMA, scim, startScimTarget, USER_SCHEMA, type ScimTarget } from '../support/scim-harness.js';

/**
 * Filters run in the database: the same fixed directory is seeded into SQLite and PostgreSQL, then
 * (1) every filter of the parser's fixture table (src/scim/filter/fixtures.ts) must give the same
 * answer on both, for users and for groups, and (2) a table of filters with known answers checks
 * that the answer is also right (case folding, Unicode, JSON attributes, memberships, NULLs).
 */
const SEED_USERS: Record<string, unknown>[] = [
  {
    userName: 'bjensen',
    externalId: 'bjensen-ext',
    name: { formatted: 'Ms. Barbara J Jensen III', givenName: 'Barbara', familyName: 'Jensen' },
    nickName: 'Babs',
    title: 'Tour Guide',
    userType: 'Employee',
    emails: [
      { value: 'bjensen@example.com', type: 'work', primary: true },
      { value: 'babs@jensen.org', type: 'home' },
    ],
    [ENTERPRISE]: { employeeNumber: '701984', department: 'Sales' },
  },
  {
    userName: 'J.Smith@Example.com',
    name: { givenName: 'John', familyName: "O'Malley" },
    displayName: 'Bob "The Builder" Smith',
    userType: 'Intern',
    active: false,
    emails: [{ value: 'john@example.org', type: 'work' }],
  },
  { userName: 'zhangwei', displayName: '张伟 Ünïcödé', name: { familyName: 'ÜNÏCÖDÉ' }, title: 'Straße', emails: [{ value: 'ZHANG@EXAMPLE.COM', type: 'work', primary: true }] },
  {
    userName: 'emp.one',
    externalId: 'jyoung',
    displayName: 'BobIsAmazing',
    name: { familyName: 'Employee' },
    emails: [
      { value: 'anna33@example.com', type: 'work' },
      { value: 'anna33@gmail.com', type: 'work' },
    ],
  },
  {
    userName: 'Kaia.Hoeger@example.com',
    displayName: 'Kaia',
    phoneNumbers: [{ value: '+1-555-0100', type: 'mobile' }],
    [ENTERPRISE]: { manager: { value: '26118915-6090-4610-87e4-49d8ca9f808d' } },
  },
  { userName: 'plain' },
  { userName: 'cafe', displayName: 'café \\ / \t' },
  { userName: 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081', emails: [{ value: 'Test_User_11bb6a7f@testuser.com', type: 'work' }] },
];

const ALL = ['bjensen', 'cafe', 'emp.one', 'J.Smith@Example.com', 'Kaia.Hoeger@example.com', 'manual.user', 'plain', 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081', 'zhangwei'];
const except = (...names: string[]) => ALL.filter((n) => !names.includes(n));

/** Filters with the answer they must give (user names), on both databases. */
const USER_EXPECTED: Array<[string, string[]]> = [
  ['userName eq "BJENSEN"', ['bjensen']],
  [`name.familyName co "o'm"`, ['J.Smith@Example.com']],
  ['userName sw "j"', ['J.Smith@Example.com']],
  ['userName gt "o"', ['plain', 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081', 'zhangwei']],
  ['title pr', ['bjensen', 'zhangwei']],
  ['not (title pr)', except('bjensen', 'zhangwei')],
  ['not (displayName eq "Kaia")', except('Kaia.Hoeger@example.com')],
  ['title eq "straße"', ['zhangwei']],
  ['displayName eq "张伟 ünïcödé"', ['zhangwei']],
  ['name.familyName eq "ünïcödé"', ['zhangwei']],
  ['emails co "example.com"', ['bjensen', 'emp.one', 'manual.user', 'zhangwei']],
  ['emails[type eq "work" and value co "@example.com"]', ['bjensen', 'emp.one', 'manual.user', 'zhangwei']],
  ['emails.type eq "home"', ['bjensen']],
  ['emails.value ew ".org"', ['bjensen', 'J.Smith@Example.com']],
  ['emails[primary eq true]', ['bjensen', 'manual.user', 'zhangwei']],
  ['emails[not (type eq "work")]', ['bjensen']],
  ['emails[type eq "work"].value eq "TEST_USER_11BB6A7F@TESTUSER.COM"', ['Test_User_dfeef4c5-5681-4387-b016-bdf221e82081']],
  ['emails pr', ['bjensen', 'emp.one', 'J.Smith@Example.com', 'manual.user', 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081', 'zhangwei']],
  ['active eq false', ['J.Smith@Example.com']],
  ['active eq "True" and userType eq "employee"', ['bjensen']],
  ['userType ne "Employee"', except('bjensen')],
  ['nickName pr and userType eq "Employee"', ['bjensen']],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"', ['bjensen']],
  ['department eq "sales"', ['bjensen']],
  ['manager eq "26118915-6090-4610-87e4-49d8ca9f808d"', ['Kaia.Hoeger@example.com']],
  ['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value pr', ['Kaia.Hoeger@example.com']],
  ['phoneNumbers[type eq "mobile"].value eq "+1-555-0100"', ['Kaia.Hoeger@example.com']],
  ['externalId eq jyoung', ['emp.one']],
  ['externalId eq "JYOUNG"', []],
  ['groups.display eq "group1displayname"', ['bjensen', 'emp.one']],
  ['groups pr', ['bjensen', 'emp.one', 'Kaia.Hoeger@example.com']],
  ['not (groups pr)', except('bjensen', 'emp.one', 'Kaia.Hoeger@example.com')],
  ['schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"', ['bjensen', 'Kaia.Hoeger@example.com']],
  ['meta.created gt "2000-01-01T00:00:00Z"', ALL],
  ['meta.created gt 2015-10-10T14:38:21.8617979-07:00', ALL],
  ['displayName eq "café \\\\ \\/ \\t"', ['cafe']],
  ['name.formatted sw "ms."', ['bjensen']],
];

const GROUP_EXPECTED: Array<[string, string[]]> = [
  ['displayName eq "group1displayname"', ['Group1DisplayName']],
  ['displayName sw "Eng"', ['Engineering Team']],
  ['members pr', ['Engineering Team', 'Group1DisplayName']],
  ['not (members pr)', ['empty']],
  ['externalId eq "g-ext-1"', ['Group1DisplayName']],
];

interface Seeded {
  t: ScimTarget;
  groupIdOf: Map<string, string>;
}

async function seed(dialect: 'sqlite' | 'postgres'): Promise<Seeded> {
  const t = await startScimTarget(dialect);
  const ids = new Map<string, string>();
  for (const u of SEED_USERS) {
    const r = await scim(t, 'POST', '/Users', { schemas: [USER_SCHEMA], ...u });
    if (r.status !== 201) throw new Error(`seed ${String(u['userName'])}: ${r.text}`);
    ids.set(u['userName'] as string, r.json.id);
  }
  await createUser(t.core, t.directoryId, { userName: 'manual.user', email: 'manual@example.com' }, { via: 'management', actor: { type: 'system', id: 'test' } });
  const groupIdOf = new Map<string, string>();
  const groups: Array<[string, string[], string?]> = [
    ['Group1DisplayName', ['bjensen', 'emp.one'], 'g-ext-1'],
    ['Engineering Team', ['Kaia.Hoeger@example.com']],
    ['empty', []],
  ];
  for (const [displayName, members, externalId] of groups) {
    const r = await scim(t, 'POST', '/Groups', { schemas: [GROUP_SCHEMA], displayName, ...(externalId ? { externalId } : {}), members: members.map((m) => ({ value: ids.get(m) })) });
    if (r.status !== 201) throw new Error(`seed group ${displayName}: ${r.text}`);
    groupIdOf.set(displayName, r.json.id);
  }
  return { t, groupIdOf };
}

/** What a filter gives: the names matched (sorted), or the error. */
async function answer(t: ScimTarget, resource: 'Users' | 'Groups', filter: string): Promise<{ status: number; names?: string[]; scimType?: string }> {
  const r = await scim(t, 'GET', `/${resource}?count=100&filter=${encodeURIComponent(filter)}`);
  if (r.status !== 200) return { status: r.status, scimType: r.json?.scimType };
  const key = resource === 'Users' ? 'userName' : 'displayName';
  const names = r.json.Resources.map((x: any) => x[key] as string).sort((a: string, b: string) => a.toLowerCase().localeCompare(b.toLowerCase()));
  expect(r.json.totalResults).toBe(names.length);
  return { status: 200, names };
}

const sortNames = (xs: string[]) => [...xs].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));

describe('filters in the database, SQLite and PostgreSQL side by side', () => {
  let lite: Seeded;
  let pg: Seeded;
  beforeAll(async () => {
    [lite, pg] = await Promise.all([seed('sqlite'), seed('postgres')]);
  }, 120_000);
  afterAll(async () => {
    await lite?.t.close();
    await pg?.t.close();
  });

  const valid = FILTER_FIXTURES.filter((f) => !('error' in f.expected));

  it.each(valid.map((f) => [f.input] as const))('fixture %j gives the same users on both (or the same 400 invalidFilter)', async (input) => {
    const [a, b] = await Promise.all([answer(lite.t, 'Users', input), answer(pg.t, 'Users', input)]);
    expect(a).toEqual(b);
    expect(a.status === 200 || (a.status === 400 && a.scimType === 'invalidFilter')).toBe(true);
  });

  it.each(valid.map((f) => [f.input] as const))('fixture %j gives the same groups on both (or the same 400 invalidFilter)', async (input) => {
    const [a, b] = await Promise.all([answer(lite.t, 'Groups', input), answer(pg.t, 'Groups', input)]);
    expect(a).toEqual(b);
    expect(a.status === 200 || (a.status === 400 && a.scimType === 'invalidFilter')).toBe(true);
  });

  it('the fixture table actually matches users on this data set (not everything refused)', async () => {
    let matched = 0;
    for (const f of valid) {
      const a = await answer(lite.t, 'Users', f.input);
      if (a.status === 200 && a.names!.length > 0) matched++;
    }
    expect(matched).toBeGreaterThanOrEqual(15);
  });

  it.each(USER_EXPECTED)('users %j are exactly the expected ones on both', async (filter, expected) => {
    for (const s of [lite, pg]) expect({ filter, db: s.t.node.dialect, ...(await answer(s.t, 'Users', filter)) }).toEqual({ filter, db: s.t.node.dialect, status: 200, names: sortNames(expected) });
  });

  it.each(GROUP_EXPECTED)('groups %j are exactly the expected ones on both', async (filter, expected) => {
    for (const s of [lite, pg]) expect({ filter, db: s.t.node.dialect, ...(await answer(s.t, 'Groups', filter)) }).toEqual({ filter, db: s.t.node.dialect, status: 200, names: sortNames(expected) });
  });

  it('membership filters by id: users by groups.value, groups by members[value eq]', async () => {
    for (const s of [lite, pg]) {
      const gid = s.groupIdOf.get('Group1DisplayName')!;
      expect((await answer(s.t, 'Users', `groups.value eq "${gid}"`)).names).toEqual(['bjensen', 'emp.one']);
      expect((await answer(s.t, 'Users', `groups[value eq "${gid}"]`)).names).toEqual(['bjensen', 'emp.one']);
      const uid = (await scim(s.t, 'GET', `/Users?filter=${encodeURIComponent('userName eq "emp.one"')}`)).json.Resources[0].id;
      expect((await answer(s.t, 'Groups', `members[value eq "${uid}"]`)).names).toEqual(['Group1DisplayName']);
      expect((await answer(s.t, 'Groups', `members.value eq "${uid}"`)).names).toEqual(['Group1DisplayName']);
      expect((await answer(s.t, 'Groups', `members.value ne "${uid}"`)).names).toEqual(['empty', 'Engineering Team']);
    }
  });
});
