import { actionMatches } from './action.js';
import { type Arn, type ResourcePattern, arnPatternMatches, toRequestResource, toResourcePattern } from './arn.js';
import type { JsonValue } from './json.js';
import { OPERATOR_RULES, RequestValue, type ValueTest } from './operators.js';
import type {
  AttachedPolicy,
  AuthorizationRequest,
  ConditionOperator,
  Decision,
  PolicyDocument,
  PolicyEffect,
  PolicyStatement,
} from './types.js';
import { isValidated, readPolicyDocument } from './validate.js';

/**
 * RAM policy evaluation ("How RAM evaluates policies"): an explicit Deny in any attached policy
 * wins; otherwise the request is allowed only if some Allow covers it; otherwise it is an
 * implicit deny. A request may name several resources (AddUserToGroup names a user and a group):
 * a Deny that covers any one of them denies the request, and every one must be covered by some
 * Allow (not necessarily the same statement).
 *
 * A statement covers a request when its Action/NotAction matches the action, its
 * Resource/NotResource matches the resource, and its Condition holds:
 *   - all operators hold (AND), and within an operator all keys hold (AND);
 *   - a key holds when any request value matches any policy value (OR);
 *   - a `Not...` operator holds when its positive twin does not, so with several policy values
 *     none may match, and a key the request does not carry makes it hold (as in AWS IAM),
 *     while the same missing key makes every positive operator fail.
 *
 * Reported statement: for ExplicitDeny, the first Deny met in policy order then statement order;
 * for Allow, the first Allow covering the first resource. `statement` is 0-based.
 *
 * Documents from `validatePolicyDocument` are always accepted. A document built in code is
 * validated the first time it is evaluated, and an invalid one throws `PolicyDocumentError`
 * rather than being half-applied.
 */
export function evaluate(
  policies: readonly AttachedPolicy[],
  request: AuthorizationRequest,
): Decision {
  if (request.resources.length === 0) return implicitDeny();
  const context = normalizeContext(request.context);
  const resources = request.resources.map(toRequestResource);
  const allows: { policy: AttachedPolicy; statement: CompiledStatement }[] = [];

  for (const policy of policies) {
    for (const statement of compile(policy.document)) {
      if (!appliesToAction(statement, request.action)) continue;
      if (!conditionsHold(statement, context)) continue;
      if (statement.effect === 'Deny') {
        if (resources.some((r) => appliesToResource(statement, r))) {
          return {
            effect: 'Deny',
            reason: 'ExplicitDeny',
            policy: policy.name,
            statement: statement.index,
            policyType: policy.type,
          };
        }
      } else {
        allows.push({ policy, statement });
      }
    }
  }

  let first: { policy: AttachedPolicy; statement: CompiledStatement } | undefined;
  for (const resource of resources) {
    const allow = allows.find((a) => appliesToResource(a.statement, resource));
    if (allow === undefined) return implicitDeny();
    first ??= allow;
  }
  // resources is non-empty, so `first` is set.
  const { policy, statement } = first as NonNullable<typeof first>;
  return { effect: 'Allow', policy: policy.name, statement: statement.index };
}

function implicitDeny(): Decision {
  return { effect: 'Deny', reason: 'ImplicitDeny' };
}

interface CompiledClause {
  readonly negated: boolean;
  readonly keys: readonly { readonly key: string; readonly tests: readonly ValueTest[] }[];
}

interface CompiledStatement {
  readonly index: number;
  readonly effect: PolicyEffect;
  readonly notAction: boolean;
  readonly actions: readonly string[];
  readonly notResource: boolean;
  readonly resources: readonly ResourcePattern[];
  readonly conditions: readonly CompiledClause[];
}

type Context = ReadonlyMap<string, readonly RequestValue[]>;

function appliesToAction(s: CompiledStatement, action: string): boolean {
  return s.actions.some((p) => actionMatches(p, action)) !== s.notAction;
}

function appliesToResource(s: CompiledStatement, resource: Arn | undefined): boolean {
  return s.resources.some((p) => arnPatternMatches(p, resource)) !== s.notResource;
}

function conditionsHold(s: CompiledStatement, context: Context): boolean {
  return s.conditions.every((clause) =>
    clause.keys.every(({ key, tests }) => {
      const values = context.get(key) ?? [];
      const matched = values.some((v) => tests.some((test) => test(v)));
      return matched !== clause.negated;
    }),
  );
}

/** Lower-cased keys (condition keys are case-insensitive); absent and empty lists are dropped. */
function normalizeContext(context: AuthorizationRequest['context']): Context {
  const result = new Map<string, RequestValue[]>();
  for (const [key, value] of Object.entries(context)) {
    if (value === undefined) continue;
    const values = (typeof value === 'string' ? [value] : value).map((v) => new RequestValue(v));
    if (values.length === 0) continue;
    const lower = key.toLowerCase();
    result.set(lower, [...(result.get(lower) ?? []), ...values]);
  }
  return result;
}

const compiled = new WeakMap<PolicyDocument, readonly CompiledStatement[]>();

function compile(document: PolicyDocument): readonly CompiledStatement[] {
  const cached = compiled.get(document);
  if (cached !== undefined) return cached;
  const checked = isValidated(document) ? document : readPolicyDocument(toJson(document));
  const result = checked.Statement.map(compileStatement);
  compiled.set(document, result);
  return result;
}

function compileStatement(s: PolicyStatement, index: number): CompiledStatement {
  const conditions: CompiledClause[] = [];
  for (const [operator, clause] of Object.entries(s.Condition ?? {})) {
    const rule = OPERATOR_RULES[operator as ConditionOperator];
    conditions.push({
      negated: rule.negated,
      keys: Object.entries(clause ?? {}).map(([key, values]) => ({
        key: key.toLowerCase(),
        // Validated above, so every value compiles.
        tests: values.map((v) => rule.compile(v) as ValueTest),
      })),
    });
  }
  return {
    index,
    effect: s.Effect,
    notAction: s.Action === undefined,
    actions: s.Action ?? s.NotAction ?? [],
    notResource: s.Resource === undefined,
    resources: (s.Resource ?? s.NotResource ?? []).map(toResourcePattern),
    conditions,
  };
}

/** Back to the JSON reader's shape (objects as Maps) so code-built documents get the same checks. */
function toJson(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(toJson);
  if (value !== null && typeof value === 'object') {
    return new Map(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, toJson(v)]),
    );
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) {
    return value;
  }
  return String(value);
}

