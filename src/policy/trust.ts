import { evaluate } from './evaluate.js';
import { PolicyDocumentError, fail } from './policy-document-error.js';
import type { AttachedPolicy, PolicyDocument } from './types.js';
import { validatePolicyDocument } from './validate.js';

/**
 * Trust policies of RAM roles (RAM "Trust policy"): a policy document whose statements name a
 * `Principal` instead of a `Resource`: `{"RAM": [...]}` (accounts `acs:ram::<uid>:root` or a bare
 * `<uid>`, RAM users `acs:ram::<uid>:user/<name>`, roles `acs:ram::<uid>:role/<name>`),
 * `{"Service": [...]}` (`ecs.aliyuncs.com`) or `{"Federated": [...]}` (SAML providers). Each
 * statement is otherwise an ordinary statement (Effect, Action, Condition), validated and
 * evaluated by the same code as every other policy, with the role's ARN as its resource.
 */
export const TRUST_POLICY_MAX_LENGTH = 2048;

export type PrincipalKind = 'RAM' | 'Service' | 'Federated';

export interface TrustStatement {
  readonly principals: Readonly<Record<PrincipalKind, readonly string[]>>;
  readonly document: PolicyDocument;
}

export interface TrustPolicy {
  readonly statements: readonly TrustStatement[];
}

const KINDS: readonly PrincipalKind[] = ['RAM', 'Service', 'Federated'];

export function validateTrustPolicy(text: string): TrustPolicy {
  if ([...text].length > TRUST_POLICY_MAX_LENGTH) fail('document', `is longer than ${TRUST_POLICY_MAX_LENGTH} characters`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    // The policy parser gives the precise JSON error.
    validatePolicyDocument(text);
    fail('document', 'is not valid JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('document', 'must be a JSON object');
  const doc = json as Record<string, unknown>;
  if (doc['Version'] !== '1') fail('Version', 'must be the string "1"');
  const statements = doc['Statement'];
  if (!Array.isArray(statements) || statements.length === 0) fail('Statement', 'must be a non-empty array of statements');
  return {
    statements: statements.map((s, i) => {
      const path = `Statement[${i}]`;
      if (typeof s !== 'object' || s === null || Array.isArray(s)) fail(path, 'must be a statement object');
      const { Principal, ...rest } = s as Record<string, unknown>;
      if ('Resource' in rest || 'NotResource' in rest) fail(`${path}.Resource`, 'a trust policy statement names a Principal, not a Resource');
      if (typeof Principal !== 'object' || Principal === null || Array.isArray(Principal)) {
        fail(`${path}.Principal`, 'must be an object such as {"RAM": ["acs:ram::<account-id>:root"]}');
      }
      const principals: Record<PrincipalKind, string[]> = { RAM: [], Service: [], Federated: [] };
      for (const [k, v] of Object.entries(Principal as Record<string, unknown>)) {
        if (!KINDS.includes(k as PrincipalKind)) fail(`${path}.Principal.${k}`, 'is not a principal type (RAM, Service or Federated)');
        const list = typeof v === 'string' ? [v] : v;
        if (!Array.isArray(list) || list.length === 0 || list.some((x) => typeof x !== 'string' || x === '')) {
          fail(`${path}.Principal.${k}`, 'must be a non-empty string or array of non-empty strings');
        }
        principals[k as PrincipalKind] = list as string[];
      }
      if (KINDS.every((k) => principals[k].length === 0)) fail(`${path}.Principal`, 'names no principal');
      let document: PolicyDocument;
      try {
        document = validatePolicyDocument(JSON.stringify({ Version: '1', Statement: [{ ...rest, Resource: '*' }] }));
      } catch (err) {
        if (err instanceof PolicyDocumentError) fail(err.path.replace(/^Statement\[0\]/, path), err.problem);
        throw err;
      }
      return { principals, document };
    }),
  };
}

/** RAM principal strings normalized for comparison: a bare account ID means its root. */
function normalize(p: string): string {
  const s = /^\d+$/.test(p) ? `acs:ram::${p}:root` : p;
  return s.toLowerCase();
}

/**
 * May a caller assume the role? `identities` are the caller's RAM identities (its account root
 * `acs:ram::<uid>:root` and its own ARN); `context` the request's condition keys. As in RAM, an
 * explicit Deny wins and no Allow is a deny.
 */
export function trustAllows(
  trust: TrustPolicy,
  caller: { readonly kind: PrincipalKind; readonly identities: readonly string[] },
  roleArn: string,
  context: Readonly<Record<string, string | undefined>>,
): boolean {
  const mine = new Set(caller.identities.map(normalize));
  const applicable: AttachedPolicy[] = [];
  trust.statements.forEach((s, i) => {
    const named = s.principals[caller.kind].map(normalize);
    if (named.includes('*') || named.some((p) => mine.has(p))) applicable.push({ name: `trust[${i}]`, type: 'Custom', document: s.document });
  });
  return evaluate(applicable, { action: 'sts:AssumeRole', resources: [roleArn], context }).effect === 'Allow';
}
