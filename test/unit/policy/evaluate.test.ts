import { describe, expect, it } from 'vitest';
import { EVALUATION_FIXTURES } from './fixtures.js';
import { PolicyDocumentError, evaluate, validatePolicyDocument, type PolicyDocument } from '../../../src/policy/index.js';

describe('evaluate: fixture scenarios', () => {
  it('has at least 60 scenarios with unique names', () => {
    expect(EVALUATION_FIXTURES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(EVALUATION_FIXTURES.map((f) => f.name)).size).toBe(EVALUATION_FIXTURES.length);
  });

  it.each(EVALUATION_FIXTURES.map((f) => [f.name, f] as const))('%s', (_name, fixture) => {
    const policies = fixture.documents.map((p) => ({
      name: p.name,
      type: p.type ?? ('Custom' as const),
      document: validatePolicyDocument(JSON.stringify(p.document)),
    }));
    expect(evaluate(policies, fixture.request)).toEqual(fixture.expected);
  });
});

describe('evaluate: documents built in code', () => {
  const request = { action: 'cloudsso:GetUser', resources: ['*'], context: {} };

  it('accepts a well-formed document that never went through validatePolicyDocument', () => {
    const document: PolicyDocument = {
      Version: '1',
      Statement: [{ Effect: 'Allow', Action: ['cloudsso:Get*'], Resource: ['*'] }],
    };
    expect(evaluate([{ name: 'AliyunCloudSSOReadOnlyAccess', type: 'System', document }], request)).toEqual({
      effect: 'Allow',
      policy: 'AliyunCloudSSOReadOnlyAccess',
      statement: 0,
    });
  });

  it('throws instead of half-applying an invalid one', () => {
    const document = {
      Version: '1',
      Statement: [
        { Effect: 'Deny', Action: ['cloudsso:*'], Resource: ['*'], Condition: { IpAddress: { 'acs:SourceIp': ['not-an-ip'] } } },
      ],
    } as PolicyDocument;
    expect(() => evaluate([{ name: 'broken', type: 'Custom', document }], request)).toThrow(PolicyDocumentError);
  });

  it('gives the same answer on repeated calls with the same document (compiled once)', () => {
    const document = validatePolicyDocument('{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}');
    const policies = [{ name: 'deny-all', type: 'Custom' as const, document }];
    const first = evaluate(policies, request);
    expect(evaluate(policies, request)).toEqual(first);
    expect(first).toEqual({ effect: 'Deny', reason: 'ExplicitDeny', policy: 'deny-all', statement: 0, policyType: 'Custom' });
  });
});
