import type { Decision } from '../../policy/index.js';

/**
 * Alibaba's `AccessDeniedDetail` (the object every NoPermission error carries; the SDKs expose it
 * as `e.accessDeniedDetail`), and the diagnostic behind `EncodedDiagnosticMessage`. Alibaba
 * encodes the diagnostic for its DecodeDiagnosticMessage API; ours is base64 of a JSON object,
 * so a caller can read it with `base64 -d`. It names the action, the resources, the decision
 * and, for an explicit deny, the denying policy and statement: only what the caller's own
 * request and its own policies decided, never the content of any policy.
 */
export interface AccessDeniedDetail {
  readonly AuthAction: string;
  readonly AuthPrincipalType: 'SubUser' | 'AssumedRoleUser';
  readonly AuthPrincipalOwnerId: string;
  readonly AuthPrincipalDisplayName: string;
  /** Every policy we evaluate is an identity-based policy of the account. */
  readonly PolicyType: 'AccountLevelIdentityBasedPolicy';
  readonly NoPermissionType: 'ImplicitDeny' | 'ExplicitDeny';
  readonly EncodedDiagnosticMessage: string;
}

export interface DiagnosticMessage {
  readonly AuthAction: string;
  readonly AuthResources: readonly string[];
  readonly AuthPrincipal: { readonly Type: 'SubUser' | 'AssumedRoleUser'; readonly UserId: string; readonly UserName: string; readonly AccessKeyId: string };
  readonly NoPermissionType: 'ImplicitDeny' | 'ExplicitDeny';
  /** The denying statement (ExplicitDeny only); `StatementIndex` is 0-based. */
  readonly DenyingPolicy?: { readonly PolicyName: string; readonly PolicyType: string; readonly StatementIndex: number };
  readonly Reason: string;
  /** The condition keys the request was evaluated with (the caller's own values). */
  readonly RequestContext: Readonly<Record<string, string>>;
}

export interface DeniedRequest {
  readonly action: string;
  readonly resources: readonly string[];
  readonly accountId: string;
  readonly user: { readonly id: string; readonly name: string };
  /** A RAM user (the default) or an STS session of a role. */
  readonly principalType?: 'SubUser' | 'AssumedRoleUser';
  readonly accessKeyId: string;
  readonly context: Readonly<Record<string, string | undefined>>;
}

export function accessDenied(
  request: DeniedRequest,
  decision: Extract<Decision, { effect: 'Deny' }>,
): { message: string; detail: AccessDeniedDetail; diagnostic: DiagnosticMessage } {
  const context: Record<string, string> = {};
  for (const [k, v] of Object.entries(request.context)) if (v !== undefined) context[k] = v;
  const diagnostic: DiagnosticMessage = {
    AuthAction: request.action,
    AuthResources: request.resources,
    AuthPrincipal: { Type: request.principalType ?? 'SubUser', UserId: request.user.id, UserName: request.user.name, AccessKeyId: request.accessKeyId },
    NoPermissionType: decision.reason,
    ...(decision.reason === 'ExplicitDeny'
      ? { DenyingPolicy: { PolicyName: decision.policy, PolicyType: decision.policyType, StatementIndex: decision.statement } }
      : {}),
    Reason:
      decision.reason === 'ExplicitDeny'
        ? `Statement ${decision.statement} of the ${decision.policyType} policy "${decision.policy}" denies this action on this resource.`
        : 'No policy attached to the principal (or to its groups) allows this action on every requested resource under the request conditions.',
    RequestContext: context,
  };
  const detail: AccessDeniedDetail = {
    AuthAction: request.action,
    AuthPrincipalType: request.principalType ?? 'SubUser',
    AuthPrincipalOwnerId: request.accountId,
    AuthPrincipalDisplayName: request.user.name,
    PolicyType: 'AccountLevelIdentityBasedPolicy',
    NoPermissionType: decision.reason,
    EncodedDiagnosticMessage: Buffer.from(JSON.stringify(diagnostic), 'utf8').toString('base64'),
  };
  const why = decision.reason === 'ExplicitDeny' ? 'an explicit Deny in an attached policy refuses it' : 'no attached policy allows it';
  const message = `You are not authorized to do action: ${request.action} on resource: ${request.resources.join(', ')} (${decision.reason}: ${why}).`;
  return { message, detail, diagnostic };
}

/** Reads an `EncodedDiagnosticMessage` back (for tests and the CLI). */
export function decodeDiagnosticMessage(encoded: string): DiagnosticMessage {
  return JSON.parse(Buffer.from(encoded, 'base64').toString('utf8')) as DiagnosticMessage;
}
