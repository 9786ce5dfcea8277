import type { FastifyRequest } from 'fastify';
import { recordFailedCall, redactSecrets } from '../core/audit-trail.js';
import type { CoreContext } from '../core/context.js';
import { isDomainError } from '../core/errors.js';
import type { AuditRequest } from '../core/ports/store.js';
import { domainErrorToScim } from './error-map.js';
import { ScimError } from './scim-error.js';

/**
 * The SCIM edge's side of the audit trail (docs/decisions/0055-audit-trail.md): each write names
 * the credential the IdP authenticated with as its AccessKey, so LookupEvents filtered by
 * `EventAccessKeyId=<credential ID>` is that IdP's log.
 */
export function scimAuditRequest(request: FastifyRequest, credentialId: string): AuditRequest {
  const body = request.body === undefined || request.body === null ? {} : { body: request.body };
  return {
    service: 'scim',
    apiVersion: '2.0',
    sourceIp: request.ip,
    userAgent: request.headers['user-agent'],
    accessKeyId: credentialId,
    principal: { type: 'scim-credential', id: credentialId, name: credentialId },
    parameters: redactSecrets({ httpMethod: request.method, path: (request.url.split('?')[0] ?? '').slice(0, 512), ...body }) as Record<string, unknown>,
  };
}

const WRITES: Record<string, string> = { POST: 'Create', PUT: 'Update', PATCH: 'Update', DELETE: 'Delete' };

/** `CreateUser`, `UpdateGroup`, ...: what a failed SCIM write was trying to do. */
function eventName(request: FastifyRequest): string | undefined {
  const verb = WRITES[request.method];
  const resource = /\/(users|groups)(?:\/|$)/i.exec(request.url.split('?')[0] ?? '')?.[1]?.toLowerCase();
  if (!verb || !resource) return undefined;
  return `${verb}${resource === 'users' ? 'User' : 'Group'}`;
}

/** A failed SCIM write by an authenticated IdP: recorded with the SCIM error it received. */
export async function recordScimFailure(core: CoreContext, request: FastifyRequest, err: unknown): Promise<void> {
  const auth = request.scimAuth;
  const name = eventName(request);
  if (!auth || !name) return;
  const e = err instanceof ScimError ? err : isDomainError(err) ? domainErrorToScim(err) : undefined;
  try {
    await recordFailedCall(core, {
      eventName: name,
      actor: { type: 'scim-credential', id: auth.credential.id },
      request: scimAuditRequest(request, auth.credential.id),
      requestId: request.id,
      eventRW: 'Write',
      errorCode: e ? (e.scimType ?? String(e.status)) : '500',
      errorMessage: e ? e.detail : 'Internal server error.',
      directoryId: auth.directoryId,
      resourceType: name.endsWith('User') ? 'user' : 'group',
    });
  } catch (failure) {
    request.log.warn({ err: failure }, 'could not record a failed SCIM call in the audit trail');
  }
}
