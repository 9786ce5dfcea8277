import { type JsonValue, describeJsonType, expectObject } from './json.js';
import { FAMILY_EXPECTATION, KNOWN_KEYS, OPERATOR_RULES, operatorsOf } from './operators.js';
import { childPath, fail, quote } from './policy-document-error.js';
import {
  CONDITION_OPERATORS,
  type ConditionBlock,
  type ConditionClause,
  type ConditionOperator,
} from './types.js';

/**
 * The Condition element: `{ <operator>: { <key>: <value or values> } }` (RAM "Policy elements",
 * Condition; "Conditional operators"). Operators are RAM's exact names; keys are
 * `<namespace>:<name>` and case-insensitive, so two spellings of one key are a duplicate; values
 * must be valid for the operator's family, and the global keys this service fills in must be used
 * with an operator of their own family.
 */

const KEY = /^[A-Za-z0-9-]+:[^\s\u0000-\u001f\u007f]+$/;

export function readCondition(json: JsonValue, path: string): ConditionBlock {
  const block = expectObject(json, path, 'an object of condition operators');
  if (block.size === 0) fail(path, 'must not be empty (omit "Condition" instead)');
  const result: Partial<Record<ConditionOperator, ConditionClause>> = {};
  for (const [operator, clauseJson] of block) {
    if (!isOperator(operator)) fail(path, `unknown operator ${quote(operator)}${operatorHint(operator)}`);
    const clausePath = childPath(path, operator);
    const clause = expectObject(clauseJson, clausePath, 'an object of condition keys');
    if (clause.size === 0) fail(clausePath, 'must name at least one condition key');
    const rule = OPERATOR_RULES[operator];
    const seen = new Map<string, string>();
    const values: Record<string, readonly string[]> = {};
    for (const [key, valueJson] of clause) {
      if (!KEY.test(key)) {
        fail(clausePath, `malformed condition key ${quote(key)}: expected "<namespace>:<name>", e.g. "acs:SourceIp"`);
      }
      const lower = key.toLowerCase();
      const earlier = seen.get(lower);
      if (earlier !== undefined) {
        fail(clausePath, `duplicate condition key ${quote(key)}: keys are case-insensitive and ${quote(earlier)} is already present`);
      }
      seen.set(lower, key);
      const known = KNOWN_KEYS.get(lower);
      if (known !== undefined && known.family !== rule.family) {
        fail(
          childPath(clausePath, key),
          `${known.name} is compared as ${article(known.family)}; use ${orList(operatorsOf(known.family))}, not ${operator}`,
        );
      }
      values[key] = readValues(valueJson, childPath(clausePath, key), operator);
    }
    result[operator] = values;
  }
  return result;
}

/** A scalar or a non-empty array of scalars; each must be valid for the operator's family. */
function readValues(json: JsonValue, path: string, operator: ConditionOperator): string[] {
  const rule = OPERATOR_RULES[operator];
  const list = Array.isArray(json) ? json.map((v, i) => ({ v, p: childPath(path, i) })) : [{ v: json, p: path }];
  if (list.length === 0) fail(path, 'must not be an empty array');
  return list.map(({ v, p }) => {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      fail(p, `must be a string, number or boolean, found ${describeJsonType(v)}`);
    }
    const text = String(v);
    if (rule.compile(text) === undefined) {
      fail(p, `${quote(text)} is not valid for ${operator}: expected ${FAMILY_EXPECTATION[rule.family]}`);
    }
    return rule.family === 'boolean' ? text.toLowerCase() : text;
  });
}

function isOperator(name: string): name is ConditionOperator {
  return (CONDITION_OPERATORS as readonly string[]).includes(name);
}

function operatorHint(name: string): string {
  const sameLetters = CONDITION_OPERATORS.find((op) => op.toLowerCase() === name.toLowerCase());
  if (sameLetters !== undefined) return ` (operators are case-sensitive: did you mean "${sameLetters}"?)`;
  if (name.endsWith('IfExists') || name.includes(':')) {
    return ' (RAM has no IfExists or ForAnyValue/ForAllValues qualifiers)';
  }
  return '';
}

function article(family: string): string {
  return family === 'IP address' ? 'an IP address' : family === 'date' ? 'a date' : `a ${family}`;
}

function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
