import { parseInstant } from './date.js';
import { ipInBlock, parseIpAddress, parseIpBlock } from './ip.js';
import type { ConditionOperator } from './types.js';
import { wildcardMatch } from './wildcard.js';

/**
 * The condition operators of RAM ("Conditional operators": string, number, date and time,
 * Boolean, IP address), one rule each. A rule compiles one policy value into a test of one
 * request value; the evaluator does the AND/OR around it.
 *
 * Every `Not...` operator is defined as the negation of its positive twin over the whole key
 * (`StringNotEquals` holds when no request value equals any policy value). That is also what
 * makes a negated operator true when the request lacks the key (see evaluate.ts).
 */

export type ValueFamily = 'string' | 'number' | 'date' | 'boolean' | 'IP address';

/**
 * One value of a request's condition key. Its readings as a number, instant, boolean and IP
 * address are parsed on first use and kept, so a request is parsed once however many statements
 * test it.
 */
export class RequestValue {
  #number?: number | null;
  #instant?: number | null;
  #ip?: bigint | null;

  constructor(readonly text: string) {}

  get number(): number | undefined {
    if (this.#number === undefined) this.#number = parseNumber(this.text) ?? null;
    return this.#number ?? undefined;
  }

  get instant(): number | undefined {
    if (this.#instant === undefined) this.#instant = parseInstant(this.text) ?? null;
    return this.#instant ?? undefined;
  }

  get ip(): bigint | undefined {
    if (this.#ip === undefined) this.#ip = parseIpAddress(this.text) ?? null;
    return this.#ip ?? undefined;
  }
}

export type ValueTest = (requestValue: RequestValue) => boolean;

export interface OperatorRule {
  readonly family: ValueFamily;
  readonly negated: boolean;
  /** The test for one policy value, or undefined when the value is not of the rule's family. */
  readonly compile: (policyValue: string) => ValueTest | undefined;
}

const NUMBER = /^[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$/;

function parseNumber(text: string): number | undefined {
  if (!NUMBER.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

function parseBool(text: string): boolean | undefined {
  const lower = text.toLowerCase();
  return lower === 'true' ? true : lower === 'false' ? false : undefined;
}

const string = (negated: boolean, same: (p: string, r: string) => boolean): OperatorRule => ({
  family: 'string',
  negated,
  compile: (p) => (r) => same(p, r.text),
});

function ordered(
  family: 'number' | 'date',
  negated: boolean,
  holds: (request: number, policy: number) => boolean,
): OperatorRule {
  const parse = family === 'number' ? parseNumber : parseInstant;
  const read = family === 'number' ? (r: RequestValue) => r.number : (r: RequestValue) => r.instant;
  return {
    family,
    negated,
    compile: (p) => {
      const policy = parse(p);
      if (policy === undefined) return undefined;
      return (r) => {
        const request = read(r);
        return request !== undefined && holds(request, policy);
      };
    },
  };
}

const equalsIgnoreCase = (p: string, r: string): boolean => p.toLowerCase() === r.toLowerCase();

const ipAddress = (negated: boolean): OperatorRule => ({
  family: 'IP address',
  negated,
  compile: (p) => {
    const block = parseIpBlock(p);
    if (block === undefined) return undefined;
    return (r) => {
      const address = r.ip;
      return address !== undefined && ipInBlock(address, block);
    };
  },
});

export const OPERATOR_RULES: Readonly<Record<ConditionOperator, OperatorRule>> = {
  StringEquals: string(false, (p, r) => p === r),
  StringNotEquals: string(true, (p, r) => p === r),
  StringEqualsIgnoreCase: string(false, equalsIgnoreCase),
  StringNotEqualsIgnoreCase: string(true, equalsIgnoreCase),
  StringLike: string(false, wildcardMatch),
  StringNotLike: string(true, wildcardMatch),
  NumericEquals: ordered('number', false, (r, p) => r === p),
  NumericNotEquals: ordered('number', true, (r, p) => r === p),
  NumericLessThan: ordered('number', false, (r, p) => r < p),
  NumericLessThanEquals: ordered('number', false, (r, p) => r <= p),
  NumericGreaterThan: ordered('number', false, (r, p) => r > p),
  NumericGreaterThanEquals: ordered('number', false, (r, p) => r >= p),
  DateEquals: ordered('date', false, (r, p) => r === p),
  DateNotEquals: ordered('date', true, (r, p) => r === p),
  DateLessThan: ordered('date', false, (r, p) => r < p),
  DateLessThanEquals: ordered('date', false, (r, p) => r <= p),
  DateGreaterThan: ordered('date', false, (r, p) => r > p),
  DateGreaterThanEquals: ordered('date', false, (r, p) => r >= p),
  Bool: {
    family: 'boolean',
    negated: false,
    compile: (p) => {
      const policy = parseBool(p);
      if (policy === undefined) return undefined;
      return (r) => parseBool(r.text) === policy;
    },
  },
  IpAddress: ipAddress(false),
  NotIpAddress: ipAddress(true),
};

/** What a policy value of each family must look like, for error messages. */
export const FAMILY_EXPECTATION: Readonly<Record<ValueFamily, string>> = {
  string: 'a string',
  number: 'a decimal number',
  date: 'an ISO 8601 date-time such as "2026-01-31T17:00:00+08:00", or epoch seconds',
  boolean: '"true" or "false"',
  'IP address': 'an IPv4 or IPv6 address or CIDR block such as "10.0.0.0/8"',
};

/**
 * The global keys this service fills in, by lower-cased name, and the operator family each one
 * works with. A known key under an operator of another family can never match, so validation
 * refuses it instead of letting a policy silently never apply.
 */
export const KNOWN_KEYS: ReadonlyMap<string, { readonly name: string; readonly family: ValueFamily }> =
  new Map([
    ['acs:sourceip', { name: 'acs:SourceIp', family: 'IP address' }],
    ['acs:currenttime', { name: 'acs:CurrentTime', family: 'date' }],
    ['acs:securetransport', { name: 'acs:SecureTransport', family: 'boolean' }],
    ['acs:accessid', { name: 'acs:AccessId', family: 'string' }],
  ]);

export function operatorsOf(family: ValueFamily): ConditionOperator[] {
  return (Object.keys(OPERATOR_RULES) as ConditionOperator[]).filter(
    (op) => OPERATOR_RULES[op].family === family,
  );
}
