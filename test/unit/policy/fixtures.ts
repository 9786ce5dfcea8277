import type { AuthorizationRequest, Decision, PolicyType } from '../../../src/policy/types.js';

/**
 * Evaluation scenarios: policy documents (as JSON, validated by the test before use), one
 * request, the expected decision. Grouped as the issue lists them: action and resource
 * wildcards, NotAction/NotResource, Deny precedence, several resources, IP, time, Bool and string
 * conditions, missing keys and multiple values.
 */

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

export interface FixturePolicy {
  readonly name: string;
  readonly type?: PolicyType;
  readonly document: Json;
}

export interface EvaluationFixture {
  readonly name: string;
  readonly documents: readonly FixturePolicy[];
  readonly request: AuthorizationRequest;
  readonly expected: Decision;
}

const PREFIX = 'acs:cloudsso:cn-shanghai:1234567890123456:';
const arn = (relativeId: string): string => `${PREFIX}${relativeId}`;
const USER = arn('directory/d-abc/user/u-00q8wbq42wiltcrk');
const GROUP = arn('directory/d-abc/group/g-00jqzghi2n3o5hkh');
const CREDENTIAL = arn('directory/d-abc/scim-credential/scimcred-004whl0kvfwcypbi');

type Statement = { readonly [key: string]: Json };
const stmt = (Effect: 'Allow' | 'Deny', Action: Json, Resource: Json, Condition?: Json): Statement =>
  Condition === undefined ? { Effect, Action, Resource } : { Effect, Action, Resource, Condition };
const allow = (action: Json, resource: Json = '*', condition?: Json): Statement =>
  stmt('Allow', action, resource, condition);
const deny = (action: Json, resource: Json = '*', condition?: Json): Statement =>
  stmt('Deny', action, resource, condition);
const doc = (...Statement: Statement[]): Json => ({ Version: '1', Statement });

/** One custom policy named `p` holding the given statements. */
const only = (...statements: Statement[]): FixturePolicy[] => [{ name: 'p', document: doc(...statements) }];

const req = (
  action: string,
  resources: string | readonly string[] = USER,
  context: AuthorizationRequest['context'] = {},
): AuthorizationRequest => ({
  action,
  resources: typeof resources === 'string' ? [resources] : resources,
  context,
});

const ALLOWED: Decision = { effect: 'Allow', policy: 'p', statement: 0 };
const allowedBy = (policy: string, statement: number): Decision => ({ effect: 'Allow', policy, statement });
const IMPLICIT: Decision = { effect: 'Deny', reason: 'ImplicitDeny' };
const deniedBy = (policy: string, statement: number, policyType: PolicyType = 'Custom'): Decision => ({
  effect: 'Deny',
  reason: 'ExplicitDeny',
  policy,
  statement,
  policyType,
});

const ip = (sourceIp: string): AuthorizationRequest['context'] => ({ 'acs:SourceIp': sourceIp });
const fromIp = (condition: Json, sourceIp: string | undefined): Pick<EvaluationFixture, 'documents' | 'request'> => ({
  documents: only(allow('cloudsso:*', '*', condition)),
  request: req('cloudsso:GetUser', USER, sourceIp === undefined ? {} : ip(sourceIp)),
});
const at = (condition: Json, currentTime: string | undefined): Pick<EvaluationFixture, 'documents' | 'request'> => ({
  documents: only(allow('cloudsso:*', '*', condition)),
  request: req('cloudsso:GetUser', USER, currentTime === undefined ? {} : { 'acs:CurrentTime': currentTime }),
});
const withContext = (condition: Json, context: AuthorizationRequest['context']): Pick<EvaluationFixture, 'documents' | 'request'> => ({
  documents: only(allow('cloudsso:*', '*', condition)),
  request: req('cloudsso:GetUser', USER, context),
});

export const EVALUATION_FIXTURES: readonly EvaluationFixture[] = [
  // ---- action wildcards -------------------------------------------------------------------
  { name: 'cloudsso:* allows any cloudsso action', documents: only(allow('cloudsso:*')), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: 'cloudsso:* does not reach another service', documents: only(allow('cloudsso:*')), request: req('ram:CreateUser', '*'), expected: IMPLICIT },
  { name: 'cloudsso:Get* allows GetUser', documents: only(allow('cloudsso:Get*')), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: 'cloudsso:Get* does not allow ListUsers', documents: only(allow('cloudsso:Get*')), request: req('cloudsso:ListUsers'), expected: IMPLICIT },
  { name: '* in an action matches the empty string', documents: only(allow('cloudsso:GetUser*')), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: 'cloudsso:?etUser allows GetUser', documents: only(allow('cloudsso:?etUser')), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: '? matches exactly one character, not none', documents: only(allow('cloudsso:?GetUser')), request: req('cloudsso:GetUser'), expected: IMPLICIT },
  { name: 'cloudsso:?etUser does not allow GetUsers', documents: only(allow('cloudsso:?etUser')), request: req('cloudsso:GetUsers'), expected: IMPLICIT },
  { name: '* alone allows every action of every service', documents: only(allow('*')), request: req('ram:ListUsers', '*'), expected: ALLOWED },
  { name: 'action names in the policy are case-insensitive', documents: only(allow('CloudSSO:getuser')), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: 'action names in the request are case-insensitive', documents: only(allow('cloudsso:GetUser')), request: req('CLOUDSSO:GETUSER'), expected: ALLOWED },
  { name: 'a wildcard in the service part', documents: only(allow('cloud*:GetUser')), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: '*:List* matches List actions of any service', documents: only(allow('*:List*')), request: req('cloudsso:ListUsers'), expected: ALLOWED },
  { name: 'a list of actions allows each of them', documents: only(allow(['cloudsso:GetUser', 'cloudsso:ListUsers'])), request: req('cloudsso:ListUsers'), expected: ALLOWED },
  { name: 'an action outside the list is implicitly denied', documents: only(allow(['cloudsso:GetUser', 'cloudsso:ListUsers'])), request: req('cloudsso:DeleteUser'), expected: IMPLICIT },
  { name: 'an exact action does not match a longer one', documents: only(allow('cloudsso:GetUser')), request: req('cloudsso:GetUserId'), expected: IMPLICIT },

  // ---- resource wildcards ------------------------------------------------------------------
  { name: 'directory/d-abc/* covers a user of d-abc', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-abc/*')), request: req('cloudsso:GetUser', USER), expected: ALLOWED },
  { name: 'directory/d-abc/* does not cover a user of d-abcd', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-abc/*')), request: req('cloudsso:GetUser', arn('directory/d-abcd/user/u-1')), expected: IMPLICIT },
  { name: 'directory/d-abc/* does not cover directory d-abcd', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-abc/*')), request: req('cloudsso:GetDirectory', arn('directory/d-abcd')), expected: IMPLICIT },
  { name: 'directory/d-abc/* does not cover the directory d-abc itself', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-abc/*')), request: req('cloudsso:GetDirectory', arn('directory/d-abc')), expected: IMPLICIT },
  { name: 'directory/d-abc* (no slash) also covers d-abcd', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-abc*')), request: req('cloudsso:GetDirectory', arn('directory/d-abcd')), expected: ALLOWED },
  { name: '* in a relative ID crosses /', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/*')), request: req('cloudsso:UpdateSCIMServerCredentialStatus', CREDENTIAL), expected: ALLOWED },
  { name: 'acs:cloudsso:*:*:* covers every cloudsso resource', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:*')), request: req('cloudsso:GetUser', USER), expected: ALLOWED },
  { name: 'another service in the ARN does not match', documents: only(allow('cloudsso:*', 'acs:ecs:*:*:*')), request: req('cloudsso:GetUser', USER), expected: IMPLICIT },
  { name: 'another region does not match', documents: only(allow('cloudsso:*', 'acs:cloudsso:cn-hangzhou:*:*')), request: req('cloudsso:GetUser', USER), expected: IMPLICIT },
  { name: 'another account does not match', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:999:*')), request: req('cloudsso:GetUser', USER), expected: IMPLICIT },
  { name: 'an exact ARN matches itself', documents: only(allow('cloudsso:UpdateSCIMServerCredentialStatus', CREDENTIAL)), request: req('cloudsso:UpdateSCIMServerCredentialStatus', CREDENTIAL), expected: ALLOWED },
  { name: 'an exact credential ARN does not cover another credential', documents: only(allow('cloudsso:UpdateSCIMServerCredentialStatus', CREDENTIAL)), request: req('cloudsso:UpdateSCIMServerCredentialStatus', arn('directory/d-abc/scim-credential/scimcred-other')), expected: IMPLICIT },
  { name: 'relative IDs are case-sensitive', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/D-ABC/*')), request: req('cloudsso:GetUser', USER), expected: IMPLICIT },
  { name: 'the service part of an ARN is case-insensitive', documents: only(allow('cloudsso:*', 'acs:CloudSSO:*:*:directory/d-abc/*')), request: req('cloudsso:GetUser', USER), expected: ALLOWED },
  { name: '? in an ARN matches one character', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-ab?')), request: req('cloudsso:GetDirectory', arn('directory/d-abc')), expected: ALLOWED },
  { name: '? in an ARN does not match zero characters', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-abc?')), request: req('cloudsso:GetDirectory', arn('directory/d-abc')), expected: IMPLICIT },
  { name: '* in the region matches an empty region', documents: only(allow('cloudsso:*', 'acs:cloudsso:*:*:directory/d-abc')), request: req('cloudsso:GetDirectory', 'acs:cloudsso::1234567890123456:directory/d-abc'), expected: ALLOWED },
  { name: 'Resource * covers the all-resources target *', documents: only(allow('cloudsso:EnableService', '*')), request: req('cloudsso:EnableService', '*'), expected: ALLOWED },
  { name: 'an ARN pattern does not cover the all-resources target *', documents: only(allow('cloudsso:EnableService', 'acs:cloudsso:*:*:*')), request: req('cloudsso:EnableService', '*'), expected: IMPLICIT },
  { name: 'a list of resources covers each of them', documents: only(allow('cloudsso:*', ['acs:cloudsso:*:*:directory/d-x/*', 'acs:cloudsso:*:*:directory/d-abc/*'])), request: req('cloudsso:GetUser', USER), expected: ALLOWED },

  // ---- NotAction / NotResource -------------------------------------------------------------
  { name: 'Allow NotAction Delete* allows GetUser', documents: only({ Effect: 'Allow', NotAction: 'cloudsso:Delete*', Resource: '*' }), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: 'Allow NotAction Delete* does not allow DeleteUser', documents: only({ Effect: 'Allow', NotAction: 'cloudsso:Delete*', Resource: '*' }), request: req('cloudsso:DeleteUser'), expected: IMPLICIT },
  { name: 'Allow NotAction also allows other services', documents: only({ Effect: 'Allow', NotAction: 'cloudsso:Delete*', Resource: '*' }), request: req('ram:CreateUser', '*'), expected: ALLOWED },
  { name: 'Deny NotAction Get* denies UpdateUser despite Allow *', documents: only(allow('*'), { Effect: 'Deny', NotAction: 'cloudsso:Get*', Resource: '*' }), request: req('cloudsso:UpdateUser'), expected: deniedBy('p', 1) },
  { name: 'Deny NotAction Get* leaves GetUser allowed', documents: only(allow('*'), { Effect: 'Deny', NotAction: 'cloudsso:Get*', Resource: '*' }), request: req('cloudsso:GetUser'), expected: ALLOWED },
  { name: 'Allow NotResource d-abc/* covers another directory', documents: only({ Effect: 'Allow', Action: 'cloudsso:*', NotResource: 'acs:cloudsso:*:*:directory/d-abc/*' }), request: req('cloudsso:GetUser', arn('directory/d-other/user/u-1')), expected: ALLOWED },
  { name: 'Allow NotResource d-abc/* does not cover d-abc', documents: only({ Effect: 'Allow', Action: 'cloudsso:*', NotResource: 'acs:cloudsso:*:*:directory/d-abc/*' }), request: req('cloudsso:GetUser', USER), expected: IMPLICIT },
  { name: 'Deny NotResource denies everything outside d-abc', documents: only(allow('*'), { Effect: 'Deny', Action: 'cloudsso:*', NotResource: 'acs:cloudsso:*:*:directory/d-abc/*' }), request: req('cloudsso:GetUser', arn('directory/d-other/user/u-1')), expected: deniedBy('p', 1) },
  { name: 'Deny NotResource leaves d-abc allowed', documents: only(allow('*'), { Effect: 'Deny', Action: 'cloudsso:*', NotResource: 'acs:cloudsso:*:*:directory/d-abc/*' }), request: req('cloudsso:GetUser', USER), expected: ALLOWED },

  // ---- Deny precedence ---------------------------------------------------------------------
  { name: 'Deny cloudsso:Delete* beats Allow cloudsso:*', documents: only(allow('cloudsso:*'), deny('cloudsso:Delete*')), request: req('cloudsso:DeleteSCIMServerCredential', CREDENTIAL), expected: deniedBy('p', 1) },
  { name: 'Deny cloudsso:Delete* leaves other actions allowed', documents: only(allow('cloudsso:*'), deny('cloudsso:Delete*')), request: req('cloudsso:UpdateSCIMServerCredentialStatus', CREDENTIAL), expected: ALLOWED },
  {
    name: 'a Deny in a later system policy beats an Allow in an earlier one',
    documents: [
      { name: 'allow-all', document: doc(allow('*')) },
      { name: 'NoDeletes', type: 'System', document: doc(deny('cloudsso:Delete*')) },
    ],
    request: req('cloudsso:DeleteUser'),
    expected: deniedBy('NoDeletes', 0, 'System'),
  },
  {
    name: 'the first Deny in policy order is reported',
    documents: [
      { name: 'first', document: doc(allow('*'), deny('cloudsso:DeleteUser')) },
      { name: 'second', document: doc(deny('cloudsso:*')) },
    ],
    request: req('cloudsso:DeleteUser'),
    expected: deniedBy('first', 1),
  },
  { name: 'no policies means implicit deny', documents: [], request: req('cloudsso:GetUser'), expected: IMPLICIT },
  { name: 'the allowing statement index is reported', documents: only(allow('cloudsso:ListUsers'), allow('cloudsso:GetUser')), request: req('cloudsso:GetUser'), expected: allowedBy('p', 1) },
  {
    name: 'the allowing policy is the first that covers the request',
    documents: [
      { name: 'readers', document: doc(allow('cloudsso:List*')) },
      { name: 'getters', document: doc(allow('cloudsso:Get*')) },
    ],
    request: req('cloudsso:GetUser'),
    expected: allowedBy('getters', 0),
  },
  { name: 'a Deny on another resource does not apply', documents: only(allow('cloudsso:*'), deny('cloudsso:*', 'acs:cloudsso:*:*:directory/d-other/*')), request: req('cloudsso:DeleteUser'), expected: ALLOWED },
  { name: 'a Deny whose condition fails does not apply', documents: only(allow('cloudsso:*'), deny('cloudsso:*', '*', { IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } })), request: req('cloudsso:DeleteUser', USER, ip('127.0.0.1')), expected: ALLOWED },

  // ---- several resources -------------------------------------------------------------------
  { name: 'AddUserToGroup: both ARNs covered by one statement', documents: only(allow('cloudsso:AddUserToGroup', 'acs:cloudsso:*:*:directory/d-abc/*')), request: req('cloudsso:AddUserToGroup', [USER, GROUP]), expected: ALLOWED },
  { name: 'AddUserToGroup: the group ARN not covered', documents: only(allow('cloudsso:AddUserToGroup', 'acs:cloudsso:*:*:directory/d-abc/user/*')), request: req('cloudsso:AddUserToGroup', [USER, GROUP]), expected: IMPLICIT },
  { name: 'AddUserToGroup: user and group covered by two statements', documents: only(allow('cloudsso:AddUserToGroup', 'acs:cloudsso:*:*:directory/d-abc/user/*'), allow('cloudsso:AddUserToGroup', 'acs:cloudsso:*:*:directory/d-abc/group/*')), request: req('cloudsso:AddUserToGroup', [USER, GROUP]), expected: ALLOWED },
  { name: 'AddUserToGroup: a Deny on the group alone denies the request', documents: only(allow('cloudsso:*'), deny('cloudsso:AddUserToGroup', GROUP)), request: req('cloudsso:AddUserToGroup', [USER, GROUP]), expected: deniedBy('p', 1) },
  { name: 'no resources at all is an implicit deny', documents: only(allow('*')), request: req('cloudsso:GetUser', []), expected: IMPLICIT },

  // ---- IP conditions -----------------------------------------------------------------------
  { name: 'IpAddress 127.0.0.0/8 admits 127.0.0.1', ...fromIp({ IpAddress: { 'acs:SourceIp': '127.0.0.0/8' } }, '127.0.0.1'), expected: ALLOWED },
  { name: 'IpAddress with a CIDR excluding 127.0.0.1 refuses it', ...fromIp({ IpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, '127.0.0.1'), expected: IMPLICIT },
  { name: 'IPv4-mapped ::ffff:127.0.0.1 is in 127.0.0.0/8', ...fromIp({ IpAddress: { 'acs:SourceIp': '127.0.0.0/8' } }, '::ffff:127.0.0.1'), expected: ALLOWED },
  { name: 'IPv4-mapped address outside the block', ...fromIp({ IpAddress: { 'acs:SourceIp': '127.0.0.0/8' } }, '::ffff:10.1.2.3'), expected: IMPLICIT },
  { name: 'an IPv4 client is in the mapped IPv6 block ::ffff:127.0.0.0/104', ...fromIp({ IpAddress: { 'acs:SourceIp': '::ffff:127.0.0.0/104' } }, '127.0.0.1'), expected: ALLOWED },
  { name: 'IPv6 CIDR 2001:db8::/32 admits 2001:db8:0:1::5', ...fromIp({ IpAddress: { 'acs:SourceIp': '2001:db8::/32' } }, '2001:db8:0:1::5'), expected: ALLOWED },
  { name: 'IPv6 CIDR 2001:db8::/32 refuses 2001:db9::1', ...fromIp({ IpAddress: { 'acs:SourceIp': '2001:db8::/32' } }, '2001:db9::1'), expected: IMPLICIT },
  { name: '0.0.0.0/0 admits any IPv4 address', ...fromIp({ IpAddress: { 'acs:SourceIp': '0.0.0.0/0' } }, '203.0.113.9'), expected: ALLOWED },
  { name: '0.0.0.0/0 does not admit an IPv6 address', ...fromIp({ IpAddress: { 'acs:SourceIp': '0.0.0.0/0' } }, '2001:db8::1'), expected: IMPLICIT },
  { name: '::/0 admits IPv6 and IPv4 alike', ...fromIp({ IpAddress: { 'acs:SourceIp': '::/0' } }, '203.0.113.9'), expected: ALLOWED },
  { name: '/32 admits exactly its address', ...fromIp({ IpAddress: { 'acs:SourceIp': '192.0.2.10/32' } }, '192.0.2.10'), expected: ALLOWED },
  { name: '/32 refuses the next address', ...fromIp({ IpAddress: { 'acs:SourceIp': '192.0.2.10/32' } }, '192.0.2.11'), expected: IMPLICIT },
  { name: '/128 admits exactly its address (written uncompressed)', ...fromIp({ IpAddress: { 'acs:SourceIp': '2001:db8::1/128' } }, '2001:0db8:0000:0000:0000:0000:0000:0001'), expected: ALLOWED },
  { name: '/128 refuses the next address', ...fromIp({ IpAddress: { 'acs:SourceIp': '2001:db8::1/128' } }, '2001:db8::2'), expected: IMPLICIT },
  { name: 'a bare IPv4 address admits its mapped form', ...fromIp({ IpAddress: { 'acs:SourceIp': '192.0.2.10' } }, '::ffff:192.0.2.10'), expected: ALLOWED },
  { name: 'host bits in a CIDR are ignored (127.0.0.1/8)', ...fromIp({ IpAddress: { 'acs:SourceIp': '127.0.0.1/8' } }, '127.9.9.9'), expected: ALLOWED },
  { name: 'several CIDRs: any one admits (OR)', ...fromIp({ IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '127.0.0.0/8'] } }, '127.0.0.1'), expected: ALLOWED },
  { name: 'Allow with NotIpAddress 10.0.0.0/8 admits 127.0.0.1', ...fromIp({ NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, '127.0.0.1'), expected: ALLOWED },
  { name: 'NotIpAddress with several CIDRs: none may match', ...fromIp({ NotIpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '127.0.0.0/8'] } }, '127.0.0.1'), expected: IMPLICIT },
  { name: 'Deny NotIpAddress 127.0.0.0/8 denies an outside address', documents: only(allow('*'), deny('*', '*', { NotIpAddress: { 'acs:SourceIp': '127.0.0.0/8' } })), request: req('cloudsso:GetUser', USER, ip('198.51.100.7')), expected: deniedBy('p', 1) },
  { name: 'Deny NotIpAddress 127.0.0.0/8 lets 127.0.0.1 through', documents: only(allow('*'), deny('*', '*', { NotIpAddress: { 'acs:SourceIp': '127.0.0.0/8' } })), request: req('cloudsso:GetUser', USER, ip('127.0.0.1')), expected: ALLOWED },
  { name: 'IpAddress without acs:SourceIp in the request fails', ...fromIp({ IpAddress: { 'acs:SourceIp': '0.0.0.0/0' } }, undefined), expected: IMPLICIT },
  { name: 'NotIpAddress without acs:SourceIp in the request holds', ...fromIp({ NotIpAddress: { 'acs:SourceIp': '10.0.0.0/8' } }, undefined), expected: ALLOWED },
  { name: 'a source that is not an IP address matches no block', ...fromIp({ IpAddress: { 'acs:SourceIp': '0.0.0.0/0' } }, 'localhost'), expected: IMPLICIT },
  { name: 'condition keys are case-insensitive (policy side)', ...fromIp({ IpAddress: { 'ACS:SOURCEIP': '127.0.0.0/8' } }, '127.0.0.1'), expected: ALLOWED },
  { name: 'condition keys are case-insensitive (request side)', ...withContext({ IpAddress: { 'acs:SourceIp': '127.0.0.0/8' } }, { 'acs:sourceip': '127.0.0.1' }), expected: ALLOWED },

  // ---- time conditions ---------------------------------------------------------------------
  { name: 'DateLessThan admits an earlier instant', ...at({ DateLessThan: { 'acs:CurrentTime': '2026-01-01T00:00:00Z' } }, '2025-12-31T23:59:59Z'), expected: ALLOWED },
  { name: 'DateLessThan refuses the same instant', ...at({ DateLessThan: { 'acs:CurrentTime': '2026-01-01T00:00:00Z' } }, '2026-01-01T00:00:00Z'), expected: IMPLICIT },
  { name: 'DateLessThanEquals admits the same instant', ...at({ DateLessThanEquals: { 'acs:CurrentTime': '2026-01-01T00:00:00Z' } }, '2026-01-01T00:00:00.000Z'), expected: ALLOWED },
  { name: 'DateGreaterThan compares instants across offsets', ...at({ DateGreaterThan: { 'acs:CurrentTime': '2026-01-01T08:00:00+08:00' } }, '2026-01-01T00:00:01Z'), expected: ALLOWED },
  { name: 'DateGreaterThan refuses an earlier instant', ...at({ DateGreaterThan: { 'acs:CurrentTime': '2026-01-01T08:00:00+08:00' } }, '2025-12-31T23:59:59Z'), expected: IMPLICIT },
  { name: 'a time window admits an instant inside', ...at({ DateGreaterThan: { 'acs:CurrentTime': '2026-01-01T09:00:00+08:00' }, DateLessThan: { 'acs:CurrentTime': '2026-01-01T18:00:00+08:00' } }, '2026-01-01T05:00:00Z'), expected: ALLOWED },
  { name: 'a time window refuses an instant after it', ...at({ DateGreaterThan: { 'acs:CurrentTime': '2026-01-01T09:00:00+08:00' }, DateLessThan: { 'acs:CurrentTime': '2026-01-01T18:00:00+08:00' } }, '2026-01-01T10:00:00Z'), expected: IMPLICIT },
  { name: 'epoch seconds compare with ISO 8601', ...at({ DateEquals: { 'acs:CurrentTime': '2026-01-01T00:00:00Z' } }, '1767225600'), expected: ALLOWED },
  { name: 'a policy date may be epoch seconds (JSON number)', ...at({ DateLessThan: { 'acs:CurrentTime': 1767225600 } }, '2025-06-01T12:00:00+08:00'), expected: ALLOWED },
  { name: 'DateLessThan without acs:CurrentTime fails', ...at({ DateLessThan: { 'acs:CurrentTime': '2099-01-01T00:00:00Z' } }, undefined), expected: IMPLICIT },
  { name: 'DateNotEquals without acs:CurrentTime holds', ...at({ DateNotEquals: { 'acs:CurrentTime': '2026-01-01T00:00:00Z' } }, undefined), expected: ALLOWED },

  // ---- Bool, strings, numbers --------------------------------------------------------------
  { name: 'Bool acs:SecureTransport true admits HTTPS', ...withContext({ Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': 'true' }), expected: ALLOWED },
  { name: 'Bool acs:SecureTransport true refuses HTTP', ...withContext({ Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SecureTransport': 'false' }), expected: IMPLICIT },
  { name: 'Bool takes a JSON boolean and ignores case', ...withContext({ Bool: { 'acs:SecureTransport': true } }, { 'acs:SecureTransport': 'TRUE' }), expected: ALLOWED },
  { name: 'Bool without the key fails', ...withContext({ Bool: { 'acs:SecureTransport': 'true' } }, {}), expected: IMPLICIT },
  { name: 'Deny over plain HTTP beats Allow *', documents: only(allow('*'), deny('*', '*', { Bool: { 'acs:SecureTransport': 'false' } })), request: req('cloudsso:GetUser', USER, { 'acs:SecureTransport': 'false' }), expected: deniedBy('p', 1) },
  { name: 'StringLike acs:AccessId LTAI* admits a matching key', ...withContext({ StringLike: { 'acs:AccessId': 'LTAI*' } }, { 'acs:AccessId': 'LTAI5tExample' }), expected: ALLOWED },
  { name: 'StringLike is case-sensitive', ...withContext({ StringLike: { 'acs:AccessId': 'ltai*' } }, { 'acs:AccessId': 'LTAI5tExample' }), expected: IMPLICIT },
  { name: 'StringLike with ? matches one character', ...withContext({ StringLike: { 'acs:AccessId': 'LTAI?' } }, { 'acs:AccessId': 'LTAI5' }), expected: ALLOWED },
  { name: 'StringNotLike refuses a matching key', ...withContext({ StringNotLike: { 'acs:AccessId': 'LTAI*' } }, { 'acs:AccessId': 'LTAI5tExample' }), expected: IMPLICIT },
  { name: 'StringEquals is case-sensitive', ...withContext({ StringEquals: { 'acs:AccessId': 'ltai5texample' } }, { 'acs:AccessId': 'LTAI5tExample' }), expected: IMPLICIT },
  { name: 'StringEqualsIgnoreCase ignores case', ...withContext({ StringEqualsIgnoreCase: { 'acs:AccessId': 'ltai5texample' } }, { 'acs:AccessId': 'LTAI5tExample' }), expected: ALLOWED },
  { name: 'StringNotEqualsIgnoreCase refuses a case variant', ...withContext({ StringNotEqualsIgnoreCase: { 'acs:AccessId': 'ltai5texample' } }, { 'acs:AccessId': 'LTAI5tExample' }), expected: IMPLICIT },
  { name: 'StringNotEquals with several values admits a value outside them', ...withContext({ StringNotEquals: { 'cloudsso:Team': ['red', 'blue'] } }, { 'cloudsso:Team': 'green' }), expected: ALLOWED },
  { name: 'StringNotEquals with several values refuses any of them', ...withContext({ StringNotEquals: { 'cloudsso:Team': ['red', 'blue'] } }, { 'cloudsso:Team': 'blue' }), expected: IMPLICIT },
  { name: 'StringNotEquals without the key holds', ...withContext({ StringNotEquals: { 'cloudsso:Team': 'red' } }, {}), expected: ALLOWED },
  { name: 'StringEquals without the key fails', ...withContext({ StringEquals: { 'cloudsso:Team': 'red' } }, {}), expected: IMPLICIT },
  { name: 'an undefined context value counts as missing', ...withContext({ StringEquals: { 'cloudsso:Team': 'red' } }, { 'cloudsso:Team': undefined }), expected: IMPLICIT },
  { name: 'a multi-valued request key matches if any value matches', ...withContext({ StringEquals: { 'cloudsso:Team': 'blue' } }, { 'cloudsso:Team': ['red', 'blue'] }), expected: ALLOWED },
  { name: 'a multi-valued request key under a negated operator: none may match', ...withContext({ StringNotEquals: { 'cloudsso:Team': 'blue' } }, { 'cloudsso:Team': ['red', 'blue'] }), expected: IMPLICIT },
  { name: 'several keys in one operator must all hold (AND)', ...withContext({ StringEquals: { 'acs:AccessId': 'LTAI5tExample', 'cloudsso:Team': 'red' } }, { 'acs:AccessId': 'LTAI5tExample', 'cloudsso:Team': 'blue' }), expected: IMPLICIT },
  { name: 'several operators must all hold (AND)', ...withContext({ IpAddress: { 'acs:SourceIp': '127.0.0.0/8' }, Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SourceIp': '127.0.0.1', 'acs:SecureTransport': 'false' }), expected: IMPLICIT },
  { name: 'several operators all holding', ...withContext({ IpAddress: { 'acs:SourceIp': '127.0.0.0/8' }, Bool: { 'acs:SecureTransport': 'true' } }, { 'acs:SourceIp': '127.0.0.1', 'acs:SecureTransport': 'true' }), expected: ALLOWED },
  { name: 'NumericLessThan compares as numbers', ...withContext({ NumericLessThan: { 'cloudsso:Level': '10' } }, { 'cloudsso:Level': '9.5' }), expected: ALLOWED },
  { name: 'NumericEquals treats 1.5 and 1.50 as equal', ...withContext({ NumericEquals: { 'cloudsso:Level': 1.5 } }, { 'cloudsso:Level': '1.50' }), expected: ALLOWED },
  { name: 'NumericGreaterThanEquals refuses a smaller number', ...withContext({ NumericGreaterThanEquals: { 'cloudsso:Level': '10' } }, { 'cloudsso:Level': '9' }), expected: IMPLICIT },
  { name: 'a non-numeric request value matches no Numeric operator', ...withContext({ NumericLessThan: { 'cloudsso:Level': '10' } }, { 'cloudsso:Level': 'low' }), expected: IMPLICIT },
];
