import type { FastifyRequest } from 'fastify';
import type { Provenance } from '../core/provenance.js';
import { scimAuditRequest } from './audit.js';
import type { ScimAuth } from './guard.js';

export function auth(request: FastifyRequest): ScimAuth {
  if (!request.scimAuth) throw new Error('SCIM route reached without the bearer guard.');
  return request.scimAuth;
}

/** Every SCIM write names the credential that made it (the audit trail) and the request. */
export function provenance(request: FastifyRequest): Provenance {
  const id = auth(request).credential.id;
  return { via: 'scim', actor: { type: 'scim-credential', id }, requestId: request.id, request: scimAuditRequest(request, id) };
}
