/**
 * The filter fixture table: RFC 7644 §3.4.2.2 examples, what the Microsoft SCIMReferenceCode
 * collection, Entra, Okta and AWS send, tolerance cases, and malformed input. `parse.test.ts` runs
 * it; docs/decisions/0003-scim-filter-parser.md records how the npm filter libraries fared on it.
 *
 * Expected trees are written out by hand (names lower-cased, see src/core/filter.ts), so a row
 * says exactly what the store will receive.
 */
import type { Filter } from '../../../../src/core/filter.js';
import { a, and, cmp, eq, has, not, or, pr } from './fixture-builders.js';

export type FixtureSource = 'rfc7644' | 'microsoft' | 'entra' | 'okta' | 'aws' | 'syntax' | 'malformed';

export interface FilterFixture {
  readonly input: string;
  /** A tree, or the error the input must be refused with; `detail` is a substring of the ScimError detail. */
  readonly expected: Filter | { readonly error: 'invalidFilter'; readonly detail?: string };
  readonly source: FixtureSource;
  readonly note?: string;
}

const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:user';
const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user';

const bad = (detail?: string) => ({ error: 'invalidFilter' as const, ...(detail !== undefined ? { detail } : {}) });

const nested = (n: number, inner: string) => '('.repeat(n) + inner + ')'.repeat(n);

export const FILTER_FIXTURES: readonly FilterFixture[] = [
  // ---- RFC 7644 §3.4.2.2, every example of the examples figure, then the prose examples --------
  { source: 'rfc7644', input: 'userName eq "bjensen"', expected: eq(a('username'), 'bjensen') },
  { source: 'rfc7644', input: `name.familyName co "O'Malley"`, expected: cmp('co', a('name', 'familyname'), "O'Malley") },
  { source: 'rfc7644', input: 'userName sw "J"', expected: cmp('sw', a('username'), 'J') },
  {
    source: 'rfc7644',
    input: 'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    expected: cmp('sw', a('username', undefined, CORE_USER), 'J'),
  },
  { source: 'rfc7644', input: 'title pr', expected: pr(a('title')) },
  { source: 'rfc7644', input: 'meta.lastModified gt "2011-05-13T04:42:34Z"', expected: cmp('gt', a('meta', 'lastmodified'), '2011-05-13T04:42:34Z') },
  { source: 'rfc7644', input: 'meta.lastModified ge "2011-05-13T04:42:34Z"', expected: cmp('ge', a('meta', 'lastmodified'), '2011-05-13T04:42:34Z') },
  { source: 'rfc7644', input: 'meta.lastModified lt "2011-05-13T04:42:34Z"', expected: cmp('lt', a('meta', 'lastmodified'), '2011-05-13T04:42:34Z') },
  { source: 'rfc7644', input: 'meta.lastModified le "2011-05-13T04:42:34Z"', expected: cmp('le', a('meta', 'lastmodified'), '2011-05-13T04:42:34Z') },
  { source: 'rfc7644', input: 'title pr and userType eq "Employee"', expected: and(pr(a('title')), eq(a('usertype'), 'Employee')) },
  { source: 'rfc7644', input: 'title pr or userType eq "Intern"', expected: or(pr(a('title')), eq(a('usertype'), 'Intern')) },
  {
    source: 'rfc7644',
    input: 'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
    expected: eq(a('schemas'), 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'),
  },
  {
    source: 'rfc7644',
    input: 'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
    expected: and(eq(a('usertype'), 'Employee'), or(cmp('co', a('emails'), 'example.com'), cmp('co', a('emails', 'value'), 'example.org'))),
  },
  {
    source: 'rfc7644',
    input: 'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
    expected: and(
      cmp('ne', a('usertype'), 'Employee'),
      not(or(cmp('co', a('emails'), 'example.com'), cmp('co', a('emails', 'value'), 'example.org'))),
    ),
  },
  {
    source: 'rfc7644',
    input: 'userType eq "Employee" and (emails.type eq "work")',
    expected: and(eq(a('usertype'), 'Employee'), eq(a('emails', 'type'), 'work')),
  },
  {
    source: 'rfc7644',
    input: 'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
    expected: and(eq(a('usertype'), 'Employee'), has(a('emails'), and(eq(a('type'), 'work'), cmp('co', a('value'), '@example.com')))),
  },
  {
    source: 'rfc7644',
    input: 'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
    expected: or(
      has(a('emails'), and(eq(a('type'), 'work'), cmp('co', a('value'), '@example.com'))),
      has(a('ims'), and(eq(a('type'), 'xmpp'), cmp('co', a('value'), '@foo.com'))),
    ),
  },
  { source: 'rfc7644', input: 'userName Eq "john"', expected: eq(a('username'), 'john'), note: '§3.4.2.2: operators are case-insensitive' },
  { source: 'rfc7644', input: 'Username eq "john"', expected: eq(a('username'), 'john'), note: '§3.4.2.2: attribute names are case-insensitive' },
  { source: 'rfc7644', input: 'displayName sw "smith"', expected: cmp('sw', a('displayname'), 'smith'), note: '§3.4.3 search request' },

  // ---- Microsoft SCIMReferenceCode collection: every `filter=`, as decoded, and raw with `+` ----
  { source: 'microsoft', input: 'DisplayName eq "BobIsAmazing"', expected: eq(a('displayname'), 'BobIsAmazing'), note: 'Get User Filters, decoded' },
  { source: 'microsoft', input: 'DisplayName+eq+"BobIsAmazing"', expected: eq(a('displayname'), 'BobIsAmazing'), note: '`+` left undecoded' },
  {
    source: 'microsoft',
    input: 'name.FamilyName eq Employee and (emails.Value co example.com or emails.Value co example.org)',
    expected: and(eq(a('name', 'familyname'), 'Employee'), or(cmp('co', a('emails', 'value'), 'example.com'), cmp('co', a('emails', 'value'), 'example.org'))),
    note: 'unquoted values',
  },
  {
    source: 'microsoft',
    input: 'name.FamilyName+eq+Employee+and+(emails.Value+co+example.com+or+emails.Value+co+example.org)',
    expected: and(eq(a('name', 'familyname'), 'Employee'), or(cmp('co', a('emails', 'value'), 'example.com'), cmp('co', a('emails', 'value'), 'example.org'))),
  },
  { source: 'microsoft', input: 'userName sw O', expected: cmp('sw', a('username'), 'O') },
  { source: 'microsoft', input: 'userName+sw+O', expected: cmp('sw', a('username'), 'O') },
  {
    source: 'microsoft',
    input: 'meta.Created gt 2015-10-10T14:38:21.8617979-07:00',
    expected: cmp('gt', a('meta', 'created'), '2015-10-10T14:38:21.8617979-07:00'),
    note: 'unquoted timestamp, 7 fractional digits and an offset',
  },
  {
    source: 'microsoft',
    input: 'meta.Created+gt+2015-10-10T14:38:21.8617979-07:00',
    expected: cmp('gt', a('meta', 'created'), '2015-10-10T14:38:21.8617979-07:00'),
  },

  // ---- Entra provisioning (quirks 6, 7, 10, 11) ---------------------------------------------
  {
    source: 'entra',
    input: 'userName eq "Test_User_dfeef4c5-5681-4387-b016-bdf221e82081"',
    expected: eq(a('username'), 'Test_User_dfeef4c5-5681-4387-b016-bdf221e82081'),
  },
  { source: 'entra', input: 'externalId eq jyoung', expected: eq(a('externalid'), 'jyoung'), note: 'unquoted, from the Entra tutorial' },
  { source: 'entra', input: 'externalId eq "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"', expected: eq(a('externalid'), '0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef') },
  { source: 'entra', input: 'displayName eq "Group1DisplayName"', expected: eq(a('displayname'), 'Group1DisplayName') },
  {
    source: 'entra',
    input: 'emails[type eq "work"].value eq "Test_User_11bb6a7f@testuser.com"',
    expected: has(a('emails'), and(eq(a('type'), 'work'), eq(a('value'), 'Test_User_11bb6a7f@testuser.com'))),
    note: 'matching attribute emails[type eq "work"].value, not in the RFC grammar',
  },
  {
    source: 'entra',
    input: 'userName eq "8a2f6b39-1f4b-4ad8-9b8e-5e3f2a4c7d10"',
    expected: eq(a('username'), '8a2f6b39-1f4b-4ad8-9b8e-5e3f2a4c7d10'),
    note: 'Test Connection with a random GUID',
  },
  {
    source: 'entra',
    input: 'id eq "f8a4b1d2-7c3e-4f5a-9b6c-1d2e3f4a5b6c" and manager eq "26118915-6090-4610-87e4-49d8ca9f808d"',
    expected: and(eq(a('id'), 'f8a4b1d2-7c3e-4f5a-9b6c-1d2e3f4a5b6c'), eq(a('manager'), '26118915-6090-4610-87e4-49d8ca9f808d')),
  },
  {
    source: 'entra',
    input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq "701984"',
    expected: eq(a('employeenumber', undefined, ENTERPRISE_USER), '701984'),
  },
  {
    source: 'entra',
    input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value eq "26118915-6090-4610-87e4-49d8ca9f808d"',
    expected: eq(a('manager', 'value', ENTERPRISE_USER), '26118915-6090-4610-87e4-49d8ca9f808d'),
  },
  {
    source: 'entra',
    input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "Sales" And userName eq "a@contoso.com"',
    expected: and(eq(a('department', undefined, ENTERPRISE_USER), 'Sales'), eq(a('username'), 'a@contoso.com')),
  },

  // ---- Okta (quirk 24, SPEC test) -----------------------------------------------------------
  { source: 'okta', input: 'userName eq "Kaia.Hoeger@example.com"', expected: eq(a('username'), 'Kaia.Hoeger@example.com') },
  { source: 'okta', input: 'userName eq "KAIA.HOEGER@EXAMPLE.COM"', expected: eq(a('username'), 'KAIA.HOEGER@EXAMPLE.COM') },
  { source: 'okta', input: 'userName eq "invalidUser-2f7c@example.com"', expected: eq(a('username'), 'invalidUser-2f7c@example.com') },
  { source: 'okta', input: 'displayName eq "Engineering Team"', expected: eq(a('displayname'), 'Engineering Team') },
  { source: 'okta', input: 'externalId eq "00u1ab2cd3EF4gh5i6j7"', expected: eq(a('externalid'), '00u1ab2cd3EF4gh5i6j7') },

  // ---- AWS IAM Identity Center shapes (quirk 43) ----------------------------------------------
  { source: 'aws', input: 'groups.value eq "9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074"', expected: eq(a('groups', 'value'), '9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074') },
  { source: 'aws', input: 'members[value eq "9067729b3d-ee533c18-538a-4cd3-a572-63fb863ed734"]', expected: has(a('members'), eq(a('value'), '9067729b3d-ee533c18-538a-4cd3-a572-63fb863ed734')) },

  // ---- grammar and tolerance ----------------------------------------------------------------
  { source: 'syntax', input: 'userName EQ "bjensen" AND title PR', expected: and(eq(a('username'), 'bjensen'), pr(a('title'))) },
  { source: 'syntax', input: 'USERNAME eq "x" Or Title pr', expected: or(eq(a('username'), 'x'), pr(a('title'))) },
  { source: 'syntax', input: 'NOT (title pr)', expected: not(pr(a('title'))) },
  { source: 'syntax', input: 'not(title pr)', expected: not(pr(a('title'))), note: 'no space before (, as in the ABNF' },
  { source: 'syntax', input: '   userName eq "bjensen"  ', expected: eq(a('username'), 'bjensen') },
  { source: 'syntax', input: 'userName\teq\t"bjensen"\n', expected: eq(a('username'), 'bjensen') },
  {
    source: 'syntax',
    input: 'title pr or userType eq "Intern" and active eq true',
    expected: or(pr(a('title')), and(eq(a('usertype'), 'Intern'), eq(a('active'), true))),
    note: 'and binds tighter than or',
  },
  {
    source: 'syntax',
    input: 'title pr and nickName pr or displayName pr and active eq false',
    expected: or(and(pr(a('title')), pr(a('nickname'))), and(pr(a('displayname')), eq(a('active'), false))),
  },
  {
    source: 'syntax',
    input: '(title pr or nickName pr) and active eq true',
    expected: and(or(pr(a('title')), pr(a('nickname'))), eq(a('active'), true)),
  },
  { source: 'syntax', input: 'title pr or nickName pr or displayName pr', expected: or(pr(a('title')), pr(a('nickname')), pr(a('displayname'))) },
  { source: 'syntax', input: 'title pr and (nickName pr and displayName pr)', expected: and(pr(a('title')), and(pr(a('nickname')), pr(a('displayname')))) },
  { source: 'syntax', input: '((title pr))', expected: pr(a('title')) },
  { source: 'syntax', input: 'not (not (title pr))', expected: not(not(pr(a('title')))) },
  { source: 'syntax', input: nested(32, 'title pr'), expected: pr(a('title')), note: '32 levels: the limit' },
  { source: 'syntax', input: 'displayName eq "Bob \\"The Builder\\" Smith"', expected: eq(a('displayname'), 'Bob "The Builder" Smith') },
  { source: 'syntax', input: 'displayName eq "caf\\u00e9 \\\\ \\/ \\t"', expected: eq(a('displayname'), 'café \\ / \t') },
  { source: 'syntax', input: 'displayName eq "张伟 Ünïcödé"', expected: eq(a('displayname'), '张伟 Ünïcödé') },
  { source: 'syntax', input: 'displayName eq ""', expected: eq(a('displayname'), '') },
  { source: 'syntax', input: 'displayName co "(x) and [y]"', expected: cmp('co', a('displayname'), '(x) and [y]') },
  { source: 'syntax', input: 'emails[value eq "a]b"]', expected: has(a('emails'), eq(a('value'), 'a]b')) },
  { source: 'syntax', input: 'quota gt 5', expected: cmp('gt', a('quota'), 5) },
  { source: 'syntax', input: 'quota ge -1.5e3 and quota lt 0.25', expected: and(cmp('ge', a('quota'), -1500), cmp('lt', a('quota'), 0.25)) },
  { source: 'syntax', input: 'employeeNumber eq 007', expected: eq(a('employeenumber'), '007'), note: 'not a JSON number: unquoted string' },
  { source: 'syntax', input: 'active eq true', expected: eq(a('active'), true) },
  { source: 'syntax', input: 'manager eq null', expected: eq(a('manager'), null) },
  { source: 'syntax', input: 'active eq True', expected: eq(a('active'), 'True'), note: 'only lower-case JSON literals; the store coerces by type' },
  { source: 'syntax', input: 'emails[primary eq true]', expected: has(a('emails'), eq(a('primary'), true)) },
  { source: 'syntax', input: 'emails co @example.com', expected: cmp('co', a('emails'), '@example.com') },
  { source: 'syntax', input: 'userName eq a+b', expected: eq(a('username'), 'a+b'), note: 'white space present: `+` is a character' },
  { source: 'syntax', input: 'userName+eq+"a+b@example.com"', expected: eq(a('username'), 'a+b@example.com'), note: '`+` kept inside strings' },
  { source: 'syntax', input: 'title+pr+and+userName+eq+"x"', expected: and(pr(a('title')), eq(a('username'), 'x')) },
  { source: 'syntax', input: 'emails [type eq "work"]', expected: has(a('emails'), eq(a('type'), 'work')) },
  { source: 'syntax', input: 'emails[not (type eq "work")]', expected: has(a('emails'), not(eq(a('type'), 'work'))) },
  {
    source: 'syntax',
    input: 'emails[type eq "work" or type eq "home"].value co "@example.com"',
    expected: has(a('emails'), and(or(eq(a('type'), 'work'), eq(a('type'), 'home')), cmp('co', a('value'), '@example.com'))),
  },
  { source: 'syntax', input: 'emails[type eq "work"].value pr', expected: has(a('emails'), and(eq(a('type'), 'work'), pr(a('value')))) },
  {
    source: 'syntax',
    input: 'emails[type eq "work"] and not (userName eq "x")',
    expected: and(has(a('emails'), eq(a('type'), 'work')), not(eq(a('username'), 'x'))),
  },
  { source: 'syntax', input: 'members.$ref pr', expected: pr(a('members', '$ref')) },
  {
    source: 'syntax',
    input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager[value eq "x"]',
    expected: has(a('manager', undefined, ENTERPRISE_USER), eq(a('value'), 'x')),
  },
  { source: 'syntax', input: 'urn:example:custom:1.0:User:cost-center_2 eq "A1"', expected: eq(a('cost-center_2', undefined, 'urn:example:custom:1.0:user'), 'A1') },
  { source: 'syntax', input: 'userName eq pr', expected: eq(a('username'), 'pr'), note: 'an operator word in value position is a value' },

  // ---- malformed: each must be refused with invalidFilter ------------------------------------
  { source: 'malformed', input: '', expected: bad('empty filter') },
  { source: 'malformed', input: '   ', expected: bad('empty filter') },
  { source: 'malformed', input: 'userName eq', expected: bad("position 12: expected a value after 'eq', found end of input") },
  { source: 'malformed', input: 'userName ge and title pr', expected: bad("found the keyword 'and'") },
  { source: 'malformed', input: 'userName', expected: bad('expected an operator') },
  { source: 'malformed', input: 'userName xx "bjensen"', expected: bad("position 10: unknown operator 'xx'") },
  { source: 'malformed', input: 'userName equals "bjensen"', expected: bad('unknown operator') },
  { source: 'malformed', input: 'title pr "x"', expected: bad("'pr' takes no value") },
  { source: 'malformed', input: 'title pr x', expected: bad("'pr' takes no value") },
  { source: 'malformed', input: 'userName eq "x" and', expected: bad('found end of input') },
  { source: 'malformed', input: 'userName eq "x" or', expected: bad('found end of input') },
  { source: 'malformed', input: 'and userName eq "x"', expected: bad("position 1: expected an attribute path, '(' or 'not', found 'and'") },
  { source: 'malformed', input: 'userName eq "x" and and title pr', expected: bad("found 'and'") },
  { source: 'malformed', input: '(userName eq "x"', expected: bad("missing ')' to close the '(' at position 1") },
  { source: 'malformed', input: 'userName eq "x")', expected: bad("position 16: unmatched ')'") },
  { source: 'malformed', input: '((title pr)', expected: bad("missing ')'") },
  { source: 'malformed', input: 'emails[type eq "work"', expected: bad("missing ']' to close the '[' at position 7") },
  { source: 'malformed', input: 'emails type eq "work"]', expected: bad('unknown operator') },
  { source: 'malformed', input: 'emails[type eq "work"]]', expected: bad("unmatched ']'") },
  { source: 'malformed', input: '[type eq "work"]', expected: bad('expected an attribute path') },
  { source: 'malformed', input: 'emails[type[value eq "x"] eq "y"]', expected: bad('cannot be nested') },
  { source: 'malformed', input: 'emails[]', expected: bad('empty value filter') },
  { source: 'malformed', input: '()', expected: bad("found ')'") },
  { source: 'malformed', input: 'userName eq "unterminated', expected: bad('position 13: unterminated string') },
  { source: 'malformed', input: 'userName eq "bad \\q escape"', expected: bad("invalid escape '\\q'") },
  { source: 'malformed', input: 'userName eq "\\u12"', expected: bad('\\u escape') },
  { source: 'malformed', input: 'userName eq "a\u0001b"', expected: bad('control character') },
  { source: 'malformed', input: 'not userName eq "x"', expected: bad("expected '(' after 'not'") },
  { source: 'malformed', input: 'userName eq "a" "b"', expected: bad("expected 'and', 'or' or end of filter") },
  { source: 'malformed', input: 'userName eq "a" nand title pr', expected: bad("found 'nand'") },
  { source: 'malformed', input: 'userName eq "x" title pr', expected: bad("found 'title'") },
  { source: 'malformed', input: 'name.familyName.first eq "x"', expected: bad('only one sub-attribute level') },
  { source: 'malformed', input: '1userName eq "x"', expected: bad('must start with a letter') },
  { source: 'malformed', input: '.value eq "x"', expected: bad('must start with a letter') },
  { source: 'malformed', input: 'user@name eq "x"', expected: bad("unexpected character '@'") },
  { source: 'malformed', input: 'urn:ietf:params:scim:schemas:core:2.0:User: eq "x"', expected: bad('expected an attribute name') },
  { source: 'malformed', input: 'foo:userName eq "x"', expected: bad('is not a schema URI') },
  { source: 'malformed', input: 'emails[type eq "work"] .value eq "x"', expected: bad("no white space allowed between ']' and '.'") },
  { source: 'malformed', input: 'emails[type eq "work"].value', expected: bad('expected an operator') },
  { source: 'malformed', input: 'name.givenName[type eq "x"]', expected: bad('not to the sub-attribute') },
  { source: 'malformed', input: 'quota gt 1e999', expected: bad('number out of range') },
  { source: 'malformed', input: `userName eq "${'a'.repeat(4100)}"`, expected: bad('longer than 4096 characters'), note: 'too long' },
  { source: 'malformed', input: nested(33, 'title pr'), expected: bad('nesting deeper than 32 levels'), note: 'too deep' },
  { source: 'malformed', input: `${'not ('.repeat(17)}title pr${')'.repeat(17)}`, expected: bad('nesting deeper than 32 levels'), note: 'too deep with not' },
  {
    source: 'malformed',
    input: 'meta.created gt 2015-10-10T14:38:21 07:00',
    expected: bad("found '07:00'"),
    note: 'an unencoded + offset decoded to a space by the HTTP layer: cannot be repaired',
  },
];
