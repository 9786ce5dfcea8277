import { POLICY_DOCUMENT_MAX_LENGTH } from '../../../src/policy/validate.js';

/**
 * Documents `validatePolicyDocument` must refuse, each with a fragment of the expected reason
 * (path included). `text` is sent as is; `document` is serialized with JSON.stringify first.
 */
export interface ValidationFixture {
  readonly name: string;
  readonly text: string;
  readonly reason: string;
}

const json = (value: unknown): string => JSON.stringify(value);
const statement = (overrides: Record<string, unknown>, omit: readonly string[] = []): Record<string, unknown> => {
  const base: Record<string, unknown> = { Effect: 'Allow', Action: 'cloudsso:GetUser', Resource: '*', ...overrides };
  for (const key of omit) delete base[key];
  return base;
};
const withStatement = (overrides: Record<string, unknown>, omit: readonly string[] = []): string =>
  json({ Version: '1', Statement: [statement(overrides, omit)] });
const withCondition = (condition: unknown): string => withStatement({ Condition: condition });

const VALID = json({ Version: '1', Statement: [statement({})] });

export const VALIDATION_FIXTURES: readonly ValidationFixture[] = [
  // ---- text and JSON -----------------------------------------------------------------------
  { name: 'empty text', text: '', reason: 'document: is empty' },
  { name: 'whitespace only', text: ' \n\t', reason: 'document: is empty' },
  { name: 'not JSON', text: 'Version: 1', reason: 'document: invalid JSON at line 1, column 1: expected a value' },
  { name: 'trailing comma', text: '{"Version": "1",\n  "Statement": [],\n}', reason: 'invalid JSON at line 3, column 1: expected a key in double quotes' },
  { name: 'unterminated string', text: '{"Version": "1', reason: 'invalid JSON at line 1, column 15: unterminated string' },
  { name: 'text after the document', text: `${VALID} x`, reason: 'unexpected text after the JSON value' },
  {
    name: 'one character over the size limit (whitespace counts)',
    text: VALID.padEnd(POLICY_DOCUMENT_MAX_LENGTH + 1, ' '),
    reason: 'document: is 6,145 characters long; the limit is 6,144',
  },
  { name: 'a repeated key (JSON.parse would keep the last)', text: '{"Version":"1","Statement":[{"Effect":"Deny","Action":"*","Resource":"*","Effect":"Allow"}]}', reason: 'Statement[0]: duplicate key "Effect"' },
  { name: 'root is an array', text: json([{ Version: '1' }]), reason: 'document: must be a JSON object, found an array' },

  // ---- Version and Statement ---------------------------------------------------------------
  { name: 'missing Version', text: json({ Statement: [statement({})] }), reason: 'document: missing "Version"' },
  { name: 'Version as a number', text: json({ Version: 1, Statement: [statement({})] }), reason: 'Version: must be the string "1", found number 1' },
  { name: 'AWS Version', text: json({ Version: '2012-10-17', Statement: [statement({})] }), reason: 'Version: must be the string "1", found the string "2012-10-17"' },
  { name: 'unknown top-level key', text: json({ Version: '1', Id: 'x', Statement: [statement({})] }), reason: 'document: unknown key "Id"' },
  { name: 'top-level key in the wrong case', text: json({ Version: '1', statement: [statement({})] }), reason: 'document: unknown key "statement" (keys are case-sensitive: did you mean "Statement"?)' },
  { name: 'missing Statement', text: json({ Version: '1' }), reason: 'document: missing "Statement"' },
  { name: 'Statement as a single object', text: json({ Version: '1', Statement: statement({}) }), reason: 'Statement: must be an array of statements; a single statement object is not accepted' },
  { name: 'empty Statement', text: json({ Version: '1', Statement: [] }), reason: 'Statement: must contain at least one statement' },
  { name: 'a statement that is not an object', text: json({ Version: '1', Statement: ['Allow *'] }), reason: 'Statement[0]: must be a statement object, found the string "Allow *"' },

  // ---- statement keys, Effect --------------------------------------------------------------
  { name: 'unknown statement key Sid', text: withStatement({ Sid: 'one' }), reason: 'Statement[0]: unknown key "Sid"' },
  { name: 'Principal in an identity policy', text: withStatement({ Principal: { RAM: ['acs:ram::1:root'] } }), reason: 'Statement[0]: unknown key "Principal" (it belongs to resource-based policies' },
  { name: 'missing Effect', text: withStatement({}, ['Effect']), reason: 'Statement[0]: missing "Effect"' },
  { name: 'Effect in lower case', text: withStatement({ Effect: 'allow' }), reason: 'Statement[0].Effect: must be "Allow" or "Deny", found the string "allow"' },

  // ---- Action / NotAction ------------------------------------------------------------------
  { name: 'both Action and NotAction', text: withStatement({ NotAction: 'cloudsso:Delete*' }), reason: 'Statement[0]: has both "Action" and "NotAction"; use exactly one' },
  { name: 'neither Action nor NotAction', text: withStatement({}, ['Action']), reason: 'Statement[0]: missing "Action" (or "NotAction")' },
  { name: 'empty Action list', text: withStatement({ Action: [] }), reason: 'Statement[0].Action: must not be an empty array' },
  { name: 'Action as a number', text: withStatement({ Action: 5 }), reason: 'Statement[0].Action: must be a string or an array of strings, found number 5' },
  { name: 'a non-string action in the list', text: withStatement({ Action: ['cloudsso:GetUser', 7] }), reason: 'Statement[0].Action[1]: must be a string, found number 7' },
  { name: 'an empty action string', text: withStatement({ Action: '' }), reason: 'Statement[0].Action: must not be an empty string' },
  { name: 'an action without a colon', text: withStatement({ Action: ['cloudsso'] }), reason: 'Statement[0].Action[0]: malformed action "cloudsso": expected "*" or "<service>:<action>"' },
  { name: 'an action with two colons', text: withStatement({ Action: 'cloudsso:Get:User' }), reason: 'Statement[0].Action: malformed action "cloudsso:Get:User": an action has exactly one ":"' },
  { name: 'an action with an empty name', text: withStatement({ NotAction: 'cloudsso:' }, ['Action']), reason: 'Statement[0].NotAction: malformed action "cloudsso:": the action name after ":" is empty' },
  { name: 'an action with an empty service', text: withStatement({ Action: ':GetUser' }), reason: 'the service part before ":" is empty' },
  { name: 'an action with a space', text: withStatement({ Action: 'cloudsso:Get User' }), reason: 'the action name may contain only letters' },

  // ---- Resource / NotResource --------------------------------------------------------------
  { name: 'both Resource and NotResource', text: withStatement({ NotResource: '*' }), reason: 'Statement[0]: has both "Resource" and "NotResource"; use exactly one' },
  { name: 'neither Resource nor NotResource', text: withStatement({}, ['Resource']), reason: 'Statement[0]: missing "Resource" (or "NotResource")' },
  { name: 'empty NotResource list', text: withStatement({ NotResource: [] }, ['Resource']), reason: 'Statement[0].NotResource: must not be an empty array' },
  { name: 'an AWS ARN', text: withStatement({ Resource: ['*', 'arn:aws:s3:::bucket'] }), reason: 'Statement[0].Resource[1]: malformed ARN "arn:aws:s3:::bucket": an ARN starts with "acs:"' },
  { name: 'an ARN with too few parts', text: withStatement({ Resource: 'acs:cloudsso:*:directory/d-abc' }), reason: 'malformed ARN "acs:cloudsso:*:directory/d-abc": expected 5 parts acs:<service>:<region>:<account-id>:<relative-id>, found 4' },
  { name: 'an ARN with an empty service', text: withStatement({ Resource: 'acs::*:*:directory/d-abc' }), reason: 'the service part is empty' },
  { name: 'an ARN with an empty relative ID', text: withStatement({ Resource: 'acs:cloudsso:*:*:' }), reason: 'the relative ID after the fourth ":" is empty' },
  { name: 'an ARN with a space in the relative ID', text: withStatement({ Resource: 'acs:cloudsso:*:*:directory/d abc' }), reason: 'the relative ID contains whitespace or a control character' },
  { name: 'an ARN with a bad region', text: withStatement({ Resource: 'acs:cloudsso:cn shanghai:*:directory/d-abc' }), reason: 'the region may contain only' },

  // ---- Condition ---------------------------------------------------------------------------
  { name: 'Condition as an array', text: withCondition([]), reason: 'Statement[0].Condition: must be an object of condition operators, found an array' },
  { name: 'empty Condition', text: withCondition({}), reason: 'Statement[0].Condition: must not be empty' },
  {
    name: 'unknown operator in the second statement',
    text: json({ Version: '1', Statement: [statement({}), statement({ Condition: { StringEqualz: { 'acs:AccessId': 'x' } } })] }),
    reason: 'Statement[1].Condition: unknown operator "StringEqualz"',
  },
  { name: 'operator in the wrong case', text: withCondition({ stringequals: { 'acs:AccessId': 'x' } }), reason: 'unknown operator "stringequals" (operators are case-sensitive: did you mean "StringEquals"?)' },
  { name: 'AWS IfExists operator', text: withCondition({ StringEqualsIfExists: { 'acs:AccessId': 'x' } }), reason: 'unknown operator "StringEqualsIfExists" (RAM has no IfExists' },
  { name: 'AWS ForAnyValue qualifier', text: withCondition({ 'ForAnyValue:StringEquals': { 'acs:AccessId': 'x' } }), reason: 'unknown operator "ForAnyValue:StringEquals" (RAM has no IfExists or ForAnyValue/ForAllValues qualifiers)' },
  { name: 'operator without keys', text: withCondition({ StringEquals: {} }), reason: 'Statement[0].Condition.StringEquals: must name at least one condition key' },
  { name: 'operator holding an array', text: withCondition({ StringEquals: ['x'] }), reason: 'Statement[0].Condition.StringEquals: must be an object of condition keys, found an array' },
  { name: 'condition key without a namespace', text: withCondition({ IpAddress: { SourceIp: '10.0.0.0/8' } }), reason: 'Statement[0].Condition.IpAddress: malformed condition key "SourceIp"' },
  { name: 'the same key twice in different case', text: withCondition({ IpAddress: { 'acs:SourceIp': '10.0.0.0/8', 'acs:sourceip': '127.0.0.1' } }), reason: 'duplicate condition key "acs:sourceip": keys are case-insensitive and "acs:SourceIp" is already present' },
  { name: 'empty value list', text: withCondition({ StringEquals: { 'cloudsso:Team': [] } }), reason: 'Statement[0].Condition.StringEquals["cloudsso:Team"]: must not be an empty array' },
  { name: 'null value', text: withCondition({ StringEquals: { 'cloudsso:Team': null } }), reason: 'Statement[0].Condition.StringEquals["cloudsso:Team"]: must be a string, number or boolean, found null' },
  { name: 'object value in a list', text: withCondition({ StringEquals: { 'cloudsso:Team': ['red', { x: 1 }] } }), reason: 'StringEquals["cloudsso:Team"][1]: must be a string, number or boolean, found an object' },
  { name: 'an invalid IPv4 address', text: withCondition({ IpAddress: { 'acs:SourceIp': ['10.0.0.0/8', '300.1.1.1'] } }), reason: 'Statement[0].Condition.IpAddress["acs:SourceIp"][1]: "300.1.1.1" is not valid for IpAddress: expected an IPv4 or IPv6 address or CIDR block' },
  { name: 'an IPv4 prefix over 32', text: withCondition({ NotIpAddress: { 'acs:SourceIp': '10.0.0.0/33' } }), reason: '"10.0.0.0/33" is not valid for NotIpAddress' },
  { name: 'an IPv6 prefix over 128', text: withCondition({ IpAddress: { 'acs:SourceIp': '2001:db8::/129' } }), reason: '"2001:db8::/129" is not valid for IpAddress' },
  { name: 'an IPv6 address with two ::', text: withCondition({ IpAddress: { 'acs:SourceIp': 'fe80::1::2' } }), reason: '"fe80::1::2" is not valid for IpAddress' },
  { name: 'an IPv4 octet with a leading zero', text: withCondition({ IpAddress: { 'acs:SourceIp': '10.0.0.010' } }), reason: '"10.0.0.010" is not valid for IpAddress' },
  { name: 'a month 13', text: withCondition({ DateLessThan: { 'acs:CurrentTime': '2026-13-01T00:00:00Z' } }), reason: '"2026-13-01T00:00:00Z" is not valid for DateLessThan: expected an ISO 8601 date-time' },
  { name: 'February 30', text: withCondition({ DateGreaterThan: { 'acs:CurrentTime': '2026-02-30T00:00:00Z' } }), reason: '"2026-02-30T00:00:00Z" is not valid for DateGreaterThan' },
  { name: 'a date in words', text: withCondition({ DateLessThan: { 'acs:CurrentTime': 'tomorrow' } }), reason: '"tomorrow" is not valid for DateLessThan' },
  { name: 'a number in words', text: withCondition({ NumericLessThan: { 'cloudsso:Level': 'ten' } }), reason: 'Statement[0].Condition.NumericLessThan["cloudsso:Level"]: "ten" is not valid for NumericLessThan: expected a decimal number' },
  { name: 'a Bool that is not true or false', text: withCondition({ Bool: { 'acs:SecureTransport': 'yes' } }), reason: '"yes" is not valid for Bool: expected "true" or "false"' },
  { name: 'acs:SourceIp under a Date operator', text: withCondition({ DateLessThan: { 'acs:SourceIp': '2026-01-01' } }), reason: 'Statement[0].Condition.DateLessThan["acs:SourceIp"]: acs:SourceIp is compared as an IP address; use IpAddress or NotIpAddress, not DateLessThan' },
  { name: 'acs:SourceIp under StringEquals', text: withCondition({ StringEquals: { 'acs:SOURCEIP': '127.0.0.1' } }), reason: 'acs:SourceIp is compared as an IP address; use IpAddress or NotIpAddress, not StringEquals' },
  { name: 'acs:CurrentTime under Bool', text: withCondition({ Bool: { 'acs:CurrentTime': 'true' } }), reason: 'acs:CurrentTime is compared as a date; use DateEquals, DateNotEquals, DateLessThan, DateLessThanEquals, DateGreaterThan or DateGreaterThanEquals, not Bool' },
  { name: 'acs:SecureTransport under StringEquals', text: withCondition({ StringEquals: { 'acs:SecureTransport': 'true' } }), reason: 'acs:SecureTransport is compared as a boolean; use Bool, not StringEquals' },
  { name: 'acs:AccessId under IpAddress', text: withCondition({ IpAddress: { 'acs:AccessId': '10.0.0.1' } }), reason: 'acs:AccessId is compared as a string; use StringEquals' },
  { name: 'a repeated condition key in the JSON text', text: '{"Version":"1","Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Condition":{"IpAddress":{"acs:SourceIp":"10.0.0.0/8","acs:SourceIp":"0.0.0.0/0"}}}]}', reason: 'Statement[0].Condition.IpAddress: duplicate key "acs:SourceIp"' },
];
