import { expect } from 'vitest';
import type { Body } from './clients.js';
import { keysOf, TIME } from './wire.js';

/**
 * The user, group and membership objects of cloudsso-api.md §2 as exact key sets and types: a
 * missing, extra or mis-cased field fails. Every documented string field is always present (`""`
 * when unset); ExternalId only for users that have one (docs/decisions/0020-management-users-groups.md).
 */
export const USER_ID = /^u-[0-9a-z]{20}$/;
export const GROUP_ID = /^g-[0-9a-z]{20}$/;

const USER_STRING_FIELDS = ['UserId', 'UserName', 'DisplayName', 'FirstName', 'LastName', 'Email', 'Description', 'Status', 'ProvisionType', 'CreateTime', 'UpdateTime'];

/** UpdateUser's User. */
export const UPDATED_USER_KEYS = [...USER_STRING_FIELDS].sort();
/** CreateUser's User. */
export const CREATED_USER_KEYS = [...USER_STRING_FIELDS, 'Tags'].sort();
/** GetUser's and ListUsers' User, without and with ExternalId. */
export const USER_KEYS = CREATED_USER_KEYS;
export const SYNCED_USER_KEYS = [...USER_STRING_FIELDS, 'Tags', 'ExternalId'].sort();

export const GROUP_KEYS = ['CreateTime', 'Description', 'GroupId', 'GroupName', 'ProvisionType', 'UpdateTime'];
export const GROUP_MEMBER_KEYS = ['Description', 'DisplayName', 'Email', 'GroupId', 'JoinTime', 'ProvisionType', 'Status', 'UserId', 'UserName'];
export const JOINED_GROUP_KEYS = ['Description', 'GroupId', 'GroupName', 'JoinTime', 'ProvisionType', 'UserId'];
export const PAGE_KEYS = (items: string, truncated: boolean) =>
  ['IsTruncated', 'MaxResults', 'RequestId', 'TotalCounts', items, ...(truncated ? ['NextToken'] : [])].sort();
export const PASSWORD_POLICY_KEYS = [
  'HardExpire',
  'MaxLoginAttempts',
  'MaxPasswordAge',
  'MaxPasswordLength',
  'MinPasswordDifferentChars',
  'MinPasswordLength',
  'PasswordNotContainUsername',
  'PasswordReusePrevention',
  'RequireLowerCaseChars',
  'RequireNumbers',
  'RequireSymbols',
  'RequireUpperCaseChars',
];

function expectStrings(o: Body, fields: readonly string[]): void {
  for (const f of fields) expect(typeof o[f], f).toBe('string');
}

export function expectTags(tags: unknown): void {
  expect(Array.isArray(tags)).toBe(true);
  for (const t of tags as Body[]) {
    expect(keysOf(t)).toEqual(['Key', 'Value']);
    expectStrings(t, ['Key', 'Value']);
  }
}

export type UserShape = 'created' | 'updated' | 'full';

export function expectUser(u: Body, shape: UserShape, synced = false): void {
  const keys = shape === 'updated' ? UPDATED_USER_KEYS : shape === 'created' ? CREATED_USER_KEYS : synced ? SYNCED_USER_KEYS : USER_KEYS;
  expect(keysOf(u)).toEqual(keys);
  expectStrings(u, USER_STRING_FIELDS);
  expect(u.UserId).toMatch(USER_ID);
  expect(['Enabled', 'Disabled']).toContain(u.Status);
  expect(['Manual', 'Synchronized']).toContain(u.ProvisionType);
  expect(u.CreateTime).toMatch(TIME);
  expect(u.UpdateTime).toMatch(TIME);
  if (shape !== 'updated') expectTags(u.Tags);
  if (u.ExternalId !== undefined) {
    expect(keysOf(u.ExternalId)).toEqual(['Id', 'Issuer']);
    expectStrings(u.ExternalId, ['Id', 'Issuer']);
  }
}

export function expectGroup(g: Body): void {
  expect(keysOf(g)).toEqual(GROUP_KEYS);
  expectStrings(g, GROUP_KEYS);
  expect(g.GroupId).toMatch(GROUP_ID);
  expect(['Manual', 'Synchronized']).toContain(g.ProvisionType);
  expect(g.CreateTime).toMatch(TIME);
  expect(g.UpdateTime).toMatch(TIME);
}

export function expectGroupMember(m: Body): void {
  expect(keysOf(m)).toEqual(GROUP_MEMBER_KEYS);
  expectStrings(m, GROUP_MEMBER_KEYS);
  expect(m.JoinTime).toMatch(TIME);
}

export function expectJoinedGroup(m: Body): void {
  expect(keysOf(m)).toEqual(JOINED_GROUP_KEYS);
  expectStrings(m, JOINED_GROUP_KEYS);
  expect(m.JoinTime).toMatch(TIME);
}

/** A paginated list body: exact keys, integer counts, NextToken exactly when truncated. */
export function expectPage(body: Body, items: string, maxResults: number): void {
  expect(typeof body.IsTruncated).toBe('boolean');
  expect(keysOf(body)).toEqual(PAGE_KEYS(items, body.IsTruncated));
  expect(body.MaxResults).toBe(maxResults);
  expect(Number.isInteger(body.TotalCounts)).toBe(true);
  expect(Array.isArray(body[items])).toBe(true);
  expect(body[items].length).toBeLessThanOrEqual(maxResults);
  if (body.IsTruncated) expect(typeof body.NextToken).toBe('string');
}
