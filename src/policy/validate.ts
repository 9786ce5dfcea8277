import { actionPatternProblem } from './action.js';
import { resourcePatternProblem } from './arn.js';
import {
  type JsonObject,
  type JsonValue,
  describeJsonType,
  expectObject,
  isJsonObject,
  parseJson,
} from './json.js';
import { childPath, fail, quote } from './policy-document-error.js';
import type { PolicyDocument, PolicyEffect, PolicyStatement } from './types.js';
import { readCondition } from './validate-condition.js';

/**
 * RAM CreatePolicy: "The document must be 1 to 6,144 characters in length." Counted on the text
 * exactly as given, whitespace included, in Unicode code points.
 */
export const POLICY_DOCUMENT_MAX_LENGTH = 6144;

/**
 * Parses and validates a policy document (RAM "Policy structure and syntax"), returning it in
 * normalized form, or throws `PolicyDocumentError` naming the first problem and where it is.
 * The steps run in document order, so the reported problem is the first one a reader would meet.
 */
export function validatePolicyDocument(text: string): PolicyDocument {
  checkLength(text);
  return readPolicyDocument(parseJson(text));
}

function checkLength(text: string): void {
  if (text.trim() === '') fail('document', 'is empty');
  let length = 0;
  for (const _ of text) length++;
  if (length > POLICY_DOCUMENT_MAX_LENGTH) {
    fail(
      'document',
      `is ${length.toLocaleString('en-US')} characters long; the limit is ${POLICY_DOCUMENT_MAX_LENGTH.toLocaleString('en-US')}`,
    );
  }
}

/** Validates an already parsed document (also used on documents built in code, see evaluate.ts). */
export function readPolicyDocument(json: JsonValue): PolicyDocument {
  const doc = expectObject(json, 'document', 'a JSON object');
  checkKeys(doc, 'document', ['Version', 'Statement']);

  const version = doc.get('Version');
  if (version === undefined) fail('document', 'missing "Version" (it must be "1")');
  if (version !== '1') fail('Version', `must be the string "1", found ${describeJsonType(version)}`);

  const statements = doc.get('Statement');
  if (statements === undefined) fail('document', 'missing "Statement"');
  if (isJsonObject(statements)) {
    fail('Statement', 'must be an array of statements; a single statement object is not accepted');
  }
  if (!Array.isArray(statements)) {
    fail('Statement', `must be an array of statements, found ${describeJsonType(statements)}`);
  }
  if (statements.length === 0) fail('Statement', 'must contain at least one statement');

  const result: PolicyDocument = {
    Version: '1',
    Statement: statements.map((s, i) => readStatement(s, childPath('Statement', i))),
  };
  validated.add(result);
  return result;
}

// Documents this module produced, so evaluate() need not check them a second time.
const validated = new WeakSet<PolicyDocument>();

export function isValidated(document: PolicyDocument): boolean {
  return validated.has(document);
}

const STATEMENT_KEYS = ['Effect', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function readStatement(json: JsonValue, path: string): PolicyStatement {
  const s = expectObject(json, path, 'a statement object');
  if (s.has('Principal')) {
    fail(path, 'unknown key "Principal" (it belongs to resource-based policies, not to policies attached to users)');
  }
  checkKeys(s, path, STATEMENT_KEYS);

  const effect = s.get('Effect');
  if (effect === undefined) fail(path, 'missing "Effect" ("Allow" or "Deny")');
  if (effect !== 'Allow' && effect !== 'Deny') {
    fail(childPath(path, 'Effect'), `must be "Allow" or "Deny", found ${describeJsonType(effect)}`);
  }

  const action = exactlyOne(s, path, 'Action', 'NotAction');
  const actions = readPatterns(action.value, childPath(path, action.key), 'action', actionPatternProblem);
  const resource = exactlyOne(s, path, 'Resource', 'NotResource');
  const resources = readPatterns(resource.value, childPath(path, resource.key), 'ARN', resourcePatternProblem);

  const condition = s.get('Condition');
  const statement = {
    Effect: effect satisfies PolicyEffect,
    ...(action.key === 'Action' ? { Action: actions } : { NotAction: actions }),
    ...(resource.key === 'Resource' ? { Resource: resources } : { NotResource: resources }),
    ...(condition === undefined ? {} : { Condition: readCondition(condition, childPath(path, 'Condition')) }),
  };
  return statement as PolicyStatement;
}

function exactlyOne(
  s: JsonObject,
  path: string,
  positive: string,
  negative: string,
): { key: string; value: JsonValue } {
  const p = s.get(positive);
  const n = s.get(negative);
  if (p !== undefined && n !== undefined) {
    fail(path, `has both "${positive}" and "${negative}"; use exactly one`);
  }
  if (p !== undefined) return { key: positive, value: p };
  if (n !== undefined) return { key: negative, value: n };
  return fail(path, `missing "${positive}" (or "${negative}")`);
}

/** A string or a non-empty array of strings ("Action": "x" equals "Action": ["x"]), each checked. */
function readPatterns(
  json: JsonValue,
  path: string,
  what: string,
  problemOf: (pattern: string) => string | undefined,
): string[] {
  const items = typeof json === 'string' ? [{ value: json, path }] : undefined;
  if (items === undefined && !Array.isArray(json)) {
    fail(path, `must be a string or an array of strings, found ${describeJsonType(json)}`);
  }
  const list = items ?? (json as JsonValue[]).map((value, i) => ({ value, path: childPath(path, i) }));
  if (list.length === 0) fail(path, 'must not be an empty array');
  return list.map(({ value, path: itemPath }) => {
    if (typeof value !== 'string') fail(itemPath, `must be a string, found ${describeJsonType(value)}`);
    if (value === '') fail(itemPath, `must not be an empty string`);
    const problem = problemOf(value);
    if (problem !== undefined) fail(itemPath, `malformed ${what} ${quote(value)}: ${problem}`);
    return value;
  });
}

function checkKeys(obj: JsonObject, path: string, allowed: readonly string[]): void {
  for (const key of obj.keys()) {
    if (allowed.includes(key)) continue;
    const sameLetters = allowed.find((a) => a.toLowerCase() === key.toLowerCase());
    const hint = sameLetters === undefined ? '' : ` (keys are case-sensitive: did you mean "${sameLetters}"?)`;
    fail(path, `unknown key ${quote(key)}${hint}`);
  }
}

