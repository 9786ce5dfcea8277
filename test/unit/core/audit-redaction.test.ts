import { describe, expect, it } from 'vitest';
import { redactSecrets } from '../../../src/core/audit-trail.js';

/** What an audit event may keep of a request: everything but secrets, passwords, signatures and tokens. */
describe('redactSecrets', () => {
  it.each([
    [{ Password: 'p', DirectoryId: 'd-1' }, { Password: '[redacted]', DirectoryId: 'd-1' }],
    [{ NewPassword: 'p', OldPassword: 'q' }, { NewPassword: '[redacted]', OldPassword: '[redacted]' }],
    [{ CredentialSecret: 's', CredentialId: 'c-1' }, { CredentialSecret: '[redacted]', CredentialId: 'c-1' }],
    [{ AccessKeySecret: 's', AccessKeyId: 'LTAI' }, { AccessKeySecret: '[redacted]', AccessKeyId: 'LTAI' }],
    [{ Signature: 's', SecurityToken: 't', NextToken: 'n' }, { Signature: '[redacted]', SecurityToken: '[redacted]', NextToken: 'n' }],
    [{ 'Tags.1.Key': 'k', 'Tags.1.Password': 'x' }, { 'Tags.1.Key': 'k', 'Tags.1.Password': '[redacted]' }],
    [{ body: { userName: 'a', password: 'p', emails: [{ value: 'a@x' }] } }, { body: { userName: 'a', password: '[redacted]', emails: [{ value: 'a@x' }] } }],
    [
      { body: { Operations: [{ op: 'replace', path: 'password', value: 'p' }, { op: 'replace', path: 'displayName', value: 'A' }] } },
      { body: { Operations: [{ op: 'replace', path: 'password', value: '[redacted]' }, { op: 'replace', path: 'displayName', value: 'A' }] } },
    ],
    [{ body: { Operations: [{ op: 'replace', value: { password: 'p', active: false } }] } }, { body: { Operations: [{ op: 'replace', value: { password: '[redacted]', active: false } }] } }],
    [{ authorization: 'Bearer x' }, { authorization: '[redacted]' }],
    // The password policy's knobs are not secrets: an auditor must see what was set.
    [
      { MinPasswordLength: '12', MaxPasswordAge: '90', PasswordReusePrevention: '5', RequirePasswordResetForNextLogin: 'true', Password: 'p' },
      { MinPasswordLength: '12', MaxPasswordAge: '90', PasswordReusePrevention: '5', RequirePasswordResetForNextLogin: 'true', Password: '[redacted]' },
    ],
    [{ GenerateRandomPassword: 'true', NewPassword: 'p' }, { GenerateRandomPassword: 'true', NewPassword: '[redacted]' }],
  ])('%j', (input, expected) => {
    expect(redactSecrets(input)).toEqual(expected);
  });
});
