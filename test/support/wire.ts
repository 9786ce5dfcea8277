import { expect } from 'vitest';
import type { ApiFailure, Body } from './clients.js';

/** Wire shapes of cloudsso-api.md §0/§2/§4 as test patterns and exact key sets. */
export const TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/;
export const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
export const DIRECTORY_ID = /^d-[0-9a-z]{12}$/;
export const SCIM_CREDENTIAL_ID = /^scimcred-[0-9a-z]{20}$/;

export const DIRECTORY_KEYS = ['CreateTime', 'DirectoryId', 'DirectoryName', 'Region', 'UpdateTime'];
export const CREDENTIAL_KEYS = ['CreateTime', 'CredentialId', 'CredentialType', 'DirectoryId', 'ExpireTime', 'Status'];
export const ERROR_KEYS = ['Code', 'HostId', 'Message', 'Recommend', 'RequestId'];
export const STATISTICS_KEYS = [
  'AccessAssignmentCount',
  'AccessConfigurationCount',
  'AccessConfigurationQuota',
  'DirectoryId',
  'DirectoryName',
  'GroupCount',
  'GroupQuota',
  'InProgressTaskCount',
  'InlinePolicyPerAccessConfigurationQuota',
  'Region',
  'SCIMServerCredentialCount',
  'SCIMSyncEnabled',
  'SSOEnabled',
  'SystemPolicyPerAccessConfigurationQuota',
  'UserCount',
  'UserQuota',
];

export function keysOf(o: unknown): string[] {
  return Object.keys(o as object).sort();
}

/** A success body: exactly RequestId plus `fields`, and no top-level Code (pop-core would throw). */
export function expectSuccess(body: Body, fields: readonly string[]): void {
  expect(keysOf(body)).toEqual(['RequestId', ...fields].sort());
  expect(body.RequestId).toMatch(REQUEST_ID);
}

export function expectDirectory(d: Body): void {
  expect(keysOf(d)).toEqual(DIRECTORY_KEYS);
  expect(d.DirectoryId).toMatch(DIRECTORY_ID);
  expect(typeof d.DirectoryName).toBe('string');
  expect(d.Region).toBe('cn-shanghai');
  expect(d.CreateTime).toMatch(TIME);
  expect(d.UpdateTime).toMatch(TIME);
}

/** The seed's SCIMServerCredential object: six fields, never the secret. */
export function expectCredential(c: Body, directoryId: string, status: 'Enabled' | 'Disabled'): void {
  expect(keysOf(c)).toEqual(CREDENTIAL_KEYS);
  expect(c).toMatchObject({ DirectoryId: directoryId, Status: status, CredentialType: 'BearerToken' });
  expect(c.CredentialId).toMatch(SCIM_CREDENTIAL_ID);
  expect(c.CreateTime).toMatch(TIME);
  expect(c.ExpireTime).toMatch(TIME);
}

/** The Alibaba error envelope: 4xx/5xx (where the client shows it) and exactly the five fields. */
export function expectFailure(f: ApiFailure, code: string, status: number): void {
  expect({ code: f.code, bodyCode: f.body.Code }).toEqual({ code, bodyCode: code });
  expect(f.status).toBe(status);
  expectErrorBody(f.body, code);
}

export function expectErrorBody(body: Body, code: string): void {
  expect(keysOf(body)).toEqual(ERROR_KEYS);
  expect(body.Code).toBe(code);
  expect(body.RequestId).toMatch(REQUEST_ID);
  expect(typeof body.HostId).toBe('string');
  expect(body.HostId.length).toBeGreaterThan(0);
  expect(typeof body.Message).toBe('string');
  expect(body.Message.length).toBeGreaterThan(0);
  expect(typeof body.Recommend).toBe('string');
}
