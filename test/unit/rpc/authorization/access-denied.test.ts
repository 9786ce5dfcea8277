import { describe, expect, it } from 'vitest';
import { accessDenied, decodeDiagnosticMessage } from '../../../../src/rpc/authorization/access-denied.js';

const request = {
  action: 'cloudsso:DeleteSCIMServerCredential',
  resources: ['acs:cloudsso:cn-shanghai:1234567890123456:directory/d-1/scim-credential/scimcred-1'],
  accountId: '1234567890123456',
  user: { id: 'ram-u-1', name: 'ci' },
  accessKeyId: 'LTAIexample',
  context: { 'acs:SourceIp': '127.0.0.1', 'acs:SecureTransport': 'false', 'acs:Missing': undefined },
};

describe('accessDenied', () => {
  it('an implicit deny names the action and resources, and no policy', () => {
    const { message, detail } = accessDenied(request, { effect: 'Deny', reason: 'ImplicitDeny' });
    expect(message).toBe(
      `You are not authorized to do action: cloudsso:DeleteSCIMServerCredential on resource: ${request.resources[0]} (ImplicitDeny: no attached policy allows it).`,
    );
    expect(detail).toMatchObject({
      AuthAction: request.action,
      AuthPrincipalType: 'SubUser',
      AuthPrincipalOwnerId: '1234567890123456',
      AuthPrincipalDisplayName: 'ci',
      PolicyType: 'AccountLevelIdentityBasedPolicy',
      NoPermissionType: 'ImplicitDeny',
    });
    const diagnostic = decodeDiagnosticMessage(detail.EncodedDiagnosticMessage);
    expect(diagnostic).toEqual({
      AuthAction: request.action,
      AuthResources: request.resources,
      AuthPrincipal: { Type: 'SubUser', UserId: 'ram-u-1', UserName: 'ci', AccessKeyId: 'LTAIexample' },
      NoPermissionType: 'ImplicitDeny',
      Reason: expect.stringContaining('No policy attached'),
      RequestContext: { 'acs:SourceIp': '127.0.0.1', 'acs:SecureTransport': 'false' },
    });
  });

  it('an explicit deny names the denying policy and its 0-based statement index only', () => {
    const { detail } = accessDenied(request, { effect: 'Deny', reason: 'ExplicitDeny', policy: 'no-deletes', statement: 2, policyType: 'Custom' });
    expect(detail.NoPermissionType).toBe('ExplicitDeny');
    const diagnostic = decodeDiagnosticMessage(detail.EncodedDiagnosticMessage);
    expect(diagnostic.DenyingPolicy).toEqual({ PolicyName: 'no-deletes', PolicyType: 'Custom', StatementIndex: 2 });
    expect(diagnostic.Reason).toBe('Statement 2 of the Custom policy "no-deletes" denies this action on this resource.');
  });
});
