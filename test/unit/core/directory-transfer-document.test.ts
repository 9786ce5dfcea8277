import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_TRANSFER_BYTES, parseTransferDocument, TransferError } from '../../../src/core/directory-transfer.js';

/** The import's reader against docs/directory-export.schema.json: the same fields, the same refusals. */
const schema = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../docs/directory-export.schema.json'), 'utf8'));
const props = (def: string): string[] => Object.keys(schema.$defs[def].properties).sort();

const full = {
  $schema: './directory-export.schema.json',
  format: 1,
  exportTime: '2026-12-02T00:00:00.000Z',
  directory: {
    name: 'd',
    scimSynchronizationStatus: 'Enabled',
    loginPreference: { allowUserToGetCredentials: true, loginNetworkMasks: '10.0.0.0/8' },
    passwordPolicy: { minPasswordLength: 9, minPasswordDifferentChars: 1, passwordNotContainUsername: false, maxPasswordAge: 30, passwordReusePrevention: 3, maxLoginAttempts: 4 },
    mfaAuthenticationSettings: { mode: 'Byuser', operationForRiskLogin: 'EnforceVerify', allowedVerificationTypes: ['TOTP', 'WebAuthn'] },
    externalSAMLIdentityProvider: { entityId: 'e', loginUrl: 'https://l', wantRequestSigned: false, bindingType: 'Redirect', ssoStatus: 'Disabled', certificates: [] },
  },
  users: [{ userName: 'u', displayName: 'U', firstName: null, lastName: null, email: 'u@example.com', description: null, status: 'Disabled', mfaAuthenticationSetting: 'Disabled', tags: [{ key: 'k', value: 'v' }] }],
  groups: [{ groupName: 'g', description: null }],
  memberships: [{ groupName: 'g', userName: 'u' }],
  accessConfigurations: [{ name: 'A', description: null, relayState: null, sessionDuration: 900, permissionPolicies: [{ type: 'Inline', name: 'p', document: '{}' }] }],
  accessAssignments: [{ accessConfigurationName: 'A', targetType: 'RD-Account', targetId: '1234567890123456', principalType: 'User', principalName: 'u' }],
};

const refusal = (doc: unknown): string[] => {
  try {
    parseTransferDocument(typeof doc === 'string' ? doc : JSON.stringify(doc));
  } catch (err) {
    if (err instanceof TransferError) return err.errors.map((e) => `${e.path}: ${e.reason}`);
    throw err;
  }
  return [];
};

describe('the directory document', () => {
  it('reads every field the schema defines, and the schema defines every field it reads', () => {
    const doc = parseTransferDocument(JSON.stringify(full));
    expect(Object.keys(schema.properties).filter((k) => k !== '$schema').sort()).toEqual(Object.keys(doc).sort());
    expect(props('directory')).toEqual(Object.keys(doc.directory).sort());
    expect(props('user')).toEqual(Object.keys(doc.users[0]!).sort());
    expect(props('group')).toEqual(Object.keys(doc.groups[0]!).sort());
    expect(props('membership')).toEqual(Object.keys(doc.memberships[0]!).sort());
    expect(props('accessConfiguration')).toEqual(Object.keys(doc.accessConfigurations[0]!).sort());
    expect(props('accessAssignment')).toEqual(Object.keys(doc.accessAssignments[0]!).sort());
    expect(doc.users[0]).toEqual(full.users[0]);
    expect(doc.directory).toEqual(full.directory);
  });

  it('fills what the schema defaults', () => {
    const doc = parseTransferDocument(JSON.stringify({ format: 1, directory: { name: 'd' }, users: [{ userName: 'u' }], accessConfigurations: [{ name: 'A' }] }));
    expect(doc.directory.passwordPolicy.minPasswordLength).toBe(schema.$defs.directory.properties.passwordPolicy.properties.minPasswordLength.default);
    expect(doc.directory.mfaAuthenticationSettings).toEqual({ mode: 'Enabled', operationForRiskLogin: 'Autonomous', allowedVerificationTypes: ['TOTP'] });
    expect(doc.users[0]).toEqual({ userName: 'u', displayName: null, firstName: null, lastName: null, email: null, description: null, status: 'Enabled', mfaAuthenticationSetting: 'Enabled', tags: [] });
    expect(doc.accessConfigurations[0]).toEqual({ name: 'A', description: null, relayState: null, sessionDuration: 3600, permissionPolicies: [] });
    expect(doc.groups).toEqual([]);
  });

  it('refuses each bad row by its path, all of them at once', () => {
    const bad = structuredClone(full) as Record<string, any>;
    bad.users.push({ userName: 'u' }, { userName: 7, extra: true });
    bad.groups[0].description = 5;
    bad.accessAssignments[0].principalType = 'Role';
    bad.directory.passwordPolicy.minPasswordLength = 4;
    bad.accessConfigurations[0].permissionPolicies.push({ type: 'System', name: 'ReadOnlyAccess', document: '{}' });
    expect(refusal(bad)).toEqual([
      'directory.passwordPolicy.minPasswordLength: must be an integer from 8 to 32',
      'users[2].extra: is not a field of this row (expected one of userName, displayName, firstName, lastName, email, description, status, mfaAuthenticationSetting, tags)',
      'users[2].userName: must be a string',
      'groups[0].description: must be a string or null',
      'accessConfigurations[0].permissionPolicies[1].document: only an Inline policy has a document',
      'accessAssignments[0].principalType: must be one of User, Group',
      'users[1].userName: repeats users[0]',
    ]);
  });

  it('refuses what is not a format-1 document, and one too large, before reading its rows', () => {
    expect(refusal('[1,')).toEqual([expect.stringMatching(/^\$: not JSON: /)]);
    expect(refusal([])).toEqual(['$: must be an object']);
    expect(refusal({ ...full, format: '1' })).toEqual(['format: must be 1 (this server reads format 1; got "1")']);
    expect(refusal(' '.repeat(MAX_TRANSFER_BYTES + 1))).toEqual([`$: the document is larger than ${MAX_TRANSFER_BYTES} bytes`]);
    expect(refusal({ ...full, users: new Array(200_001).fill(0) })).toEqual(['users: has 200001 rows; at most 200000 are accepted']);
  });
});
