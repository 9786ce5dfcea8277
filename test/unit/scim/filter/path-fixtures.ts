/**
 * PATCH path (RFC 7644 §3.5.2) and `attributes` / `excludedAttributes` (§3.4.2.5) fixture tables,
 * run by `path.test.ts`.
 */
import type { AttributePath } from '../../../../src/core/filter.js';
import { a, cmp, eq } from './fixture-builders.js';
import type { PatchPath } from '../../../../src/scim/filter/path.js';

export interface PathFixture {
  readonly input: string;
  readonly expected: PatchPath | { readonly error: 'invalidPath' | 'invalidFilter'; readonly detail?: string };
  readonly note?: string;
}

export interface AttributeListFixture {
  readonly input: string;
  readonly expected: readonly AttributePath[] | { readonly error: 'invalidValue'; readonly detail?: string };
  readonly note?: string;
}

const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:user';
const MEMBER = '2819c223-7f76-453a-919d-413861904646';


export const PATH_FIXTURES: readonly PathFixture[] = [
  // RFC 7644 §3.5.2 and its sub-sections
  { input: 'members', expected: { attr: a('members') } },
  { input: 'name.familyName', expected: { attr: a('name', 'familyname') } },
  { input: 'addresses[type eq "work"]', expected: { attr: a('addresses'), valueFilter: eq(a('type'), 'work') } },
  { input: `members[value eq "${MEMBER}"]`, expected: { attr: a('members'), valueFilter: eq(a('value'), MEMBER) } },
  {
    input: `members[value eq "${MEMBER}"].displayName`,
    expected: { attr: a('members'), valueFilter: eq(a('value'), MEMBER), subAttr: 'displayname' },
  },
  {
    input: 'emails[type eq "work" and value ew "example.com"]',
    expected: { attr: a('emails'), valueFilter: { op: 'and', filters: [eq(a('type'), 'work'), cmp('ew', a('value'), 'example.com')] } },
  },
  { input: 'addresses[type eq "work"].streetAddress', expected: { attr: a('addresses'), valueFilter: eq(a('type'), 'work'), subAttr: 'streetaddress' } },
  // Entra (quirks 6, 7) and the Microsoft collection
  { input: 'emails[type eq "work"].value', expected: { attr: a('emails'), valueFilter: eq(a('type'), 'work'), subAttr: 'value' } },
  { input: 'addresses[type eq "work"].formatted', expected: { attr: a('addresses'), valueFilter: eq(a('type'), 'work'), subAttr: 'formatted' } },
  { input: 'phoneNumbers[type eq "mobile"].value', expected: { attr: a('phonenumbers'), valueFilter: eq(a('type'), 'mobile'), subAttr: 'value' } },
  { input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department', expected: { attr: a('department', undefined, ENTERPRISE_USER) } },
  { input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber', expected: { attr: a('employeenumber', undefined, ENTERPRISE_USER) } },
  { input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', expected: { attr: a('manager', undefined, ENTERPRISE_USER) } },
  { input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value', expected: { attr: a('manager', 'value', ENTERPRISE_USER) } },
  { input: 'manager[value eq "26118915-6090-4610-87e4-49d8ca9f808d"]', expected: { attr: a('manager'), valueFilter: eq(a('value'), '26118915-6090-4610-87e4-49d8ca9f808d') } },
  { input: 'urn:ietf:params:scim:schemas:core:2.0:User:userName', expected: { attr: a('username', undefined, 'urn:ietf:params:scim:schemas:core:2.0:user') } },
  { input: 'active', expected: { attr: a('active') } },
  { input: 'userName', expected: { attr: a('username') } },
  { input: 'Members[Value eq "abc"]', expected: { attr: a('members'), valueFilter: eq(a('value'), 'abc') }, note: 'names are case-insensitive' },
  { input: '  name.givenName ', expected: { attr: a('name', 'givenname') } },
  { input: 'members[value eq "a" or value eq "b"]', expected: { attr: a('members'), valueFilter: { op: 'or', filters: [eq(a('value'), 'a'), eq(a('value'), 'b')] } } },
  // malformed
  { input: '', expected: { error: 'invalidPath', detail: 'empty path' } },
  { input: '   ', expected: { error: 'invalidPath', detail: 'empty path' } },
  { input: 'name givenName', expected: { error: 'invalidPath', detail: "position 6: expected end of path, found 'givenName'" } },
  { input: 'name.givenName.x', expected: { error: 'invalidPath', detail: 'only one sub-attribute level' } },
  { input: '1abc', expected: { error: 'invalidPath', detail: 'must start with a letter' } },
  { input: '.value', expected: { error: 'invalidPath' } },
  { input: 'foo:bar', expected: { error: 'invalidPath', detail: 'is not a schema URI' } },
  { input: 'name.givenName[type eq "x"]', expected: { error: 'invalidPath', detail: 'not to the sub-attribute' } },
  { input: 'emails[type eq "work"].value.x', expected: { error: 'invalidPath', detail: "unexpected character '.'" } },
  { input: 'emails[type eq "work"]x', expected: { error: 'invalidPath', detail: "found 'x'" } },
  { input: 'emails[type eq "work"][value eq "x"]', expected: { error: 'invalidPath', detail: "found '['" } },
  { input: 'members[value eq "x"] and title pr', expected: { error: 'invalidPath', detail: "found 'and'" } },
  { input: '[value eq "x"]', expected: { error: 'invalidPath', detail: 'expected an attribute path' } },
  { input: 'emails[type eq "work"', expected: { error: 'invalidFilter', detail: "missing ']'" } },
  { input: 'emails[type eq]', expected: { error: 'invalidFilter', detail: "expected a value after 'eq'" } },
  { input: 'emails[]', expected: { error: 'invalidFilter', detail: 'empty value filter' } },
  { input: 'members[value eq "unterminated]', expected: { error: 'invalidFilter', detail: 'unterminated string' } },
  { input: 'members[value+eq+"x"]', expected: { error: 'invalidFilter' }, note: 'paths come from JSON: `+` is not a space' },
  { input: 'emails[type[value eq "x"] eq "work"]', expected: { error: 'invalidFilter', detail: 'cannot be nested' } },
  { input: `members[value eq "${'x'.repeat(4100)}"]`, expected: { error: 'invalidPath', detail: 'longer than 4096' } },
];

export const ATTRIBUTE_LIST_FIXTURES: readonly AttributeListFixture[] = [
  { input: 'userName', expected: [a('username')] },
  { input: 'userName,emails', expected: [a('username'), a('emails')], note: 'Microsoft collection' },
  { input: 'members', expected: [a('members')], note: 'Microsoft collection excludedAttributes' },
  { input: 'emails[type eq "work"]', expected: [a('emails')], note: 'Microsoft collection, non-RFC' },
  { input: 'emails[value eq "emailName357"]', expected: [a('emails')], note: 'Microsoft collection, non-RFC' },
  { input: 'emails[type+eq+"work"]', expected: [a('emails')], note: '`+` left undecoded' },
  { input: 'emails[type eq "work"].value', expected: [a('emails', 'value')] },
  { input: 'emails[value eq "a,b"],userName', expected: [a('emails'), a('username')], note: 'a comma inside a string does not split' },
  {
    input: 'name.givenName, urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber',
    expected: [a('name', 'givenname'), a('employeenumber', undefined, ENTERPRISE_USER)],
  },
  { input: 'UserName,Name.FamilyName', expected: [a('username'), a('name', 'familyname')] },
  { input: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value', expected: [a('manager', 'value', ENTERPRISE_USER)] },
  { input: '', expected: [] },
  { input: '  ', expected: [] },
  { input: 'userName,', expected: { error: 'invalidValue', detail: 'expected an attribute path, found end of input' } },
  { input: ',userName', expected: { error: 'invalidValue', detail: "found ','" } },
  { input: 'userName,,emails', expected: { error: 'invalidValue', detail: 'position 10' } },
  { input: 'user name', expected: { error: 'invalidValue', detail: "expected ',' or end of list, found 'name'" } },
  { input: 'emails[type eq]', expected: { error: 'invalidValue' } },
  { input: 'name.givenName.x', expected: { error: 'invalidValue', detail: 'only one sub-attribute level' } },
  { input: 'emails[type eq "work"', expected: { error: 'invalidValue' } },
];
