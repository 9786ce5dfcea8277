import { describe, expect, it } from 'vitest';
import { POLICY_DOCUMENT_MAX_LENGTH, PolicyDocumentError, validatePolicyDocument } from '../../../src/policy/index.js';
import { VALIDATION_FIXTURES } from './validation-fixtures.js';

describe('validatePolicyDocument: refused documents', () => {
  it('has at least 30 fixtures with unique names', () => {
    expect(VALIDATION_FIXTURES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(VALIDATION_FIXTURES.map((f) => f.name)).size).toBe(VALIDATION_FIXTURES.length);
  });

  it.each(VALIDATION_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    let error: unknown;
    try {
      validatePolicyDocument(fixture.text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(PolicyDocumentError);
    const { reason, path, message } = error as PolicyDocumentError;
    expect(reason).toContain(fixture.reason);
    expect(reason.startsWith(`${path}: `)).toBe(true);
    expect(message).toBe(reason);
  });
});

describe('validatePolicyDocument: accepted documents', () => {
  it('normalizes single values to lists and keeps element names', () => {
    const doc = validatePolicyDocument(
      JSON.stringify({
        Version: '1',
        Statement: [
          {
            Effect: 'Allow',
            Action: 'cloudsso:Get*',
            Resource: 'acs:cloudsso:*:*:directory/d-abc/*',
            Condition: {
              Bool: { 'acs:SecureTransport': true },
              IpAddress: { 'acs:SourceIp': '10.0.0.0/8' },
              NumericLessThan: { 'cloudsso:Level': 3 },
            },
          },
          { Effect: 'Deny', NotAction: ['cloudsso:List*'], NotResource: ['*'] },
        ],
      }),
    );
    expect(doc).toEqual({
      Version: '1',
      Statement: [
        {
          Effect: 'Allow',
          Action: ['cloudsso:Get*'],
          Resource: ['acs:cloudsso:*:*:directory/d-abc/*'],
          Condition: {
            Bool: { 'acs:SecureTransport': ['true'] },
            IpAddress: { 'acs:SourceIp': ['10.0.0.0/8'] },
            NumericLessThan: { 'cloudsso:Level': ['3'] },
          },
        },
        { Effect: 'Deny', NotAction: ['cloudsso:List*'], NotResource: ['*'] },
      ],
    });
  });

  it('accepts exactly 6,144 characters, whitespace included', () => {
    const base = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
    const text = base.padEnd(POLICY_DOCUMENT_MAX_LENGTH, ' ');
    expect(text.length).toBe(6144);
    expect(() => validatePolicyDocument(text)).not.toThrow();
    expect(() => validatePolicyDocument(`${text} `)).toThrow(/6,145 characters/);
  });

  it('counts characters as code points, not UTF-16 units', () => {
    const base = '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"acs:oss:*:*:😀"}]}';
    const text = base.padEnd(POLICY_DOCUMENT_MAX_LENGTH + 1, ' '); // one UTF-16 unit over, one code point under
    expect(() => validatePolicyDocument(text)).not.toThrow();
  });

  it('accepts the RAM documentation examples', () => {
    const examples = [
      { Statement: [{ Action: 'ecs:*', Effect: 'Allow', Resource: '*', Condition: { DateLessThan: { 'acs:CurrentTime': '2019-08-12T17:00:00+08:00' } } }], Version: '1' },
      { Version: '1', Statement: [{ Effect: 'Allow', Action: ['oss:ListBuckets', 'ecs:Describe*', 'rds:Describe*'], Resource: ['acs:ecs:*:*:instance/inst-001', 'acs:oss:*:*:mybucket', 'acs:oss:*:*:mybucket/*'] }] },
      { Version: '1', Statement: [{ Effect: 'Allow', Action: 'ecs:*', Resource: '*', Condition: { StringEquals: { 'acs:ResourceTag/team': ['dev'] } } }] },
      { Version: '1', Statement: [{ Effect: 'Allow', Action: 'ram:GetRole', Resource: 'acs:ram::1234567890123456:role/admin' }] },
    ];
    for (const example of examples) expect(() => validatePolicyDocument(JSON.stringify(example))).not.toThrow();
  });

  it('accepts JSON escapes and any key order', () => {
    const text = '{"Statement":[{"Resource":"*","Action":"cloudsso:Get\\u0055ser","Effect":"Allow"}],"Version":"1"}';
    expect(validatePolicyDocument(text).Statement[0]).toEqual({ Effect: 'Allow', Action: ['cloudsso:GetUser'], Resource: ['*'] });
  });

  it('refuses a document nested deeper than any policy', () => {
    const deep = `{"Version":"1","Statement":${'['.repeat(40)}${']'.repeat(40)}}`;
    expect(() => validatePolicyDocument(deep)).toThrow(/nested more than 32 levels/);
  });
});
