import type { FastifyRequest } from 'fastify';
import { recordFailedCall, redactSecrets } from '../core/audit-trail.js';
import type { CoreContext } from '../core/context.js';
import type { AuditRequest } from '../core/ports/store.js';
import type { RegisteredAction } from './action.js';
import type { Principal } from './principal.js';
import type { Product } from './product.js';
import { edgeError } from './edge-errors.js';
import { RpcError } from './rpc-error.js';

/**
 * The management API's side of the audit trail (docs/decisions/0055-audit-trail.md): what a
 * signed call looked like, handed to the core with every write, and the calls that failed.
 */
export function rpcAuditRequest(
  core: CoreContext,
  request: FastifyRequest,
  product: Product,
  principal: Principal,
  params: Readonly<Record<string, string>>,
): AuditRequest {
  return {
    service: product.code,
    apiVersion: product.version,
    sourceIp: request.ip,
    userAgent: request.headers['user-agent'],
    accessKeyId: principal.accessKeyId,
    principal: auditPrincipal(principal),
    parameters: redactSecrets({ ...params }) as Record<string, unknown>,
  };
}

/** ActionTrail's userIdentity of the caller: the root and RAM users of their account, or an STS session. */
function auditPrincipal(principal: Principal): NonNullable<AuditRequest['principal']> {
  switch (principal.type) {
    case 'root':
      return { type: 'root-account', id: principal.accountId, name: 'root' };
    case 'ram-user':
      return { type: 'ram-user', id: principal.userId, name: principal.userName };
    case 'assumed-role':
      return { type: 'assumed-role', id: `${principal.roleId}:${principal.sessionName}`, name: `${principal.roleName}/${principal.sessionName}` };
  }
}

/**
 * A failed call is recorded when it was a write, or was denied: successful reads are not recorded,
 * and neither are failed ones, except a refusal (someone tried something they may not do).
 */
export async function recordRpcFailure(
  core: CoreContext,
  request: FastifyRequest,
  action: RegisteredAction,
  audit: AuditRequest,
  err: unknown,
): Promise<void> {
  const write = action.ram.accessLevel !== 'get' && action.ram.accessLevel !== 'list';
  const wire = err instanceof RpcError ? err : edgeError('InternalError');
  const denied = wire.status === 403;
  if (!write && !denied) return;
  try {
    await recordFailedCall(core, {
      eventName: action.name,
      // eslint-disable-next-line @typescript-eslint/no-non-null-assertion -- rpcAuditRequest always sets the AccessKey ID of a signed call
      actor: { type: 'access-key', id: audit.accessKeyId! },
      request: audit,
      requestId: request.id,
      eventRW: write ? 'Write' : 'Read',
      errorCode: wire.code,
      errorMessage: wire.message,
      directoryId: typeof audit.parameters?.['DirectoryId'] === 'string' ? (audit.parameters['DirectoryId'] as string) : null,
    });
  } catch (e) {
    // The caller gets its own error either way; a lost audit row is logged, not thrown.
    request.log.warn({ err: e }, 'could not record a failed call in the audit trail');
  }
}
