import { describe, expect, it } from 'vitest';
import { isSecretParameterName, redactText, redactUrl } from '../../src/logger.js';

describe('redactUrl', () => {
  it.each([
    ['/?Signature=abc%2B&Action=X', '/?Signature=[redacted]&Action=X'],
    ['/scim/v2/Users?access_token=tok', '/scim/v2/Users?access_token=[redacted]'],
    ['/scim/v2/Users?ACCESS%5FTOKEN=tok&count=1', '/scim/v2/Users?ACCESS%5FTOKEN=[redacted]&count=1'],
    ['/?AccessKeySecret=s&SecurityToken=t&Password=p&NewPassword=n&CredentialSecret=c', '/?AccessKeySecret=[redacted]&SecurityToken=[redacted]&Password=[redacted]&NewPassword=[redacted]&CredentialSecret=[redacted]'],
    ['/?Password.1=p&authorization=x&api_key=k', '/?Password.1=[redacted]&authorization=[redacted]&api_key=[redacted]'],
    ['/?SignatureNonce=n&SignatureMethod=HMAC-SHA1&NextToken=t&AccessKeyId=LTAI1', '/?SignatureNonce=n&SignatureMethod=HMAC-SHA1&NextToken=t&AccessKeyId=LTAI1'],
    ['/healthz', '/healthz'],
  ])('%s', (url, expected) => expect(redactUrl(url)).toBe(expected));
});

describe('redactText', () => {
  it('scrubs credentials in free text', () => {
    expect(redactText('Route GET:/x?access_token=abc&y=1 not found')).toBe('Route GET:/x?access_token=[redacted]&y=1 not found');
    expect(redactText('header Authorization: Bearer abc.def')).toBe('header Authorization: [redacted credential]');
    expect(redactText('ACS3-HMAC-SHA256 Credential=LTAI,SignedHeaders=host,Signature=00ff')).toBe('[redacted credential]');
  });
  it('leaves other text alone', () => {
    expect(redactText('DirectoryId=d-1 UserId=u-2')).toBe('DirectoryId=d-1 UserId=u-2');
  });
  it('knows the non-secret Signature* parameters', () => {
    expect(['SignatureNonce', 'SignatureVersion', 'NextToken'].map(isSecretParameterName)).toEqual([false, false, false]);
    expect(['Signature', 'x-acs-security-token', 'OldPassword'].map(isSecretParameterName)).toEqual([true, true, true]);
  });
});
