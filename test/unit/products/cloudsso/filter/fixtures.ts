import type { Filter } from '../../../../../src/core/filter.js';

/**
 * The `Filter` grammar as data (STYLE habit 6): each input with the tree it must give, or a
 * fragment of the reason it must be refused with. Attribute `UserName` unless stated.
 */
export interface FilterFixture {
  readonly input: string;
  readonly attribute?: 'UserName' | 'GroupName';
  readonly filter?: Filter;
  readonly error?: RegExp;
}

const user = (op: 'eq' | 'sw', value: string): Filter => ({ op, attr: { name: 'username' }, value });
const group = (op: 'eq' | 'sw', value: string): Filter => ({ op, attr: { name: 'displayname' }, value });

export const FILTER_FIXTURES: readonly FilterFixture[] = [
  // the documented examples
  { input: 'UserName sw test', filter: user('sw', 'test') },
  { input: 'UserName eq testuser', filter: user('eq', 'testuser') },
  { input: 'GroupName sw test', attribute: 'GroupName', filter: group('sw', 'test') },
  { input: 'GroupName eq testgroup', attribute: 'GroupName', filter: group('eq', 'testgroup') },
  // keywords and attribute are case-insensitive; the value keeps its case (the store folds it)
  { input: 'username EQ Alice', filter: user('eq', 'Alice') },
  { input: 'USERNAME Sw AL', filter: user('sw', 'AL') },
  { input: 'groupname eq Admins', attribute: 'GroupName', filter: group('eq', 'Admins') },
  // quoted values, escapes, spacing
  { input: 'UserName eq "alice@example.com"', filter: user('eq', 'alice@example.com') },
  { input: "UserName eq 'bob'", filter: user('eq', 'bob') },
  { input: 'UserName eq "a b"', filter: user('eq', 'a b') },
  { input: 'UserName eq "say \\"hi\\""', filter: user('eq', 'say "hi"') },
  { input: 'UserName eq "back\\\\slash"', filter: user('eq', 'back\\slash') },
  { input: "UserName eq 'it\\'s'", filter: user('eq', "it's") },
  { input: '  UserName   sw\tjo  ', filter: user('sw', 'jo') },
  { input: 'UserName eq a.b-c_d@e', filter: user('eq', 'a.b-c_d@e') },
  // refused
  { input: '', error: /empty/ },
  { input: '   ', error: /empty/ },
  { input: 'UserName', error: /operator is missing/ },
  { input: 'UserName eq', error: /value is missing/ },
  { input: 'UserName eq ""', error: /must not be empty/ },
  { input: 'Email eq a@b.c', error: /only the attribute UserName/ },
  { input: 'GroupName eq x', error: /only the attribute UserName/ },
  { input: 'UserName eq x', attribute: 'GroupName', error: /only the attribute GroupName/ },
  { input: 'DisplayName sw x', attribute: 'GroupName', error: /only the attribute GroupName/ },
  { input: 'UserName co x', error: /only the operators eq and sw/ },
  { input: 'UserName ne x', error: /only the operators eq and sw/ },
  { input: 'UserName pr', error: /only the operators eq and sw/ },
  { input: 'UserName "eq" x', error: /only the operators eq and sw/ },
  { input: '"UserName" eq x', error: /only the attribute UserName/ },
  { input: 'UserName eq a b', error: /unexpected "b"/ },
  { input: 'UserName eq a and UserName eq b', error: /one condition only/ },
  { input: 'UserName eq "open', error: /not closed/ },
  { input: 'UserName eq "a"b', error: /space after the quoted value/ },
  { input: 'UserName eq a"b"', error: /unexpected quote/ },
  { input: 'UserName eq "a\\nb"', error: /may only escape/ },
  { input: `UserName eq ${'x'.repeat(257)}`, error: /at most 256/ },
];
