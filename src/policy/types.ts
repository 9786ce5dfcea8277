/**
 * The RAM policy language as data: the normalized shape `validatePolicyDocument` returns and
 * `evaluate` consumes. Element names are RAM's own (`Effect`, `Action`, `NotResource`, ...) so a
 * document reads the same here as in Alibaba's "Policy structure and syntax" page.
 *
 * Normalization: every element that RAM lets you write as a single string or as a list
 * ("Action": "x" is equivalent to "Action": ["x"]) is always a list here, and every condition
 * value is a string (JSON numbers and booleans are converted as written).
 */

export type PolicyEffect = 'Allow' | 'Deny';

export const CONDITION_OPERATORS = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericLessThanEquals',
  'NumericGreaterThan',
  'NumericGreaterThanEquals',
  'DateEquals',
  'DateNotEquals',
  'DateLessThan',
  'DateLessThanEquals',
  'DateGreaterThan',
  'DateGreaterThanEquals',
  'Bool',
  'IpAddress',
  'NotIpAddress',
] as const;

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

/** `{ "acs:SourceIp": ["10.0.0.0/8"] }`: condition key (as written) to its values. */
export type ConditionClause = Readonly<Record<string, readonly string[]>>;

/** `{ "IpAddress": { "acs:SourceIp": [...] }, "Bool": {...} }`. */
export type ConditionBlock = Readonly<Partial<Record<ConditionOperator, ConditionClause>>>;

/** Exactly one of `Action` / `NotAction`. */
export type ActionElement =
  | { readonly Action: readonly string[]; readonly NotAction?: never }
  | { readonly NotAction: readonly string[]; readonly Action?: never };

/** Exactly one of `Resource` / `NotResource`. */
export type ResourceElement =
  | { readonly Resource: readonly string[]; readonly NotResource?: never }
  | { readonly NotResource: readonly string[]; readonly Resource?: never };

export type PolicyStatement = {
  readonly Effect: PolicyEffect;
  readonly Condition?: ConditionBlock;
} & ActionElement &
  ResourceElement;

export interface PolicyDocument {
  readonly Version: '1';
  readonly Statement: readonly PolicyStatement[];
}

export type PolicyType = 'Custom' | 'System';

export interface AttachedPolicy {
  name: string;
  type: PolicyType;
  document: PolicyDocument;
}

/**
 * One authorization question. `resources` are the ARNs the action touches (AddUserToGroup names a
 * user and a group); `context` carries the condition keys of the request (`acs:SourceIp`,
 * `acs:CurrentTime`, ...). Keys are matched case-insensitively; `undefined` or an empty list means
 * the key is absent. The evaluator never reads a clock: the caller supplies `acs:CurrentTime`.
 */
export interface AuthorizationRequest {
  action: string;
  resources: readonly string[];
  context: Readonly<Record<string, string | readonly string[] | undefined>>;
}

/** `statement` is the 0-based index into the policy's `Statement` list, as in error paths. */
export type Decision =
  | { effect: 'Allow'; policy: string; statement: number }
  | {
      effect: 'Deny';
      reason: 'ExplicitDeny';
      policy: string;
      statement: number;
      policyType: PolicyType;
    }
  | { effect: 'Deny'; reason: 'ImplicitDeny' };
